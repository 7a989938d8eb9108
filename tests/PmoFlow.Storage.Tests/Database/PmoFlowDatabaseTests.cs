using PmoFlow.Storage.Migrations;
using PmoFlow.Testing;

namespace PmoFlow.Storage.Tests.Database;

public sealed class PmoFlowDatabaseTests
{
    [Fact]
    public async Task OpenAsync_EnvironmentConnectionString_UsesItAndMigrates()
    {
        await using var target = await TestDatabase.CreateAsync(migrate: false);
        var options = new PmoFlowDatabaseOptions
        {
            Environment = name => name == "PMOFLOW_DATABASE" ? target.ConnectionString : null,
            ConfiguredConnectionString = "Host=config-host-that-does-not-exist;Username=x",
        };

        await using var database = await PmoFlowDatabase.OpenAsync(options, CancellationToken.None);
        Assert.Equal(DatabaseOrigin.Environment, database.Origin);
        Assert.Null(database.EmbeddedLease);
        Assert.Contains(target.Name, database.SafeDescription, StringComparison.Ordinal);
        var applied = await SchemaMigrator.ReadAppliedVersionsAsync(target.DataSource, CancellationToken.None);
        Assert.Equal(SchemaMigrator.Embedded.Select(m => m.Version).Order(), applied.Order());
    }

    [Fact]
    public async Task OpenAsync_NothingConfigured_StartsEmbeddedServerAndStopsItOnDispose()
    {
        var home = TestPostgres.NewThrowawayHome();
        try
        {
            var options = new PmoFlowDatabaseOptions
            {
                Environment = _ => null,
                Embedded = TestPostgres.ThrowawayOptions(home),
            };
            await using (var database = await PmoFlowDatabase.OpenAsync(options, CancellationToken.None))
            {
                Assert.Equal(DatabaseOrigin.Embedded, database.Origin);
                Assert.NotNull(database.EmbeddedLease);
                Assert.True(database.EmbeddedLease.StartedServer);
                await using var cmd = database.DataSource.CreateCommand("SELECT current_database()");
                Assert.Equal("pmoflow", await cmd.ExecuteScalarAsync());
            }

            Assert.False(new PmoFlow.Storage.Embedded.PostgresLauncher(TestPostgres.ThrowawayOptions(home)).GetStatus().Running);
        }
        finally
        {
            await TestPostgres.DestroyAsync(home);
        }
    }
}
