using PmoFlow.Streams.Snapshots;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Services;
using PmoFlow.Jobs.Tests.Support;
using PmoFlow.Testing;

namespace PmoFlow.Jobs.Tests.Services;

public sealed class SnapshotServiceTests
{
    [Fact]
    public async Task Snapshot_FirstRun_TakesOnlyThatDay()
    {
        await using var db = await TestDatabase.CreateAsync();
        var service = new SnapshotService(new DayNumberMetrics(), new MetricSnapshotStore(db.DataSource));

        var result = await service.SnapshotAsync(Stream(), new DateOnly(2026, 3, 10), CancellationToken.None);

        Assert.Equal([new DateOnly(2026, 3, 10)], result.Days);
        Assert.Equal(1, result.Values);
    }

    [Fact]
    public async Task Snapshot_AfterMissedDays_FillsEachMissedDayOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new MetricSnapshotStore(db.DataSource);
        var service = new SnapshotService(new DayNumberMetrics(), store);
        await service.SnapshotAsync(Stream(), new DateOnly(2026, 3, 10), CancellationToken.None);

        var result = await service.SnapshotAsync(Stream(), new DateOnly(2026, 3, 13), CancellationToken.None);
        var again = await service.SnapshotAsync(Stream(), new DateOnly(2026, 3, 13), CancellationToken.None);

        Assert.Equal([new DateOnly(2026, 3, 11), new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 13)], result.Days);
        Assert.Equal([new DateOnly(2026, 3, 13)], again.Days);
        var stored = await store.ReadAsync("delivery", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), CancellationToken.None);
        Assert.Equal([10.0, 11, 12, 13], stored.Select(s => s.Value));
    }

    [Fact]
    public async Task Snapshot_LongOutage_BackfillsAtMost31Days()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new MetricSnapshotStore(db.DataSource);
        var service = new SnapshotService(new DayNumberMetrics(), store);
        await service.SnapshotAsync(Stream(), new DateOnly(2026, 1, 1), CancellationToken.None);

        var result = await service.SnapshotAsync(Stream(), new DateOnly(2026, 3, 31), CancellationToken.None);

        Assert.Equal(31, result.Days.Count);
        Assert.Equal(new DateOnly(2026, 3, 1), result.Days[0]);
    }

    [Fact]
    public async Task WeekOnWeek_TwoSnapshotsSevenDaysApart_ChangeIsTheDifference()
    {
        await using var db = await TestDatabase.CreateAsync();
        var store = new MetricSnapshotStore(db.DataSource);
        await store.UpsertAsync("delivery", new DateOnly(2026, 3, 3), [new MetricValue("wip", 8), new MetricValue("items.seen", 30)], CancellationToken.None);
        await store.UpsertAsync("delivery", new DateOnly(2026, 3, 10), [new MetricValue("wip", 5), new MetricValue("items.seen", 41)], CancellationToken.None);
        await store.UpsertAsync("delivery", new DateOnly(2026, 3, 11), [new MetricValue("wip", 6)], CancellationToken.None);
        await store.UpsertAsync("other", new DateOnly(2026, 3, 10), [new MetricValue("wip", 99)], CancellationToken.None);

        var deltas = await store.WeekOnWeekAsync("delivery", new DateOnly(2026, 3, 10), CancellationToken.None);

        // As of 10 March: wip 5 against 8 on 3 March (5 − 8 = −3); items.seen 41 against 30 (+11). 11 March is after asOf.
        Assert.Equal(
            [new MetricDelta("items.seen", new DateOnly(2026, 3, 10), 41, 30), new MetricDelta("wip", new DateOnly(2026, 3, 10), 5, 8)],
            deltas);
        Assert.Equal([11.0, -3.0], deltas.Select(d => d.Change!.Value));

        // As of 11 March there is no wip snapshot on 4 March: no change to report.
        var next = await store.WeekOnWeekAsync("delivery", new DateOnly(2026, 3, 11), CancellationToken.None);
        Assert.Null(next.Single(d => d.Metric == "wip").Change);
    }

    private static StreamJobs Stream() => JobsConfigReader.Read(TestConfigs.Parse(TestConfigs.OneStream(string.Empty))).Streams.Single();

    /// <summary>One metric whose value is the day of the month, so each stored day is recognisable.</summary>
    private sealed class DayNumberMetrics : IMetricsProvider
    {
        public Task<IReadOnlyList<MetricValue>> ComputeAsync(StreamJobs stream, DateOnly asOf, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<MetricValue>>([new MetricValue("day", asOf.Day)]);
    }
}
