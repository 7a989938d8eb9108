using System.Collections;
using System.Text.Json.Serialization;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>
/// Every figure of METRICS.md §1–3, §6 for one stream as of one instant: per-item timelines and figures, percentiles,
/// throughput, WIP, CFD, arrivals and net flow, flow distribution and efficiency, waste, the value stream map and
/// the data-quality report.
/// </summary>
/// <remarks>
/// Serializes with System.Text.Json as is (the caller picks camelCase). Dates are local dates (<c>yyyy-MM-dd</c>),
/// instants are UTC, durations are days. "No data" is null, never 0. Immutable once built; safe to read from
/// several threads.
/// </remarks>
public sealed class FlowAnalysis
{
    internal FlowAnalysis()
    {
    }

    /// <summary>The stream's name.</summary>
    public required string Stream { get; init; }

    /// <summary>The as-of instant (UTC).</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Today: the local date of the as-of instant.</summary>
    public required DateOnly Today { get; init; }

    /// <summary>The window of throughput, WIP, arrivals, percentiles, distribution, efficiency and waste (both ends included).</summary>
    public required FlowWindow Window { get; init; }

    /// <summary>The CFD's own range (its end follows the CFD-end switch when no window end was given).</summary>
    public required FlowWindow CfdWindow { get; init; }

    /// <summary>The convention switches in force, by name (e.g. <c>dayCount: inclusive</c>).</summary>
    public required IReadOnlyDictionary<string, string> Conventions { get; init; }

    /// <summary>The stages in workflow order.</summary>
    public required IReadOnlyList<string> Stages { get; init; }

    /// <summary>One entry per item, in input order.</summary>
    public required IReadOnlyList<ItemMetrics> Items { get; init; }

    /// <summary>Cycle time of items done in the window.</summary>
    public required DistributionSummary CycleTime { get; init; }

    /// <summary>Lead time of items done in the window.</summary>
    public required DistributionSummary LeadTime { get; init; }

    /// <summary>Time to value of items whose value point falls in the window.</summary>
    public required DistributionSummary TimeToValue { get; init; }

    /// <summary>Age of the items in progress today.</summary>
    public required DistributionSummary Age { get; init; }

    /// <summary>The Service Level Expectation in days (configured, else the 85th percentile cycle time), or null.</summary>
    public double? SleDays { get; init; }

    /// <summary><c>configured</c> or <c>p85-cycle-time</c>.</summary>
    public required string SleSource { get; init; }

    /// <summary>Items completed in the window, or null when there are no items at all.</summary>
    public int? Throughput { get; init; }

    /// <summary>Completions per local day of the window (zero days included); empty without items.</summary>
    public required IReadOnlyList<DailyThroughput> ThroughputDaily { get; init; }

    /// <summary>Completions per week overlapping the window.</summary>
    public required IReadOnlyList<WeeklyThroughput> ThroughputWeekly { get; init; }

    /// <summary>WIP per local day of the window, total and by stage.</summary>
    public required IReadOnlyList<DailyWip> Wip { get; init; }

    /// <summary>The cumulative flow diagram.</summary>
    public required CfdData Cfd { get; init; }

    /// <summary>Arrival rate and net flow.</summary>
    public required ArrivalSummary Arrivals { get; init; }

    /// <summary>Share of completed items by type in the window.</summary>
    public required IReadOnlyList<TypeShare> FlowDistribution { get; init; }

    /// <summary>Flow efficiency per stream and per stage.</summary>
    public required FlowEfficiencySummary FlowEfficiency { get; init; }

    /// <summary>Waste per stream and per stage.</summary>
    public required WasteReport Waste { get; init; }

    /// <summary>Value stream map data.</summary>
    public required ValueStreamMap ValueStreamMap { get; init; }

    /// <summary>What the data-quality checks found.</summary>
    public required DataQualityReport Quality { get; init; }

    /// <summary>The local date of the stream's last event up to the as-of instant, or null without events.</summary>
    public DateOnly? LastEventDate { get; init; }

    /// <summary>For forecasting: the local date of Done of every completed item, ascending (not limited to the window).</summary>
    [JsonIgnore]
    public IReadOnlyList<DateOnly> CompletionDates { get; init; } = [];

    /// <summary>Every impediment (blocked spell) of every item, in item order (the <c>impediments</c> table).</summary>
    [JsonIgnore]
    public IReadOnlyList<Impediment> Impediments { get; init; } = [];

    /// <summary>The conventions the analysis ran under (forecasts read their sampling switches from it).</summary>
    [JsonIgnore]
    public FlowOptions Options { get; init; } = FlowOptions.PmoFlow;

    /// <summary>The cycle times of the items done in the window, ascending (the sample of <see cref="CycleTime"/>; for histograms).</summary>
    [JsonIgnore]
    public IReadOnlyList<double> WindowCycleTimes { get; init; } = [];

    /// <summary>For forecasting: the local date of Start (commitment) of every started item, ascending, abandoned ones included.</summary>
    [JsonIgnore]
    public IReadOnlyList<DateOnly> CommitmentDates { get; init; } = [];
}

/// <summary>A read-only list whose elements are built on access, so a million items cost no objects until read.</summary>
internal sealed class LazyList<T>(int count, Func<int, T> build) : IReadOnlyList<T>
{
    public int Count => count;

    public T this[int index] => (uint)index < (uint)count ? build(index) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return build(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
