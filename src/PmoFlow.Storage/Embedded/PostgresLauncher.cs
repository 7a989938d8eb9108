using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PmoFlow.Storage.Embedded;

/// <summary>
/// Creates, starts, joins and stops PmoFlow's own PostgreSQL server in the PmoFlow home folder.
/// </summary>
/// <remarks>
/// Every start, stop and client registration happens under an exclusive file lock, so concurrent PmoFlow
/// commands see one server. A command that finds the server running joins it. The last client to leave stops
/// it unless <see cref="StartAsync"/> (<c>pmoflow db start</c>) marked it to keep running. When this process is
/// root the server runs as <see cref="EmbeddedPostgresOptions.ServiceUser"/> (see <see cref="InstanceLayout.For"/>).
/// Thread-safe: instances hold no mutable state beyond the lazily located binaries.
/// </remarks>
public sealed class PostgresLauncher
{
    private readonly Lazy<PostgresBinaries> _binaries;
    private readonly ClientRegistry _clients;

    /// <summary>A launcher for the home folder of <paramref name="options"/> (default: <see cref="PmoFlowHome"/>).</summary>
    public PostgresLauncher(EmbeddedPostgresOptions? options = null)
    {
        Options = options ?? new EmbeddedPostgresOptions();
        Layout = InstanceLayout.For(Options.HomeDirectory ?? PmoFlowHome.Resolve(), Options, UnixAccount.IsRoot);
        _binaries = new Lazy<PostgresBinaries>(() => PostgresBinaries.Locate(
            Options.SearchPath ?? PostgresBinaries.PathDirectories(),
            Options.SearchRoots ?? PostgresBinaries.DefaultSearchRoots));
        _clients = new ClientRegistry(Layout.ClientsDirectory);
    }

    /// <summary>The settings.</summary>
    public EmbeddedPostgresOptions Options { get; }

    /// <summary>Where the server's files are.</summary>
    public InstanceLayout Layout { get; }

    /// <summary>The PostgreSQL programs used (located on first use).</summary>
    /// <exception cref="PostgresNotFoundException">They are not installed.</exception>
    public PostgresBinaries Binaries => _binaries.Value;

    /// <summary>
    /// Joins the running server or creates and starts one, and registers this process as a client until the lease
    /// is disposed.
    /// </summary>
    /// <exception cref="PostgresNotFoundException">PostgreSQL is not installed.</exception>
    /// <exception cref="EmbeddedPostgresException">The server could not be created or started.</exception>
    public async Task<EmbeddedServerLease> AcquireAsync(CancellationToken ct)
    {
        _ = Binaries;
        PrepareDirectories();
        using var gate = await LauncherLock.AcquireAsync(Layout.LockFile, Options.LockTimeout, ct);
        var (pid, started) = await EnsureRunningAsync(ct);
        var clientFile = _clients.Register();
        var (host, port) = Endpoint(pid);
        return new EmbeddedServerLease(this, clientFile, host, port, started);
    }

    /// <summary>Starts the server (if needed) and marks it to keep running after the command ends (<c>pmoflow db start</c>).</summary>
    public async Task<EmbeddedServerStatus> StartAsync(CancellationToken ct)
    {
        _ = Binaries;
        PrepareDirectories();
        using (await LauncherLock.AcquireAsync(Layout.LockFile, Options.LockTimeout, ct))
        {
            await EnsureRunningAsync(ct);
            await File.WriteAllTextAsync(Layout.KeepMarker, TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), ct);
        }

