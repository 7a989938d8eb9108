using Npgsql;
using PmoFlow.Storage.Migrations;
using PmoFlow.Testing;

namespace PmoFlow.Storage.Tests.Migrations;

public sealed class SchemaMigratorTests
{
    private static readonly string[] Tables = ["sources", "streams", "work_items", "events", "quarantine", "ingest_runs"];

    [Fact]
    public void Embedded_Migrations_StartWithInitialAndAreNumberedUniquely()
    {
        var migrations = SchemaMigrator.Embedded;
        Assert.Equal(1, migrations[0].Version);
        Assert.Equal("0001_initial", migrations[0].Name);
        Assert.Equal(migrations.Count, migrations.Select(m => m.Version).Distinct().Count());
    }

    [Fact]
    public async Task MigrateAsync_RunTwice_SecondRunAppliesNothing()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var first = await SchemaMigrator.MigrateAsync(db.DataSource, CancellationToken.None);
        var second = await SchemaMigrator.MigrateAsync(db.DataSource, CancellationToken.None);

        Assert.Equal(SchemaMigrator.Embedded.Count, first.Count);
        Assert.Empty(second);
        foreach (var table in Tables)
        {
            Assert.True(await TableExistsAsync(db.DataSource, table), table);
        }
    }

    [Fact]
    public async Task MigrateAsync_TwoAtOnce_EachMigrationAppliedExactlyOnce()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await using var other = NpgsqlDataSource.Create(db.ConnectionString);
        var results = await Task.WhenAll(
            Task.Run(() => SchemaMigrator.MigrateAsync(db.DataSource, CancellationToken.None)),
            Task.Run(() => SchemaMigrator.MigrateAsync(other, CancellationToken.None)));

        // Between them they applied each migration once; the advisory lock made the other find nothing to do.
        Assert.Equal(SchemaMigrator.Embedded.Count, results.Sum(r => r.Count));
        await using var cmd = db.DataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)SchemaMigrator.Embedded.Count, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task MigrateAsync_FailingMigration_RollsItBackAndKeepsEarlierOnes()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        Migration[] migrations =
        [
            new(1, "0001_a", "CREATE TABLE a (x int)"),
            new(2, "0002_b", "CREATE TABLE b (x int); SELECT no_such_function()"),
        ];

        await Assert.ThrowsAsync<PostgresException>(() => SchemaMigrator.MigrateAsync(db.DataSource, migrations, CancellationToken.None));

        Assert.Equal([1], await SchemaMigrator.ReadAppliedVersionsAsync(db.DataSource, CancellationToken.None));
        Assert.True(await TableExistsAsync(db.DataSource, "a"));
        Assert.False(await TableExistsAsync(db.DataSource, "b"));
        // The lock was released: a fixed migration 2 applies.
        var applied = await SchemaMigrator.MigrateAsync(
            db.DataSource, [migrations[0], new(2, "0002_b", "CREATE TABLE b (x int)")], CancellationToken.None);
        Assert.Equal([2], applied.Select(m => m.Version));
    }

    [Fact]
    public void Parse_FileNameWithoutNumber_Throws()
    {
        Assert.Throws<FormatException>(() => SchemaMigrator.Parse("initial.sql", "SELECT 1"));
        Assert.Equal(12, SchemaMigrator.Parse("0012_reports.sql", "SELECT 1").Version);
    }

    [Fact]
    public async Task MigrateAsync_DuplicateVersions_Throws()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await Assert.ThrowsAsync<InvalidOperationException>(() => SchemaMigrator.MigrateAsync(
            db.DataSource, [new(2, "0002_a", "SELECT 1"), new(2, "0002_b", "SELECT 1")], CancellationToken.None));
    }

    private static async Task<bool> TableExistsAsync(NpgsqlDataSource dataSource, string table)
    {
        await using var cmd = dataSource.CreateCommand("SELECT to_regclass($1) IS NOT NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = table });
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }
}
