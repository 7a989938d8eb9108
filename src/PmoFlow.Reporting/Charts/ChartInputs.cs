namespace PmoFlow.Reporting.Charts;

// The plain series the chart and table builders take. The coordinator maps the core's flow metric and
// forecast results onto these; nothing here depends on how those results are computed.

/// <summary>A value on a local calendar date (a throughput count, a WIP count, a CFD band height).</summary>
/// <param name="Date">The local date in the stream's time zone.</param>
/// <param name="Value">The value.</param>
public readonly record struct DatedValue(DateOnly Date, double Value);

/// <summary>A completed item on the cycle time scatterplot.</summary>
/// <param name="Done">The local date the item was done.</param>
/// <param name="Days">Its cycle time in days (per the stream's day-count convention).</param>
/// <param name="Key">The tracker key (e.g. "OFBIZ-123").</param>
/// <param name="Title">The tracker title (raw; escaped by renderers).</param>
public readonly record struct CycleTimePoint(DateOnly Done, double Days, string Key, string Title);

/// <summary>A percentile and its value, e.g. (85, 9.0): 85% of items took 9 days or less.</summary>
/// <param name="Percentile">The percentile in (0, 100].</param>
/// <param name="Value">Its value (days, or items for "how many" forecasts).</param>
public readonly record struct ChartPercentile(double Percentile, double Value);

/// <summary>One band of a cumulative flow diagram: a stage and its cumulative count per day.</summary>
/// <param name="Stage">The stage's name.</param>
/// <param name="Points">The count of items that reached this stage or a later one, by the end of each day.</param>
public sealed record CfdBand(string Stage, IReadOnlyList<DatedValue> Points)
{
    /// <summary>Not drawn (<c>cfdDone: hide</c>); its values still give the band above it its height.</summary>
    public bool Hidden { get; init; }
}

/// <summary>An item in progress, for the ageing WIP chart.</summary>
/// <param name="Key">The tracker key.</param>
/// <param name="Title">The tracker title.</param>
/// <param name="Stage">The stage it is in now.</param>
/// <param name="AgeDays">Its age in days.</param>
public readonly record struct AgeingItem(string Key, string Title, string Stage, double AgeDays);

/// <summary>A number for a stage (e.g. flow efficiency of a stage, a fraction in [0, 1]).</summary>
/// <param name="Stage">The stage's name.</param>
/// <param name="Value">The value.</param>
public readonly record struct StageValue(string Stage, double Value);

/// <summary>A stage of the value stream map.</summary>
/// <param name="Stage">The stage's name.</param>
/// <param name="ActiveDays">Median active time in the stage, in days.</param>
/// <param name="WaitingDays">Median waiting time (queue and blocked) in the stage, in days.</param>
/// <param name="ShareEntered">Share of items that entered the stage, a fraction in [0, 1].</param>
public readonly record struct VsmStageBar(string Stage, double ActiveDays, double WaitingDays, double ShareEntered);

/// <summary>A waste figure for one stage and one waste category (METRICS.md §6).</summary>
/// <param name="Stage">The stage's name.</param>
/// <param name="Category">"waiting", "blocked", "rework", "abandoned", "beyond SLE", "over WIP limit", ...</param>
/// <param name="Days">Item-days of waste.</param>
public readonly record struct WasteEntry(string Stage, string Category, double Days);

/// <summary>How many simulated trials finished on a date.</summary>
/// <param name="Date">The local completion date.</param>
/// <param name="Trials">How many trials finished on it.</param>
public readonly record struct DateCount(DateOnly Date, long Trials);

/// <summary>A percentile date of a "when" forecast: P% of trials finished on or before it.</summary>
/// <param name="Percentile">The percentile in (0, 100].</param>
/// <param name="Date">The date.</param>
public readonly record struct ChartPercentileDate(double Percentile, DateOnly Date);

/// <summary>How many simulated trials completed a number of items.</summary>
/// <param name="Items">The number of items completed.</param>
/// <param name="Trials">How many trials completed exactly that many.</param>
public readonly record struct CountFrequency(int Items, long Trials);

/// <summary>The distribution of a "when will N items be done" Monte Carlo forecast.</summary>
/// <param name="Items">N, the number of items forecast.</param>
/// <param name="Dates">Trials per completion date.</param>
/// <param name="Percentiles">Percentile dates (P% of trials finished on or before).</param>
/// <param name="Deadline">An optional deadline.</param>
/// <param name="DeadlineProbability">The share of trials finishing on or before the deadline, in [0, 1].</param>
public sealed record WhenChartData(
    int Items,
    IReadOnlyList<DateCount> Dates,
    IReadOnlyList<ChartPercentileDate> Percentiles,
    DateOnly? Deadline = null,
    double? DeadlineProbability = null);

/// <summary>The distribution of a "how many items by date D" Monte Carlo forecast.</summary>
/// <param name="By">The target date D (included).</param>
/// <param name="Counts">Trials per item count.</param>
/// <param name="Percentiles">At confidence P, the count P% of trials reached or exceeded.</param>
public sealed record HowManyChartData(DateOnly By, IReadOnlyList<CountFrequency> Counts, IReadOnlyList<ChartPercentile> Percentiles);

/// <summary>One point of a sample burn-up trial path (the fan chart behind a "when" forecast).</summary>
/// <param name="Path">The path's number.</param>
/// <param name="Date">A simulated working day.</param>
/// <param name="Done">Cumulative items done by the end of that day.</param>
public sealed record BurnUpPoint(int Path, DateOnly Date, long Done);
