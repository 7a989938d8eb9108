using Npgsql;
using Xunit;

namespace PmoFlow.Testing;

/// <summary>
/// xunit class fixture: each test class gets its own fresh, migrated database on the shared test server.
/// Use with <c>IClassFixture&lt;DatabaseFixture&gt;</c>.
/// </summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    /// <summary>The class's database.</summary>
    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>A data source on the class's database.</summary>
    public NpgsqlDataSource DataSource => Database.DataSource;

    /// <summary>The class's connection string.</summary>
    public string ConnectionString => Database.ConnectionString;

    /// <inheritdoc />
    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
