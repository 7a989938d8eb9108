using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;

namespace PmoFlow.Streams.Snapshots;

/// <summary>The names of the figures a daily snapshot stores (METRICS.md definitions, the stream's conventions).</summary>
/// <remarks>
/// "Day" figures are for the local day D itself; "7d" figures for the trailing seven local days D−6..D (both ends
/// included), so a snapshot taken on the last day of a week holds that week's figures and D against D−7 compares two
/// whole weeks. States (WIP, blocked, beyond SLE) are as of the end of D. A figure with no data (no completed item in
/// the window) is not stored.
/// </remarks>
public static class SnapshotMetrics
{
    /// <summary>Items whose Done falls on D.</summary>
    public const string ThroughputDay = "throughput.day";

    /// <summary>Items whose Done falls on D−6..D.</summary>
    public const string Throughput7d = "throughput.7d";

    /// <summary>50th percentile cycle time (days) of items done on D−6..D, by the stream's percentile method.</summary>
    public const string CycleTimeP50 = "cycle_time.p50";

    /// <summary>85th percentile cycle time (days) of items done on D−6..D, by the stream's percentile method.</summary>
    public const string CycleTimeP85 = "cycle_time.p85";

    /// <summary>Items started and not done (not removed) at the end of D.</summary>
    public const string Wip = "wip";

    /// <summary>Σ active ÷ Σ (Done − Start) over items done on D−6..D, in [0, 1].</summary>
    public const string FlowEfficiency = "flow_efficiency";

    /// <summary>The SLE in days: the stream's configured one, else the 85th percentile cycle time of the 12 weeks D−83..D.</summary>
    public const string SleDays = "sle.days";

    /// <summary>Share of items done on D−6..D whose cycle time is at most the SLE, in [0, 1].</summary>
    public const string SleAttainment = "sle.attainment";

    /// <summary>Items whose Start (commitment) falls on D.</summary>
    public const string ArrivalsDay = "arrivals.day";

    /// <summary>Items whose Start (commitment) falls on D−6..D.</summary>
    public const string Arrivals7d = "arrivals.7d";

    /// <summary>Items in progress at the end of D whose latest blocked/unblocked event by then flagged them blocked.</summary>
    public const string Blocked = "blocked";

    /// <summary>Items in progress at the end of D whose age is greater than the SLE.</summary>
    public const string BeyondSle = "beyond_sle";

    /// <summary>Every name, in the order they are computed.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ThroughputDay, Throughput7d, CycleTimeP50, CycleTimeP85, Wip, FlowEfficiency, SleDays, SleAttainment,
        ArrivalsDay, Arrivals7d, Blocked, BeyondSle,
    ];
}

/// <summary>Computes a stream's daily snapshot figures (<see cref="SnapshotMetrics"/>) from its item histories.</summary>
/// <remarks>Pure: the histories are read, never changed; the same input gives the same figures. Thread-safe.</remarks>
public static class FlowSnapshotMetrics
{
    /// <summary>Days in the trailing window of the "7d" figures.</summary>
    public const int WindowDays = 7;

    /// <summary>Days of history the SLE is taken from when the stream configures none (12 weeks, as the weekly report).</summary>
    public const int SleWindowDays = 84;

