namespace PmoFlow.Core.Model;

/// <summary>How instants become days (METRICS.md §7, "time resolution").</summary>
public enum TimeResolution
{
    /// <summary>Local calendar dates in the stream's time zone (default).</summary>
    LocalDate = 0,

    /// <summary>The timestamp's own wall-clock date, with no zone conversion.</summary>
    WallClockDate = 1,

    /// <summary>Continuous time: durations in fractional days.</summary>
    Continuous = 2,
}

/// <summary>Day counting of a duration between two dates.</summary>
public enum DayCount
{
    /// <summary>date(end) − date(start) + 1: same-day work is 1 day (default).</summary>
    Inclusive = 0,

    /// <summary>date(end) − date(start).</summary>
    Exclusive = 1,
}

/// <summary>What cycle time measures.</summary>
public enum CycleTimeMeasure
{
    /// <summary>Start → Done (default).</summary>
    StartToDone = 0,

    /// <summary>Only the time spent in the configured process statuses.</summary>
    ProcessTime = 1,
}

/// <summary>Which entry into a stage counts when an item enters it again.</summary>
public enum StageReentry
{
    /// <summary>Keep the first entry (default).</summary>
    KeepFirst = 0,

    /// <summary>Keep the latest entry.</summary>
    KeepLatest = 1,
}

/// <summary>What a backward move does to later stages' entry dates.</summary>
public enum BackwardMove
{
    /// <summary>Later stages keep their first entries (default).</summary>
    KeepLaterEntries = 0,

    /// <summary>Entry dates of all later stages are erased and stamped again on re-entry.</summary>
    EraseLaterEntries = 1,
}

/// <summary>What a skipped stage's entry date is.</summary>
public enum SkippedStages
{
    /// <summary>Back-filled from the next later entered stage (default).</summary>
    BackFill = 0,

    /// <summary>Left empty.</summary>
    LeaveEmpty = 1,
}

/// <summary>When WIP is counted within a day.</summary>
public enum WipCountPoint
{
    /// <summary>At the end of each local day (default).</summary>
    EndOfDay = 0,

    /// <summary>At the instant the day starts.</summary>
    StartOfDay = 1,
}

/// <summary>What each band of the cumulative flow diagram counts.</summary>
public enum CfdMode
{
    /// <summary>Items that reached the stage or a later one (default).</summary>
    CumulativeArrivals = 0,

    /// <summary>Items currently in each stage.</summary>
    CurrentlyInStage = 1,
}

/// <summary>The last day of the cumulative flow diagram.</summary>
public enum CfdEnd
{
    /// <summary>Ends today (default).</summary>
    Today = 0,

    /// <summary>Ends on the day of the last event.</summary>
    LastEvent = 1,
}

/// <summary>What the cumulative flow diagram counts from.</summary>
public enum CfdStart
{
    /// <summary>Everything since the first event: the bands carry every item done before the window (default).</summary>
    FirstEvent = 0,

    /// <summary>
    /// The window's first day: items that had reached the last stage before it are left out of every band, so the
    /// bottom (done) band starts at 0 and the bands above it hold what was in flight and waiting when the window began.
    /// </summary>
    Window = 1,
}

/// <summary>Whether the cumulative flow diagram shows its done bands.</summary>
public enum CfdDone
{
    /// <summary>Show the bands of the delivery stage and the stages after it (default).</summary>
    Show = 0,

    /// <summary>Leave them out: the other bands keep their values (the CFD table drops the columns, the chart the areas).</summary>
    Hide = 1,
}

/// <summary>Where the throughput window is anchored.</summary>
public enum ThroughputAnchor
{
    /// <summary>Anchored at today (default).</summary>
    Today = 0,

    /// <summary>Anchored at the last completion.</summary>
    LastCompletion = 1,
}

/// <summary>Percentile (quantile) method.</summary>
public enum PercentileMethod
{
    /// <summary>Smallest value such that at least p% of values are ≤ it (default).</summary>
    NearestRank = 0,

    /// <summary>Linear interpolation between order statistics (Hyndman–Fan type 7, pandas' default).</summary>
    Linear = 1,
}

/// <summary>The first day of the daily series (throughput, WIP, arrivals and net flow).</summary>
public enum SeriesStart
{
    /// <summary>The window's first day (default).</summary>
    Window = 0,

    /// <summary>The first day with data (earliest created instant or event), whatever the window.</summary>
    FirstEvent = 1,

    /// <summary>The day of the first completion.</summary>
    FirstCompletion = 2,
}

