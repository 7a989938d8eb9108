using Dapper;
using PmoFlow.Storage.Migrations;
using PmoFlow.Storage.Portfolio;
using PmoFlow.Testing;

namespace PmoFlow.Storage.Tests.Portfolio;

/// <summary>The dashboards table of migration 0011 and its store, on a real PostgreSQL (a fresh database per test).</summary>
public sealed class DashboardStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T1 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = new(2026, 1, 6, 9, 0, 0, TimeSpan.Zero);
    private const string KeyA = "key:aaaaaaaaaaaaaaaa";
    private const string KeyB = "key:bbbbbbbbbbbbbbbb";
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public void Migration0011_IsTheDashboardsTable()
    {
        var migration = SchemaMigrator.Embedded.Single(m => m.Version == 11);
        Assert.Equal("0011_dashboards", migration.Name);
        Assert.Contains("CREATE TABLE dashboards", migration.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_Replace_FindOwnBeforeShared_List_Delete()
    {
        var store = new DashboardStore(_db.DataSource);
        await store.SaveAsync(DashboardStore.SharedOwner, "ops", "dashboard: ops\n# shared v1\n", T1, CancellationToken.None);
        await store.SaveAsync(KeyA, "ops", "dashboard: ops\n# A's own\n", T1, CancellationToken.None);
        await store.SaveAsync(KeyB, "team", "dashboard: team\n", T1, CancellationToken.None);
        await store.SaveAsync(DashboardStore.SharedOwner, "ops", "dashboard: ops\n# shared v2\n", T2, CancellationToken.None);

        // Replaced in place: one shared "ops", saved at T2.
        var shared = await store.FindAsync(KeyB, "ops", CancellationToken.None);
        Assert.NotNull(shared);
        Assert.True(shared.Shared);
        Assert.Equal("dashboard: ops\n# shared v2\n", shared.Yaml);
        Assert.Equal(T2, shared.UpdatedAt);

        // A's own "ops" shadows the shared one for A only.
        var own = await store.FindAsync(KeyA, "ops", CancellationToken.None);
        Assert.Equal((KeyA, "dashboard: ops\n# A's own\n"), (own!.Owner, own.Yaml));
        Assert.Null(await store.FindAsync(KeyA, "team", CancellationToken.None));
        Assert.Null(await store.FindAsync(DashboardStore.SharedOwner, "nope", CancellationToken.None));

        Assert.Equal([("ops", KeyA), ("ops", "")], (await store.ListAsync(KeyA, CancellationToken.None)).Select(d => (d.Name, d.Owner)));
        Assert.Equal([("ops", ""), ("team", KeyB)], (await store.ListAsync(KeyB, CancellationToken.None)).Select(d => (d.Name, d.Owner)));
        Assert.Equal(3, (await store.ListAsync(null, CancellationToken.None)).Count);

        Assert.True(await store.DeleteAsync(KeyA, "ops", CancellationToken.None));
        Assert.False(await store.DeleteAsync(KeyA, "ops", CancellationToken.None));
        Assert.Equal("", (await store.FindAsync(KeyA, "ops", CancellationToken.None))!.Owner);
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(2L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM dashboards"));
    }

    [Fact]
    public async Task HostileNamesAndText_AreParametersNotSql()
    {
        var store = new DashboardStore(_db.DataSource);
        const string name = "x'); DROP TABLE dashboards; --<img src=x onerror=alert(1)>";
        const string yaml = "dashboard: \"$1 ' \\\" <script>\"\n";
        await store.SaveAsync(DashboardStore.SharedOwner, name, yaml, T1, CancellationToken.None);
        var found = await store.FindAsync(DashboardStore.SharedOwner, name, CancellationToken.None);
        Assert.Equal((name, yaml), (found!.Name, found.Yaml));
        Assert.Single(await store.ListAsync(null, CancellationToken.None));
    }
}