    /// <summary>The figures as of the end of local day <paramref name="day"/> (events after it are ignored).</summary>
    /// <param name="stream">The stream (workflow, zone, conventions, configured SLE).</param>
    /// <param name="histories">One history per item of the stream.</param>
    /// <param name="day">The local date D.</param>
    public static IReadOnlyList<MetricValue> Compute(StreamDefinition stream, IReadOnlyList<ItemHistory> histories, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(histories);
        var asOf = StreamCalendar.Of(stream).EndOfDay(day);
        var options = WithPercentiles(stream.Options, 50, 85);
        var sle = stream.SleDays ?? Percentile(
            FlowAnalyzer.Analyze(stream, histories, new FlowQuery { AsOf = asOf, From = day.AddDays(1 - SleWindowDays), To = day, Options = options }).CycleTime,
            85);
        var a = FlowAnalyzer.Analyze(stream, histories, new FlowQuery
        {
            AsOf = asOf, From = day.AddDays(1 - WindowDays), To = day, Options = options, SleDays = sle,
        });

        var values = new List<MetricValue>();
        void Add(string metric, double? value)
        {
            if (value is { } v && double.IsFinite(v))
            {
                values.Add(new MetricValue(metric, v));
            }
        }

        var doneCycleTimes = DoneInWindow(a, stream).Select(i => i.CycleTime!.Value).ToList();
        Add(SnapshotMetrics.ThroughputDay, a.ThroughputDaily.Count > 0 ? a.ThroughputDaily[^1].Items : null);
        Add(SnapshotMetrics.Throughput7d, a.Throughput);
        Add(SnapshotMetrics.CycleTimeP50, Percentile(a.CycleTime, 50));
        Add(SnapshotMetrics.CycleTimeP85, Percentile(a.CycleTime, 85));
        Add(SnapshotMetrics.Wip, a.Wip.Count > 0 ? a.Wip[^1].Items : null);
        Add(SnapshotMetrics.FlowEfficiency, a.FlowEfficiency.Stream);
        Add(SnapshotMetrics.SleDays, sle);
        Add(SnapshotMetrics.SleAttainment, sle is { } s && doneCycleTimes.Count > 0 ? (double)doneCycleTimes.Count(c => c <= s) / doneCycleTimes.Count : null);
        Add(SnapshotMetrics.ArrivalsDay, a.Arrivals.Days.Count > 0 ? a.Arrivals.Days[^1].Arrivals : null);
        Add(SnapshotMetrics.Arrivals7d, a.Arrivals.Arrivals);
        Add(SnapshotMetrics.Blocked, a.Items.Count > 0 ? BlockedInProgress(a, histories, asOf) : null);
        Add(SnapshotMetrics.BeyondSle, sle is null || a.Items.Count == 0 ? null : a.Waste.Stream.AgeingItems);
        return values;
    }

    /// <summary>The value of percentile <paramref name="p"/> of a summary, or null.</summary>
    internal static double? Percentile(DistributionSummary summary, double p) =>
        summary.Percentiles.FirstOrDefault(x => x.Percentile == p)?.Value;

    private static FlowOptions WithPercentiles(FlowOptions options, params double[] required)
    {
        var percentiles = options.Percentiles.Union(required).Order().ToList();
        return percentiles.Count == options.Percentiles.Count ? options : options with { Percentiles = percentiles };
    }

    // Items done on a day of the window with a cycle time: the sample of the window's percentiles.
    private static IEnumerable<ItemMetrics> DoneInWindow(FlowAnalysis a, StreamDefinition stream) =>
        a.Items.Where(i => i.State == ItemState.Done && i.Done is { } d && i.CycleTime is not null && a.Window.Contains(StreamCalendar.DayOf(stream, d)));

    private static int BlockedInProgress(FlowAnalysis a, IReadOnlyList<ItemHistory> histories, DateTimeOffset asOf)
    {
        // The analysis lists items in input order; fall back to matching by key if a future analyzer reorders them.
        var aligned = a.Items.Count == histories.Count && a.Items.Select((item, i) => item.Key == histories[i].Item.Key).All(x => x);
        var byKey = aligned ? null : histories.GroupBy(h => h.Item.Key).ToDictionary(g => g.Key, g => g.First());
        var count = 0;
        for (var i = 0; i < a.Items.Count; i++)
        {
            var item = a.Items[i];
            if (item.State != ItemState.InProgress)
            {
                continue;
            }

            var history = aligned ? histories[i] : byKey!.GetValueOrDefault(item.Key);
            if (history is not null && IsBlocked(history.Events, asOf))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsBlocked(IReadOnlyList<FlowEvent> events, DateTimeOffset asOf) => BlockedFlag.Current(events, asOf) is not null;
}

/// <summary>One named figure.</summary>
/// <param name="Metric">Its name, e.g. <c>throughput.week</c>.</param>
/// <param name="Value">Its value.</param>
public sealed record MetricValue(string Metric, double Value);
