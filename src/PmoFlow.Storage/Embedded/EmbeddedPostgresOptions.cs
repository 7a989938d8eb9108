namespace PmoFlow.Storage.Embedded;

/// <summary>Settings of the embedded PostgreSQL launcher. Every property has a production default.</summary>
public sealed record EmbeddedPostgresOptions
{
    /// <summary>The PmoFlow home folder; null means <see cref="PmoFlowHome.Resolve()"/>.</summary>
    public string? HomeDirectory { get; init; }

    /// <summary>Folders searched first for the programs; null means the PATH.</summary>
    public IReadOnlyList<string>? SearchPath { get; init; }

    /// <summary>Roots searched next (<c>ROOT/*/bin</c>); null means <see cref="PostgresBinaries.DefaultSearchRoots"/>.</summary>
    public IReadOnlyList<string>? SearchRoots { get; init; }

    /// <summary>
    /// Where a root process keeps the server when the postgres user cannot reach the home folder
    /// (one sub-folder per home, named by a hash of its path).
    /// </summary>
    public string RootDataDirectory { get; init; } = "/var/lib/pmoflow";

    /// <summary>The system user the server runs as when this process is root.</summary>
    public string ServiceUser { get; init; } = "postgres";

    /// <summary>
    /// A throwaway server (tests, benchmarks): no fsync, immediate shutdown. Never for data anyone keeps.
    /// </summary>
    public bool Throwaway { get; init; }

    /// <summary>How long to wait for the server to accept connections after starting it.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long to wait for another PmoFlow command holding the launcher lock.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The database PmoFlow's data lives in.</summary>
    public string DatabaseName { get; init; } = "pmoflow";

    /// <summary>
    /// Release leases on SIGTERM and SIGHUP, then let the process end (default). Hosts that handle SIGTERM
    /// themselves for a graceful shutdown (e.g. the generic host) set this to false and dispose the lease.
    /// </summary>
    public bool HandleTerminationSignals { get; init; } = true;

    /// <summary>The superuser initdb creates (trust authentication, reachable only through the private socket).</summary>
    public string UserName { get; init; } = "pmoflow";
}