/// <summary>The last day of the daily series (throughput, WIP, arrivals and net flow).</summary>
public enum SeriesEnd
{
    /// <summary>The window's last day (default).</summary>
    Window = 0,

    /// <summary>The day of the last completion.</summary>
    LastCompletion = 1,

    /// <summary>The day of the last event.</summary>
    LastEvent = 2,

    /// <summary>Today.</summary>
    Today = 3,
}

/// <summary>How an item's blocked days are counted.</summary>
public enum BlockedDaysCount
{
    /// <summary>Elapsed fractional time flagged as blocked, until Done (or removal, or as-of) (default).</summary>
    Elapsed = 0,

    /// <summary>
    /// jira-agile-metrics: whole calendar days (date(end) − date(start)) of impediments that began in a stage from the
    /// commitment point up to (not including) the delivery point; an impediment ends when unflagged or on entering done.
    /// </summary>
    WholeDaysInCommitment = 1,
}

/// <summary>How a forecast draws daily throughput.</summary>
public enum ThroughputSampling
{
    /// <summary>One pool of every sampled working day (default).</summary>
    Pooled = 0,

    /// <summary>Two pools, weekdays (Monday–Friday) and weekend days: a simulated day draws from its own kind (jira-flow-metrics).</summary>
    ByWeekday = 1,
}

/// <summary>
/// Every convention switch of METRICS.md §7. A profile sets them all at once; each can then be overridden.
/// </summary>
public sealed record FlowOptions
{
    /// <summary>How instants become days.</summary>
    public TimeResolution TimeResolution { get; init; } = TimeResolution.LocalDate;

    /// <summary>Inclusive (+1) or exclusive day counts; ignored under <see cref="TimeResolution.Continuous"/>.</summary>
    public DayCount DayCount { get; init; } = DayCount.Inclusive;

    /// <summary>What cycle time measures.</summary>
    public CycleTimeMeasure CycleTimeMeasure { get; init; } = CycleTimeMeasure.StartToDone;

    /// <summary>Raw statuses or stage names counted as process time under <see cref="CycleTimeMeasure.ProcessTime"/>.</summary>
    public IReadOnlyList<string> ProcessStatuses { get; init; } = [];

    /// <summary>Which entry into a re-entered stage counts.</summary>
    public StageReentry StageReentry { get; init; } = StageReentry.KeepFirst;

    /// <summary>What a backward move does to later stages' entries.</summary>
    public BackwardMove BackwardMove { get; init; } = BackwardMove.KeepLaterEntries;

    /// <summary>Skipped stages' entries.</summary>
    public SkippedStages SkippedStages { get; init; } = SkippedStages.BackFill;

    /// <summary>When in the day WIP is counted.</summary>
    public WipCountPoint WipCountPoint { get; init; } = WipCountPoint.EndOfDay;

    /// <summary>What the CFD bands count.</summary>
    public CfdMode CfdMode { get; init; } = CfdMode.CumulativeArrivals;

    /// <summary>The CFD's last day.</summary>
    public CfdEnd CfdEnd { get; init; } = CfdEnd.Today;

    /// <summary>Show removed items as their own CFD band instead of leaving them out.</summary>
    public bool CfdRemovedBand { get; init; }

    /// <summary>What the CFD counts from: the first event (default) or the window's first day (<c>cfdStart</c>).</summary>
    public CfdStart CfdStart { get; init; } = CfdStart.FirstEvent;

    /// <summary>Whether the CFD shows the done bands (<c>cfdDone</c>).</summary>
    public CfdDone CfdDone { get; init; } = CfdDone.Show;

    /// <summary>Where the throughput window is anchored.</summary>
    public ThroughputAnchor ThroughputAnchor { get; init; } = ThroughputAnchor.Today;

    /// <summary>The last day of a week: Sunday gives ISO weeks (Monday to Sunday).</summary>
    public DayOfWeek WeekEndsOn { get; init; } = DayOfWeek.Sunday;

    /// <summary>Percentile method.</summary>
    public PercentileMethod PercentileMethod { get; init; } = PercentileMethod.NearestRank;

    /// <summary>Percentiles reported, in percent (default 50, 70, 85, 95).</summary>
    public IReadOnlyList<double> Percentiles { get; init; } = [50, 70, 85, 95];

