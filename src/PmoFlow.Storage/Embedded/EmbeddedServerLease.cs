using System.Runtime.InteropServices;

namespace PmoFlow.Storage.Embedded;

/// <summary>
/// This process's use of an embedded server. Disposing it (or the process exiting normally, or receiving SIGTERM or
/// SIGHUP) unregisters the process; the last client to leave stops a server that <c>pmoflow db start</c> did not
/// ask to keep.
/// </summary>
/// <remarks>
/// Dispose is idempotent and thread-safe. Ctrl+C (SIGINT) is left to the host: cancel the work and dispose the
/// lease. A process killed outright (SIGKILL) leaves a dead client entry that the next command prunes.
/// </remarks>
public sealed class EmbeddedServerLease : IAsyncDisposable, IDisposable
{
    private readonly PostgresLauncher _launcher;
    private readonly string _clientFile;
    private readonly PosixSignalRegistration[] _signals;
    private int _released;

    internal EmbeddedServerLease(PostgresLauncher launcher, string clientFile, string host, int port, bool startedServer)
    {
        _launcher = launcher;
        _clientFile = clientFile;
        Host = host;
        Port = port;
        StartedServer = startedServer;
        ConnectionString = ConnectionStringFor(launcher.Options.DatabaseName);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        // Since .NET 10 SIGTERM ends a process without raising ProcessExit: release on it (and on SIGHUP) here.
        _signals = launcher.Options.HandleTerminationSignals && !OperatingSystem.IsWindows()
            ? [PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => ReleaseAtExit()),
               PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => ReleaseAtExit())]
            : [];
    }

    /// <summary>Connection string of the PmoFlow database on this server.</summary>
    public string ConnectionString { get; }

    /// <summary>The socket folder, or the loopback address.</summary>
    public string Host { get; }

    /// <summary>The port (the socket file's number in socket mode).</summary>
    public int Port { get; }

    /// <summary>True when this lease started the server (false: it joined a running one).</summary>
    public bool StartedServer { get; }

    /// <summary>The launcher's files.</summary>
    public InstanceLayout Layout => _launcher.Layout;

    /// <summary>A connection string for another database on the same server (tests create one per class).</summary>
    public string ConnectionStringFor(string database) =>
        PostgresLauncher.BuildConnectionString(Host, Port, _launcher.Options.UserName, database);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        await _launcher.ReleaseAsync(_clientFile, CancellationToken.None);
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void OnProcessExit(object? sender, EventArgs e) => ReleaseAtExit();

    private void ReleaseAtExit()
    {
        try
        {
            Dispose();
        }
        catch (Exception)
        {
            // Nothing can be reported at process exit; the next command prunes this client and stops the server.
        }
    }
}
