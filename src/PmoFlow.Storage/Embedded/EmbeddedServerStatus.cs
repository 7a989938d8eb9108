namespace PmoFlow.Storage.Embedded;

/// <summary>The state of an embedded server, for <c>pmoflow db status</c>.</summary>
/// <param name="Initialized">A data directory exists (initdb has run).</param>
/// <param name="Running">A server process is running on the data directory.</param>
/// <param name="Pid">The server's process id, when running.</param>
/// <param name="DataDirectory">The data directory's path.</param>
/// <param name="Endpoint">Where it listens (socket folder or 127.0.0.1:PORT), when running.</param>
/// <param name="Kept">True when <c>pmoflow db start</c> asked it to keep running.</param>
/// <param name="LiveClients">PmoFlow processes using it now.</param>
/// <param name="ConnectionString">How to connect to the PmoFlow database, when running (no password: trust on a private socket).</param>
public sealed record EmbeddedServerStatus(
    bool Initialized,
    bool Running,
    int? Pid,
    string DataDirectory,
    string? Endpoint,
    bool Kept,
    int LiveClients,
    string? ConnectionString);

/// <summary>What <see cref="PostgresLauncher.StopAsync"/> did.</summary>
public enum StopOutcome
{
    /// <summary>No server was running.</summary>
    NotRunning,

    /// <summary>The server was stopped.</summary>
    Stopped,

    /// <summary>Other PmoFlow commands still use the server: it is no longer kept and stops when the last one ends.</summary>
    LeftForClients,
}
