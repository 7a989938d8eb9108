using System.Text.Json;
using PmoFlow.Jobs.Services;
using PmoFlow.Jobs.Tests.Support;
using PmoFlow.Storage.Forecasts;
using PmoFlow.Testing;

namespace PmoFlow.Jobs.Tests.Services;

public sealed class StoredForecastCheckServiceTests
{
    private static DateOnly D(int month, int day) => new(2026, month, day);

    [Fact]
    public async Task Check_StoredRuns_ScoresTheDueOnesOnceAndRecordsTheOutcome()
    {
        await using var db = await TestDatabase.CreateAsync();
        var config = FlowExample.Write(db.ConnectionString);
        var summary = await new IngestService(config, db.DataSource).IngestAsync(config.Source("files"), CancellationToken.None);
        Assert.Null(summary.Error);
        var store = new ForecastStore(db.DataSource);
        var howMany = await store.SaveAsync(StoredRuns.HowMany("delivery", D(3, 2), D(3, 8), (50, 4), (85, 2), (95, 1)), CancellationToken.None);
        var notDue = await store.SaveAsync(StoredRuns.HowMany("delivery", D(3, 5), D(3, 12), (85, 2)), CancellationToken.None);
        var when = await store.SaveAsync(StoredRuns.When("delivery", D(3, 2), 3, (50, D(3, 7)), (85, D(3, 9)), (95, D(3, 12))), CancellationToken.None);
        var late = await store.SaveAsync(StoredRuns.When("delivery", D(3, 6), 3, (50, D(3, 8)), (85, D(3, 9)), (95, D(3, 20))), CancellationToken.None);
        var cannot = await store.SaveAsync(StoredRuns.CannotWhen("delivery", D(3, 2), 5), CancellationToken.None);
        var otherStream = await store.SaveAsync(StoredRuns.HowMany("other", D(3, 2), D(3, 8), (85, 2)), CancellationToken.None);
        var service = new StoredForecastCheckService(db.DataSource, config);

        var result = await service.CheckAsync(FlowExample.Stream(config), D(3, 10), CancellationToken.None);
        var again = await service.CheckAsync(FlowExample.Stream(config), D(3, 10), CancellationToken.None);

        // Scored: how-many (P85 held), when 03-02 (P85 held), when 03-06 (P85 missed). P50: 4 > 3 miss, 03-08 > 03-07
        // miss, not done by 03-08 miss → 0/3. P95: hit, hit, unknown → 2/2.
        Assert.Equal(new ForecastCheckResult(3, 2,
            "2 when and 1 how-many forecasts scored (held: P50 0/3, P85 2/3, P95 2/2); 1 without a forecast recorded; 1 not due yet"), result);
        Assert.Equal(new ForecastCheckResult(0, 0, "0 when and 0 how-many forecasts scored; 0 without a forecast recorded; 1 not due yet"), again);
        var runs = (await store.ListAsync(null, 100, CancellationToken.None)).ToDictionary(r => r.Id);
        Assert.Equal([howMany, when, late, cannot], runs.Values.Where(r => r.CheckedAt is not null).Select(r => r.Id).Order());
        Assert.Null(runs[notDue].CheckedAt);
        Assert.Null(runs[otherStream].CheckedAt);

        var actual = JsonDocument.Parse(await ActualAsync(db, when)).RootElement;
        Assert.Equal("2026-03-08", actual.GetProperty("actualDate").GetString());
        Assert.Equal("2026-03-10", actual.GetProperty("checkedAsOf").GetString());
        Assert.Equal([false, true, true], actual.GetProperty("percentiles").EnumerateArray().Select(p => p.GetProperty("hit").GetBoolean()));
    }

    [Fact]
    public async Task Check_NothingStored_SaysSo()
    {
        await using var db = await TestDatabase.CreateAsync();
        var config = FlowExample.Write(db.ConnectionString);

        var result = await new StoredForecastCheckService(db.DataSource, config).CheckAsync(FlowExample.Stream(config), D(3, 10), CancellationToken.None);

        Assert.Equal(new ForecastCheckResult(0, 0, "no unchecked when or how-many forecast is stored"), result);
    }

    private static async Task<string> ActualAsync(TestDatabase db, long id)
    {
        await using var cmd = db.DataSource.CreateCommand("SELECT actual::text FROM forecast_runs WHERE id = $1");
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
