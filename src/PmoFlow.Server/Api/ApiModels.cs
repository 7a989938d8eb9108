using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;

namespace PmoFlow.Server.Api;

/// <summary>A stage of a stream, as listed by <c>/api/streams</c>.</summary>
/// <param name="Name">The stage.</param>
/// <param name="Category">backlog, active, wait, done or removed.</param>
/// <param name="WipLimit">Its WIP limit, if any.</param>
public sealed record StageInfo(string Name, string Category, int? WipLimit);

/// <summary>A configured value stream.</summary>
/// <param name="Name">Its name (use it in the other routes).</param>
/// <param name="TimeZone">Its IANA time zone.</param>
/// <param name="Sources">The sources feeding it (empty: all).</param>
/// <param name="Stages">Its workflow in order.</param>
/// <param name="SleDays">The configured SLE in days, or null (the 85th percentile cycle time then).</param>
/// <param name="Links">Related routes.</param>
public sealed record StreamInfo(
    string Name,
    string TimeZone,
    IReadOnlyList<string> Sources,
    IReadOnlyList<StageInfo> Stages,
    double? SleDays,
    IReadOnlyDictionary<string, string> Links);

/// <summary>The answer of <c>/api/streams/{stream}/metrics</c>: a flow analysis without its per-item rows.</summary>
public sealed record MetricsResponse(
    string Stream,
    DateTimeOffset AsOf,
    DateOnly Today,
    FlowWindow Window,
    IReadOnlyDictionary<string, string> Conventions,
    int Items,
    int? Throughput,
    int? Wip,
    DistributionSummary CycleTime,
    DistributionSummary LeadTime,
    DistributionSummary Age,
    double? SleDays,
    string SleSource,
    IReadOnlyList<DailyThroughput> ThroughputDaily,
    IReadOnlyList<WeeklyThroughput> ThroughputWeekly,
    IReadOnlyList<DailyWip> WipDaily,
    ArrivalSummary Arrivals,
    IReadOnlyList<TypeShare> FlowDistribution,
    FlowEfficiencySummary FlowEfficiency,
    WasteReport Waste,
    ValueStreamMap ValueStreamMap,
    DataQualityReport Quality)
{
    /// <summary>Set when the last completion is older than the sample window (<see cref="OldDataNotice"/>); null otherwise.</summary>
    public OldDataNotice? OldData { get; init; }
}

/// <summary>
/// The stream's data is older than the sample window (<see cref="PmoFlow.Core.Flow.OldData"/>, the rule the CLI and the
/// report use): its last completion, how many days before the as-of date, and the message
/// ("last completion 2025-12-31, 338 days ago; use asOf=2025-12-31").
/// </summary>
/// <param name="LastCompletion">The local date of the last completion.</param>
/// <param name="DaysAgo">Calendar days from it to the as-of date.</param>
/// <param name="Message">What to do about it.</param>
public sealed record OldDataNotice(DateOnly LastCompletion, int DaysAgo, string Message)
{
    /// <summary>The notice of a rule's answer, or null.</summary>
    public static OldDataNotice? Of(PmoFlow.Core.Flow.OldData? old) =>
        old is null ? null : new(old.LastCompletion, old.DaysAgo, old.Message(PmoFlow.Core.Flow.OldData.ApiAsOf));
}

/// <summary>One page of items.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="AsOf">The instant the figures are computed as of.</param>
/// <param name="Total">Items matching the filters.</param>
/// <param name="Offset">Rows skipped.</param>
/// <param name="Limit">Rows asked for.</param>
/// <param name="Items">The rows.</param>
public sealed record ItemsResponse(string Stream, DateTimeOffset AsOf, int Total, int Offset, int Limit, IReadOnlyList<ItemRow> Items);

/// <summary>One item's timeline and figures (days; instants in UTC; null = no data).</summary>
public sealed record ItemRow(
    string Key,
    string? Type,
    string? Title,
    string State,
    string? Stage,
    DateTimeOffset? Created,
    DateTimeOffset? Start,
    DateTimeOffset? Done,
    double? CycleTime,
    double? LeadTime,
    double? Age,
    double? FlowEfficiency,
    double BlockedDays,
    int ReworkMoves)
{
    internal static ItemRow From(ItemMetrics i) => new(
        i.Key, i.Type, i.Title, i.State.Name(), i.Stage, i.Created, i.Start, i.Done, i.CycleTime, i.LeadTime, i.Age,
        i.FlowEfficiency, i.BlockedDays, i.ReworkMoves);
}

/// <summary>The answer of <c>/history</c>: one row per stay of an item in a stage and raw status, items in stream order.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="AsOf">The instant the stays are computed as of (the current stays run to it).</param>
/// <param name="Total">Stays matching the filter.</param>
/// <param name="Offset">Stays skipped.</param>
/// <param name="Limit">Page size.</param>
/// <param name="Stays">key, seq, stage, category, status, entered, left, days, isCurrent, isFirst.</param>
public sealed record HistoryResponse(string Stream, DateTimeOffset AsOf, int Total, int Offset, int Limit, IReadOnlyList<StatusStay> Stays);

/// <summary>The answer of <c>/forecasts/when</c>.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Items">The number of items forecast.</param>
/// <param name="Forecast">The forecast: status, reason, inputs, warnings, percentile dates, deadline odds, distribution.</param>
/// <param name="Calibration">What self-calibration did (lines, levels, past thresholds); null when it was off.</param>
public sealed record WhenResponse(string Stream, int Items, WhenForecast Forecast, ForecastCalibration? Calibration = null)
{
    /// <summary>Set when the last completion is older than the sample window (why the forecast cannot answer); null otherwise.</summary>
    public OldDataNotice? OldData { get; init; }
}

/// <summary>The answer of <c>/forecasts/how-many</c>.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Forecast">The forecast: status, reason, inputs, warnings, counts per confidence, distribution.</param>
/// <param name="Calibration">What self-calibration did; null when it was off.</param>
public sealed record HowManyResponse(string Stream, HowManyForecast Forecast, ForecastCalibration? Calibration = null)
{
    /// <summary>Set when the last completion is older than the sample window; null otherwise.</summary>
    public OldDataNotice? OldData { get; init; }
}

/// <summary>The answer of <c>/health</c>.</summary>
/// <param name="Status">ok, or unavailable when the database does not answer.</param>
/// <param name="Database">ok or the failure's kind (never its connection details).</param>
public sealed record HealthResponse(string Status, string Database);
