using Npgsql;
using PmoFlow.Storage.Migrations;

namespace PmoFlow.Testing;

/// <summary>
/// A fresh database on the test server (<see cref="TestPostgres"/>), migrated unless asked otherwise, dropped on
/// dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string name, string connectionString, string adminConnectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        _adminConnectionString = adminConnectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The database's name (unique per test run).</summary>
    public string Name { get; }

    /// <summary>Its connection string (e.g. for <c>PMOFLOW_DATABASE</c> in CLI tests).</summary>
    public string ConnectionString { get; }

    /// <summary>A data source on it.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates a database with a unique name and applies every migration when <paramref name="migrate"/>.</summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true, CancellationToken ct = default)
    {
        var server = await TestPostgres.GetServerAsync();
        var name = $"t_{Guid.NewGuid():N}";
        var admin = server.ConnectionStringFor("postgres");
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync(ct);
            // A generated name: identifiers cannot be parameters.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await create.ExecuteNonQueryAsync(ct);
        }

        var database = new TestDatabase(name, server.ConnectionStringFor(name), admin);
        if (migrate)
        {
            await SchemaMigrator.MigrateAsync(database.DataSource, ct);
        }

        return database;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var conn = new NpgsqlConnection(_adminConnectionString);
        await conn.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", conn);
        await drop.ExecuteNonQueryAsync();
    }
}
