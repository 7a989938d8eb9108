using PmoFlow.Streams.Snapshots;
using PmoFlow.Jobs.Services;
using PmoFlow.Jobs.Tests.Support;
using PmoFlow.Testing;

namespace PmoFlow.Jobs.Tests.Services;

public sealed class FlowMetricsProviderTests
{
    [Fact]
    public async Task Snapshot_FromStoredEvents_StoresTheFlowFiguresAndWeekOnWeekDeltas()
    {
        await using var db = await TestDatabase.CreateAsync();
        var config = FlowExample.Write(db.ConnectionString);
        await new IngestService(config, db.DataSource).IngestAsync(config.Source("files"), CancellationToken.None);
        var store = new MetricSnapshotStore(db.DataSource);
        var service = new SnapshotService(new FlowMetricsProvider(db.DataSource, config), store);
        var stream = FlowExample.Stream(config);

        await service.SnapshotAsync(stream, new DateOnly(2026, 3, 3), CancellationToken.None);
        var result = await service.SnapshotAsync(stream, new DateOnly(2026, 3, 10), CancellationToken.None);

        Assert.Equal(7, result.Days.Count); // 03-04..03-10 back-filled from one load
        var deltas = (await store.WeekOnWeekAsync("delivery", new DateOnly(2026, 3, 10), CancellationToken.None)).ToDictionary(d => d.Metric);
        // From the database, the same figures as from the files (FlowSnapshotMetricsTests works them out).
        var fromFiles = FlowSnapshotMetrics.Compute(config.Streams.Single().Definition, FlowExample.Histories(config), new DateOnly(2026, 3, 10));
        Assert.Equal(fromFiles.ToDictionary(v => v.Metric, v => v.Value), deltas.ToDictionary(d => d.Key, d => d.Value.Value));
        // 03-03's 7 days (02-25..03-03): I done 03-03 → throughput.7d 1; on 03-10 it is 3: +2.
        Assert.Equal(1, deltas[SnapshotMetrics.Throughput7d].WeekBefore);
        Assert.Equal(2, deltas[SnapshotMetrics.Throughput7d].Change);
        // WIP at the end of 03-03: D and A (I finished) → 2; on 03-10: 3.
        Assert.Equal(2, deltas[SnapshotMetrics.Wip].WeekBefore);
    }
}
