using Npgsql;
using PmoFlow.Storage.Embedded;
using PmoFlow.Storage.Migrations;

namespace PmoFlow.Storage;

/// <summary>How <see cref="PmoFlowDatabase.OpenAsync"/> finds the database.</summary>
public sealed record PmoFlowDatabaseOptions
{
    /// <summary>The config file's connection string (<c>database:</c>), if any; <c>PMOFLOW_DATABASE</c> overrides it.</summary>
    public string? ConfiguredConnectionString { get; init; }

    /// <summary>Reads environment variables (injectable for tests).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The embedded launcher's settings, used when no connection string is configured.</summary>
    public EmbeddedPostgresOptions Embedded { get; init; } = new();

    /// <summary>Apply pending migrations on open.</summary>
    public bool Migrate { get; init; } = true;
}

/// <summary>
/// The process's database: one <see cref="NpgsqlDataSource"/> for an external server or PmoFlow's embedded one.
/// Dispose it when the command ends (that also lets the embedded server stop).
/// </summary>
/// <remarks>Create one per process; the data source is thread-safe and pools connections.</remarks>
public sealed class PmoFlowDatabase : IAsyncDisposable
{
    private readonly EmbeddedServerLease? _lease;

    private PmoFlowDatabase(NpgsqlDataSource dataSource, DatabaseOrigin origin, string safeDescription, EmbeddedServerLease? lease)
    {
        DataSource = dataSource;
        Origin = origin;
        SafeDescription = safeDescription;
        _lease = lease;
    }

    /// <summary>The process's data source.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Where the connection came from.</summary>
    public DatabaseOrigin Origin { get; }

    /// <summary>The connection string without password, for messages and logs.</summary>
    public string SafeDescription { get; }

    /// <summary>The embedded server's lease, when <see cref="Origin"/> is embedded.</summary>
    public EmbeddedServerLease? EmbeddedLease => _lease;

    /// <summary>
    /// Resolves the connection (<c>PMOFLOW_DATABASE</c>, config value, else embedded), starts or joins the embedded
    /// server when needed, and applies migrations when <see cref="PmoFlowDatabaseOptions.Migrate"/> is set.
    /// </summary>
    /// <exception cref="PostgresNotFoundException">The embedded server is needed and PostgreSQL is not installed.</exception>
    public static async Task<PmoFlowDatabase> OpenAsync(PmoFlowDatabaseOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var resolved = ConnectionResolver.Resolve(
            options.Environment(ConnectionResolver.EnvironmentVariable), options.ConfiguredConnectionString);
        EmbeddedServerLease? lease = null;
        var connectionString = resolved.ConnectionString;
        if (connectionString is null)
        {
            lease = await new PostgresLauncher(options.Embedded).AcquireAsync(ct);
            connectionString = lease.ConnectionString;
        }

        var dataSource = NpgsqlDataSource.Create(connectionString);
        var database = new PmoFlowDatabase(dataSource, resolved.Origin, ConnectionResolver.Redact(connectionString), lease);
        if (options.Migrate)
        {
            try
            {
                await SchemaMigrator.MigrateAsync(dataSource, ct);
            }
            catch
            {
                await database.DisposeAsync();
                throw;
            }
        }

        return database;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_lease is not null)
        {
            await _lease.DisposeAsync();
        }
    }
}
