using Npgsql;
using PmoFlow.Core.Events;
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

    [Fact]
    public async Task Migration0007_OnDatabaseHoldingEarlierSchemaData_KeepsEventsAndReimportAddsNothing()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await SchemaMigrator.MigrateAsync(db.DataSource, SchemaMigrator.Embedded.Where(m => m.Version <= 6).ToList(), CancellationToken.None);
        Assert.True(await TableExistsAsync(db.DataSource, "events_source_item_at"));
        var store = new EventStore(db.DataSource);
        var t0 = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(0, 500)
            .Select(i => new FlowEvent("jira", $"P-{i / 5}", $"{i % 5}", t0.AddHours(i), EventKind.Status, "a", "b"))
            .ToList();
        var batch = new IngestBatch([new WorkItem("jira", "P-0", "Bug")], events, [], "c-500");
        var run = await store.BeginRunAsync("jira", "jira", CancellationToken.None);
        Assert.Equal(500, (await store.WriteBatchAsync(run, batch, CancellationToken.None)).EventsInserted);

        var applied = await SchemaMigrator.MigrateAsync(db.DataSource, CancellationToken.None);

        Assert.Contains(7, applied.Select(m => m.Version));
        Assert.Equal(500L, await ScalarAsync(db.DataSource, "SELECT count(*) FROM events"));
        Assert.False(await TableExistsAsync(db.DataSource, "events_source_item_at"));
        Assert.Equal("C", await ScalarAsync(db.DataSource, """
            SELECT c.collname FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation
            WHERE a.attrelid = 'events'::regclass AND a.attname = 'item_key'
            """));
        Assert.Equal(0L, await ScalarAsync(db.DataSource, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'work_items'::regclass AND contype = 'f'"));
        var again = await store.WriteBatchAsync(run, batch, CancellationToken.None);
        Assert.Equal(new BatchResult(500, 0, 500, 0, 0), again);
        var more = new IngestBatch([], [.. events, new FlowEvent("jira", "P-0", "new", t0, EventKind.Blocked)], []);
        Assert.Equal(1, (await store.WriteBatchAsync(run, more, CancellationToken.None)).EventsInserted);
        Assert.Equal(501L, await ScalarAsync(db.DataSource, "SELECT count(*) FROM events"));
        Assert.Equal("c-500", await store.GetCursorAsync("jira", CancellationToken.None));
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        return await cmd.ExecuteScalarAsync();
    }

    private static async Task<bool> TableExistsAsync(NpgsqlDataSource dataSource, string table)
    {
        await using var cmd = dataSource.CreateCommand("SELECT to_regclass($1) IS NOT NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = table });
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }
}
