namespace PmoFlow.Core.Flow;

/// <summary>The analysis window: local dates, both ends included.</summary>
/// <param name="From">First day (inclusive).</param>
/// <param name="To">Last day (inclusive).</param>
public sealed record FlowWindow(DateOnly From, DateOnly To)
{
    /// <summary>Number of days in the window (To − From + 1).</summary>
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>Whether a day lies in the window (ends included).</summary>
    public bool Contains(DateOnly day) => day >= From && day <= To;
}

/// <summary>One percentile of a distribution.</summary>
/// <param name="Percentile">In percent (e.g. 85).</param>
/// <param name="Value">The value in days, or null when the sample is empty.</param>
public sealed record PercentileValue(double Percentile, double? Value);

/// <summary>Summary of a duration sample (cycle time, lead time, time to value, age).</summary>
/// <param name="Metric">Name: <c>cycle_time</c>, <c>lead_time</c>, <c>time_to_value</c>, <c>age</c>.</param>
/// <param name="Count">Sample size.</param>
/// <param name="Mean">Arithmetic mean in days, or null when empty.</param>
/// <param name="Min">Smallest value, or null.</param>
/// <param name="Max">Largest value, or null.</param>
/// <param name="Method">The percentile method (<c>nearest-rank</c> or <c>linear</c>).</param>
/// <param name="Percentiles">Requested percentiles.</param>
public sealed record DistributionSummary(
    string Metric,
    int Count,
    double? Mean,
    double? Min,
    double? Max,
    string Method,
    IReadOnlyList<PercentileValue> Percentiles);

/// <summary>Items completed on one local day.</summary>
/// <param name="Date">The local day.</param>
/// <param name="Items">Completed items (zero days included).</param>
/// <param name="ByType">Completed items per type.</param>
public sealed record DailyThroughput(DateOnly Date, int Items, IReadOnlyDictionary<string, int> ByType);

/// <summary>Items completed in one week.</summary>
/// <param name="WeekStart">First day of the week.</param>
/// <param name="WeekEnd">Last day of the week.</param>
/// <param name="IsoWeek">ISO label (e.g. <c>2024-W13</c>) for ISO weeks, else null.</param>
/// <param name="DaysInWindow">Days of this week inside the window (edge weeks may be partial).</param>
/// <param name="Items">Completed items on those days.</param>
/// <param name="ByType">Completed items per type.</param>
public sealed record WeeklyThroughput(
    DateOnly WeekStart,
    DateOnly WeekEnd,
    string? IsoWeek,
    int DaysInWindow,
    int Items,
    IReadOnlyDictionary<string, int> ByType);

/// <summary>WIP on one local day (end of day, or the instant the day starts, per the option).</summary>
/// <param name="Date">The local day.</param>
/// <param name="Items">Items started and not done, not removed.</param>
/// <param name="ByStage">The same items split by the furthest stage they had reached (the CFD bands' differences).</param>
public sealed record DailyWip(DateOnly Date, int Items, IReadOnlyDictionary<string, int> ByStage);

/// <summary>The cumulative flow diagram's data (counted from the first event; <see cref="CfdView"/> shapes it for a table or chart).</summary>
/// <param name="Mode"><c>cumulative-arrivals</c> or <c>currently-in-stage</c>.</param>
/// <param name="Bands">Band names in stage order (plus <c>(removed)</c> when shown as a band).</param>
/// <param name="Rows">One row per local day.</param>
public sealed record CfdData(string Mode, IReadOnlyList<string> Bands, IReadOnlyList<CfdRow> Rows)
{
    /// <summary>How many of the stage bands, the last ones, are the delivery stage and the stages after it (the done bands).</summary>
    public int DoneBands { get; init; }

    /// <summary>The count per band at the end of the day before the first row (what <c>cfdStart: window</c> counts from).</summary>
    public IReadOnlyList<int> Before { get; init; } = [];

    /// <summary>Per band, whether a view leaves it out (<c>cfdDone: hide</c>); empty: every band is shown.</summary>
    public IReadOnlyList<bool> Hidden { get; init; } = [];

    /// <summary>Whether band <paramref name="band"/> is left out of the view.</summary>
    public bool IsHidden(int band) => band < Hidden.Count && Hidden[band];
}

/// <summary>One CFD day: a count per band, in <see cref="CfdData.Bands"/> order.</summary>
/// <param name="Date">The local day.</param>
/// <param name="Counts">Count per band at the end of the day.</param>
public sealed record CfdRow(DateOnly Date, IReadOnlyList<int> Counts);

/// <summary>Arrivals (crossing the commitment point) and departures (completions) of one day.</summary>
/// <param name="Date">The local day.</param>
/// <param name="Arrivals">Items whose Start is on this day.</param>
/// <param name="Departures">Items whose Done is on this day.</param>
/// <param name="NetFlow">Arrivals − departures.</param>
public sealed record DailyFlow(DateOnly Date, int Arrivals, int Departures, int NetFlow);

/// <summary>Arrival rate and net flow over the window.</summary>
/// <param name="ArrivalRate">Mean arrivals per day, or null without data.</param>
/// <param name="DepartureRate">Mean completions per day, or null without data.</param>
/// <param name="Arrivals">Total arrivals, or null without data.</param>
/// <param name="Departures">Total completions, or null without data.</param>
/// <param name="NetFlow">Arrivals − departures, or null without data.</param>
/// <param name="Days">Per-day figures.</param>
public sealed record ArrivalSummary(
    double? ArrivalRate,
    double? DepartureRate,
    int? Arrivals,
    int? Departures,
    int? NetFlow,
    IReadOnlyList<DailyFlow> Days);

/// <summary>Share of completed items of one type in the window.</summary>
/// <param name="Type">The type (after mapping), <c>(none)</c> when unknown.</param>
/// <param name="Items">Completed items of the type.</param>
/// <param name="Share">Items ÷ all completed items, in [0, 1].</param>
public sealed record TypeShare(string Type, int Items, double Share);

/// <summary>Flow efficiency of one stage over the items completed in the window.</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Category">Stage category.</param>
/// <param name="TotalDays">Σ time in the stage (fractional days).</param>
/// <param name="ActiveDays">Σ of it that counts as active (an active stage, not blocked).</param>
/// <param name="WaitingDays">Σ of it that counts as waiting (a wait stage, or blocked).</param>
/// <param name="Efficiency">ActiveDays ÷ TotalDays, or null when no time was spent there.</param>
/// <param name="ShareOfFlowTime">TotalDays ÷ Σ(Done − Start) of the same items, or null.</param>
public sealed record StageEfficiency(
    string Stage,
    string Category,
    double TotalDays,
    double ActiveDays,
    double WaitingDays,
    double? Efficiency,
    double? ShareOfFlowTime);

/// <summary>Flow efficiency of the stream: Σ active ÷ Σ flow time over items completed in the window.</summary>
/// <param name="Stream">The ratio in [0, 1], or null without completed items (or zero flow time).</param>
/// <param name="Items">Completed items counted.</param>
/// <param name="ActiveDays">Σ active time.</param>
/// <param name="FlowDays">Σ (Done − Start).</param>
/// <param name="ByStage">Per stage, from the commitment point on.</param>
public sealed record FlowEfficiencySummary(
    double? Stream,
    int Items,
    double ActiveDays,
    double FlowDays,
    IReadOnlyList<StageEfficiency> ByStage);