    /// <summary>
    /// <c>percentiles: auto</c> (jira-flow-metrics): report only the percentiles the sample supports: none below 5 values,
    /// P50 from 5, P50/P70/P85 from 10, P50/P70/P85/P95 from 20 (<see cref="AutoPercentilesFor"/>).
    /// </summary>
    public bool AutoPercentiles { get; init; }

    /// <summary>The percentiles a sample of <paramref name="count"/> values reports: <see cref="Percentiles"/>, or the auto rule.</summary>
    public IReadOnlyList<double> PercentilesFor(int count) => AutoPercentiles ? AutoPercentilesFor(count) : Percentiles;

    /// <summary>jira-flow-metrics' rule: [] below 5 values, [50] from 5, [50, 70, 85] from 10, [50, 70, 85, 95] from 20.</summary>
    public static IReadOnlyList<double> AutoPercentilesFor(int count) => count switch
    {
        >= 20 => [50, 70, 85, 95],
        >= 10 => [50, 70, 85],
        >= 5 => [50],
        _ => [],
    };

    /// <summary>The first day of the daily throughput, WIP and net-flow series (default: the window's).</summary>
    public SeriesStart SeriesStart { get; init; } = SeriesStart.Window;

    /// <summary>The last day of the daily throughput, WIP and net-flow series (default: the window's).</summary>
    public SeriesEnd SeriesEnd { get; init; } = SeriesEnd.Window;

    /// <summary>How blocked days are counted: elapsed time, or jira-agile-metrics' whole days of impediments begun in commitment.</summary>
    public BlockedDaysCount BlockedDays { get; init; } = BlockedDaysCount.Elapsed;

    /// <summary>How forecasts draw daily throughput: one pool, or weekday and weekend pools.</summary>
    public ThroughputSampling Sampling { get; init; } = ThroughputSampling.Pooled;

    /// <summary>Forecasts start cold: each "when" trial first waits one sampled cycle time (rounded up to whole days) for its first item.</summary>
    public bool ColdStart { get; init; }

    /// <summary>Leave out cycle-time outliers (outside Tukey's fences, 1.5 × IQR) from the cold-start sample.</summary>
    public bool ExcludeOutliers { get; init; }

    /// <summary>Dates left out of forecast throughput samples (holidays, incidents): neither a sampled day nor its completions count.</summary>
    public IReadOnlyList<DateRange> ExcludedDates { get; init; } = [];
    /// <summary>The forecast model's name (daily, weekly, block:N, rate-mix); null: the recommended one (docs/forecasting.md §10).</summary>
    public string? ForecastModel { get; init; }

    /// <summary>The <c>pmoflow</c> profile: the defaults of METRICS.md.</summary>
    public static FlowOptions PmoFlow { get; } = new();

    /// <summary>The <c>actionable-agile</c> profile.</summary>
    public static FlowOptions ActionableAgile { get; } = new()
    {
        TimeResolution = TimeResolution.LocalDate,
        DayCount = DayCount.Inclusive,
        StageReentry = StageReentry.KeepFirst,
        BackwardMove = BackwardMove.KeepLaterEntries,
        SkippedStages = SkippedStages.BackFill,
        PercentileMethod = PercentileMethod.NearestRank,
    };

    /// <summary>The <c>jira-agile-metrics</c> profile.</summary>
    public static FlowOptions JiraAgileMetrics { get; } = new()
    {
        TimeResolution = TimeResolution.WallClockDate,
        DayCount = DayCount.Exclusive,
        BackwardMove = BackwardMove.EraseLaterEntries,
        SkippedStages = SkippedStages.BackFill,
        WipCountPoint = WipCountPoint.EndOfDay,
        CfdMode = CfdMode.CumulativeArrivals,
        CfdEnd = CfdEnd.LastEvent,
        ThroughputAnchor = ThroughputAnchor.LastCompletion,
        PercentileMethod = PercentileMethod.Linear,
        BlockedDays = BlockedDaysCount.WholeDaysInCommitment,
    };

    /// <summary>The names of the built-in profiles.</summary>
    public static IReadOnlyList<string> ProfileNames { get; } = ["pmoflow", "actionable-agile", "jira-agile-metrics"];

    /// <summary>Returns the named profile; throws with the known names when the name is unknown.</summary>
    public static FlowOptions Profile(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "pmoflow" or "default" => PmoFlow,
        "actionable-agile" => ActionableAgile,
        "jira-agile-metrics" => JiraAgileMetrics,
        _ => throw new ArgumentException(
            $"Unknown profile '{name}'. Known profiles: {string.Join(", ", ProfileNames)}.", nameof(name)),
    };
}