        return GetStatus();
    }

    /// <summary>
    /// Clears the keep mark and stops the server, unless other PmoFlow commands use it and
    /// <paramref name="force"/> is false (then the last of them stops it).
    /// </summary>
    public async Task<StopOutcome> StopAsync(bool force, CancellationToken ct)
    {
        if (!Directory.Exists(Layout.InstanceDirectory))
        {
            return StopOutcome.NotRunning;
        }

        using var gate = await LauncherLock.AcquireAsync(Layout.LockFile, Options.LockTimeout, ct);
        File.Delete(Layout.KeepMarker);
        if (!IsRunning(out _))
        {
            return StopOutcome.NotRunning;
        }

        if (!force && _clients.CountLive() > 0)
        {
            return StopOutcome.LeftForClients;
        }

        await StopServerAsync(ct);
        return StopOutcome.Stopped;
    }

    /// <summary>The server's state (reads files only; takes no lock).</summary>
    public EmbeddedServerStatus GetStatus()
    {
        var initialized = File.Exists(Path.Combine(Layout.DataDirectory, "PG_VERSION"));
        var running = IsRunning(out var pid);
        string? endpoint = null;
        string? connection = null;
        if (running)
        {
            var (host, port) = Endpoint(pid!);
            endpoint = host.StartsWith('/') ? host : $"{host}:{port}";
            connection = BuildConnectionString(host, port, Options.UserName, Options.DatabaseName);
        }

        return new EmbeddedServerStatus(
            initialized,
            running,
            running ? pid!.Pid : null,
            Layout.DataDirectory,
            endpoint,
            File.Exists(Layout.KeepMarker),
            Directory.Exists(Layout.ClientsDirectory) ? _clients.CountLive(prune: false) : 0,
            connection);
    }

    /// <summary>The connection string PmoFlow uses for an embedded server.</summary>
    public static string BuildConnectionString(string host, int port, string user, string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Username = user,
            Database = database,
            // Batches of 50k events with their index updates can take a while on a loaded machine.
            CommandTimeout = 300,
        }.ConnectionString;

    internal async Task ReleaseAsync(string clientFile, CancellationToken ct)
    {
        if (!Directory.Exists(Layout.InstanceDirectory))
        {
            // Deleted under us (a throwaway server cleaned up): nothing left to release.
            return;
        }

        using var gate = await LauncherLock.AcquireAsync(Layout.LockFile, Options.LockTimeout, ct);
        ClientRegistry.Unregister(clientFile);
        if (!File.Exists(Layout.KeepMarker) && _clients.CountLive() == 0 && IsRunning(out _))
        {
            await StopServerAsync(ct);
        }
    }

    private void PrepareDirectories()
    {
        if (Layout.ServiceUser is not null && !OperatingSystem.IsWindows())
        {
            // The service user walks through these: they must be searchable by others.
            const UnixFileMode Searchable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            if (Layout.InstanceDirectory != Layout.Home)
            {
                Directory.CreateDirectory(Options.RootDataDirectory, Searchable);
            }

            Directory.CreateDirectory(Layout.Home, Searchable);
            Directory.CreateDirectory(Layout.InstanceDirectory, Searchable);
        }
        else
        {
            Directory.CreateDirectory(Layout.InstanceDirectory);
        }

        Directory.CreateDirectory(Layout.ClientsDirectory);
        CreatePrivateDirectory(Layout.RunDirectory);
    }

    private void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (Layout.ServiceUser is not null)
        {
            ChangeOwner(path, Layout.ServiceUser);
        }
    }

    private static void ChangeOwner(string path, string user)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", $"{user}:", path])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        }) ?? throw new EmbeddedPostgresException("Could not run chown.");
        var error = chown.StandardError.ReadToEnd();
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new EmbeddedPostgresException($"chown -R {user}: {path} failed: {error.Trim()}");
        }
    }

    private bool IsRunning(out PostmasterPidFile? pid)
    {
        pid = PostmasterPidFile.Read(Layout.DataDirectory);
        return pid is not null && pid.ProcessExists();
    }

    private static (string Host, int Port) Endpoint(PostmasterPidFile pid) =>
        pid.SocketDirectory is { } socket && string.IsNullOrEmpty(pid.ListenAddress)
            ? (socket, pid.Port)
            : (pid.ListenAddress is null or "*" ? "127.0.0.1" : pid.ListenAddress.Split(',')[0].Trim(), pid.Port);

    /// <summary>Called under the lock: joins a healthy running server or starts one. Returns whether it started it.</summary>
    private async Task<(PostmasterPidFile Pid, bool Started)> EnsureRunningAsync(CancellationToken ct)
    {
        if (IsRunning(out var running) && await WaitForConnectionsAsync(running!, ct))
        {
            return (running!, false);
        }

        await InitializeAsync(ct);
        var pid = await StartServerAsync(ct);
        await EnsureDatabaseAsync(pid, ct);
        return (pid, true);
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        if (File.Exists(Path.Combine(Layout.DataDirectory, "PG_VERSION")))
        {
            return;
        }

        if (Directory.Exists(Layout.DataDirectory) && Directory.EnumerateFileSystemEntries(Layout.DataDirectory).Any())
        {
            throw new EmbeddedPostgresException(
                $"{Layout.DataDirectory} exists but is not a PostgreSQL data directory; move it away and run the command again.");
        }

        // initdb writes into a side folder renamed at the end, so a crash never leaves a half-made data directory.
        if (Directory.Exists(Layout.PendingDataDirectory))
        {
            Directory.Delete(Layout.PendingDataDirectory, recursive: true);
        }

        CreatePrivateDirectory(Layout.PendingDataDirectory);
        var args = new List<string>
        {
            "-D", Layout.PendingDataDirectory, "-A", "trust", "-U", Options.UserName, "-E", "UTF8", "--locale=C",
        };
        if (Options.Throwaway)
        {
            args.Add("--no-sync");
        }

        await ProcessRunner.RunCheckedAsync(Binaries.Initdb, args, Layout.ServiceUser, Layout.InstanceDirectory, ct);
        if (Directory.Exists(Layout.DataDirectory))
        {
            Directory.Delete(Layout.DataDirectory);
        }

        Directory.Move(Layout.PendingDataDirectory, Layout.DataDirectory);
    }

    private async Task<PostmasterPidFile> StartServerAsync(CancellationToken ct)
    {
        var useSocket = Layout.CanUseUnixSocket;
        for (var attempt = 1; ; attempt++)
        {
            // Quoted for the shell pg_ctl hands the options to.
            var options = useSocket
                ? $"-c listen_addresses='' -k '{Layout.RunDirectory}' -p {InstanceLayout.SocketPort}"
                : $"-c listen_addresses=127.0.0.1 -k '' -p {FreeLoopbackPort()}";
            if (Options.Throwaway)
            {
                options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            }

            var timeout = ((int)Math.Ceiling(Options.StartTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var result = await ProcessRunner.RunAsync(
                Binaries.PgCtl,
                ["-D", Layout.DataDirectory, "-l", Layout.LogFile, "-o", options, "-w", "-t", timeout, "-s", "start"],
                Layout.ServiceUser,
                Layout.InstanceDirectory,
                ct);
            if (result.ExitCode == 0 && IsRunning(out var pid) && await WaitForConnectionsAsync(pid!, ct))
            {
                return pid!;
            }

            // A free port can be taken between choosing it and the server binding it: try another.
            if (useSocket || attempt >= 3)
            {
                throw new EmbeddedPostgresException(
                    $"PostgreSQL did not start (pg_ctl exit code {result.ExitCode}). {result.Output}"
                    + Environment.NewLine + $"Last lines of {Layout.LogFile}:" + Environment.NewLine + LogTail());
            }
        }
    }

    /// <summary>
    /// Stops the server by signalling the postmaster as <c>pg_ctl stop</c> does (SIGINT: fast shutdown, SIGQUIT:
    /// immediate) and waits for it to exit. No child process is started: this also runs in a ProcessExit handler
    /// on SIGTERM, where .NET cannot observe a child's exit (the signal thread is busy running the handler).
    /// </summary>
    private async Task StopServerAsync(CancellationToken ct)
    {
        if (!IsRunning(out var pid))
        {
            return;
        }

        const int SigInt = 2;
        const int SigQuit = 3;
        UnixAccount.Signal(pid!.Pid, Options.Throwaway ? SigQuit : SigInt);
        var clock = Stopwatch.StartNew();
        while (pid.ProcessExists())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new EmbeddedPostgresException(
                    $"PostgreSQL (pid {pid.Pid}) did not stop within 120 s; see {Layout.LogFile}.");
            }

            await Task.Delay(50, ct);
        }
    }

    private async Task<bool> WaitForConnectionsAsync(PostmasterPidFile pid, CancellationToken ct)
    {
        var (host, port) = Endpoint(pid);
        var connection = BuildConnectionString(host, port, Options.UserName, "postgres");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var conn = new NpgsqlConnection(connection + ";Pooling=false;Timeout=5");
                await conn.OpenAsync(ct);
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or IOException or TimeoutException)
            {
                if (clock.Elapsed > Options.StartTimeout || !pid.ProcessExists())
                {
                    return false;
                }

                await Task.Delay(100, ct);
            }
        }
    }

    private async Task EnsureDatabaseAsync(PostmasterPidFile pid, CancellationToken ct)
    {
        var (host, port) = Endpoint(pid);
        await using var conn = new NpgsqlConnection(
            BuildConnectionString(host, port, Options.UserName, "postgres") + ";Pooling=false");
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn);
        exists.Parameters.Add(new NpgsqlParameter { Value = Options.DatabaseName });
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            // Identifiers cannot be parameters; the name is quoted and comes from options, not user input.
            await using var create = new NpgsqlCommand(
                $"CREATE DATABASE \"{Options.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    private string LogTail()
    {
        try
        {
            return string.Join(Environment.NewLine, File.ReadLines(Layout.LogFile).TakeLast(15));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
