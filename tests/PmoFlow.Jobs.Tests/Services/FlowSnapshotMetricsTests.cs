using PmoFlow.Streams.Snapshots;
using PmoFlow.Core.Flow;
using PmoFlow.Jobs.Services;
using PmoFlow.Jobs.Tests.Support;

namespace PmoFlow.Jobs.Tests.Services;

public sealed class FlowSnapshotMetricsTests
{
    private static readonly DateOnly March10 = new(2026, 3, 10);

    private static Dictionary<string, double> Compute(double? sle, DateOnly day, string? events = null)
    {
        var config = FlowExample.Write(sleDays: sle, events: events);
        var values = FlowSnapshotMetrics.Compute(config.Streams.Single().Definition, FlowExample.Histories(config), day);
        Assert.Equal(values.Count, values.Select(v => v.Metric).Distinct().Count());
        return values.ToDictionary(v => v.Metric, v => v.Value);
    }

    [Fact]
    public void Compute_HandWorkedStreamWithoutConfiguredSle_EveryFigure()
    {
        var m = Compute(null, March10);

        Assert.Equal(1, m[SnapshotMetrics.ThroughputDay]);        // C done 03-10
        Assert.Equal(3, m[SnapshotMetrics.Throughput7d]);         // A 03-05, B 03-08, C 03-10 (I on 03-03 is before 03-04)
        Assert.Equal(4, m[SnapshotMetrics.CycleTimeP50]);         // [2, 4, 5]: nearest rank ⌈0.5·3⌉ = 2nd → 4
        Assert.Equal(5, m[SnapshotMetrics.CycleTimeP85]);         // ⌈0.85·3⌉ = 3rd → 5
        Assert.Equal(3, m[SnapshotMetrics.Wip]);                  // D, E, F started and not done; H starts 03-11
        Assert.Equal(37.0 / 49, m[SnapshotMetrics.FlowEfficiency], 9); // (3d1h + 2d + 1d3h) / (3d1h + 4d + 1d3h) = 148h / 196h
        Assert.Equal(5, m[SnapshotMetrics.SleDays]);              // 84 days: [2, 3, 4, 5], ⌈0.85·4⌉ = 4th → 5
        Assert.Equal(1, m[SnapshotMetrics.SleAttainment]);        // 4, 5, 2 all ≤ 5
        Assert.Equal(1, m[SnapshotMetrics.ArrivalsDay]);          // E started 03-10
        Assert.Equal(4, m[SnapshotMetrics.Arrivals7d]);           // B 03-04, C 03-09, F 03-09, E 03-10
        Assert.Equal(1, m[SnapshotMetrics.Blocked]);              // E blocked; F unblocked the same day it was blocked
        Assert.Equal(1, m[SnapshotMetrics.BeyondSle]);            // D: age 19 > 5; E 1, F 2
        Assert.Equal(SnapshotMetrics.All.Count, m.Count);
    }

    [Fact]
    public void Compute_ConfiguredSle_AttainmentAndBeyondSleUseIt()
    {
        var m = Compute(4, March10);

        Assert.Equal(4, m[SnapshotMetrics.SleDays]);
        Assert.Equal(2.0 / 3, m[SnapshotMetrics.SleAttainment], 12); // A 4 ≤ 4, C 2 ≤ 4, B 5 > 4
        Assert.Equal(1, m[SnapshotMetrics.BeyondSle]);               // D (19)
    }

    [Fact]
    public void Compute_DayBeforeTheBlock_CountsNothingBlockedAndFewerArrivals()
    {
        var m = Compute(null, new DateOnly(2026, 3, 9));

        Assert.Equal(0, m[SnapshotMetrics.Blocked]);       // F blocked 10:00 and unblocked 15:00 on 03-09; E blocked on 03-10
        Assert.Equal(2, m[SnapshotMetrics.ArrivalsDay]);   // C and F started 03-09
        Assert.Equal(0, m[SnapshotMetrics.ThroughputDay]);
        Assert.Equal(3, m[SnapshotMetrics.Throughput7d]);  // 03-03..03-09: I 03-03, A 03-05, B 03-08
    }

    [Fact]
    public void Compute_NoItems_StoresNoFigure()
    {
        var m = Compute(null, March10, "item_key,timestamp,from_status,to_status,event,event_key\n");

        Assert.Empty(m);
    }

    [Fact]
    public void Compute_OneItemInBacklog_ZeroCountsAndNoDurations()
    {
        var m = Compute(null, March10, "item_key,timestamp,from_status,to_status,event,event_key\nX,2026-03-01T09:00:00Z,,Todo,created,c\n");

        Assert.Equal(
            new Dictionary<string, double>
            {
                [SnapshotMetrics.ThroughputDay] = 0, [SnapshotMetrics.Throughput7d] = 0, [SnapshotMetrics.Wip] = 0,
                [SnapshotMetrics.ArrivalsDay] = 0, [SnapshotMetrics.Arrivals7d] = 0, [SnapshotMetrics.Blocked] = 0,
            },
            m);
    }

    [Fact]
    public void Compute_ClocksGoForward_DayEndsAtLocalMidnight()
    {
        // 29 March 2026 in London ends at 00:00 BST on 30 March = 23:00Z on 29 March.
        var events = """
            item_key,timestamp,from_status,to_status,event,event_key
            P,2026-03-28T09:00:00Z,,Doing,created,c
            P,2026-03-29T22:59:00Z,Doing,Done,status,1
            Q,2026-03-28T09:00:00Z,,Doing,created,c
            Q,2026-03-29T23:00:00Z,Doing,Done,status,1

            """;

        var m = Compute(null, new DateOnly(2026, 3, 29), events);

        Assert.Equal(1, m[SnapshotMetrics.ThroughputDay]); // P at 23:59 BST; Q at 00:00 BST on the 30th
        Assert.Equal(1, m[SnapshotMetrics.Wip]);           // Q still in progress at the end of the 29th
    }
}
