using System.Text.Json.Serialization;

namespace PmoFlow.Core.Forecasting;

/// <summary>How the throughput sampling window is chosen (METRICS.md §4 and §7 "throughput window").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ThroughputWindowKind>))]
public enum ThroughputWindowKind
{
    /// <summary>The last <c>Days</c> calendar days up to and including the last full day before today (default, 90).</summary>
    LastDays = 0,

    /// <summary>From the first completion to the last full day before today.</summary>
    AllHistory = 1,

    /// <summary>An explicit range of local dates, both ends included.</summary>
    DateRange = 2,

    /// <summary>The last <c>Days</c> calendar days ending on the day of the last completion (jira-agile-metrics).</summary>
    AnchoredAtLastCompletion = 3,
}

/// <summary>A throughput sampling window.</summary>
/// <param name="Kind">How the window is chosen.</param>
/// <param name="Days">Length in calendar days for <see cref="ThroughputWindowKind.LastDays"/> and <see cref="ThroughputWindowKind.AnchoredAtLastCompletion"/>.</param>
/// <param name="From">First date of a <see cref="ThroughputWindowKind.DateRange"/> (included).</param>
/// <param name="To">Last date of a <see cref="ThroughputWindowKind.DateRange"/> (included).</param>
/// <remarks>Completions dated today or later are never sampled: today is not a full day yet.</remarks>
public sealed record ThroughputWindow(ThroughputWindowKind Kind, int Days = 90, DateOnly? From = null, DateOnly? To = null)
{
    /// <summary>The default window: the last 90 days before today.</summary>
    public static ThroughputWindow Default { get; } = new(ThroughputWindowKind.LastDays);

    /// <summary>The last <paramref name="days"/> calendar days, ending on the last full day before today.</summary>
    public static ThroughputWindow LastDays(int days) => new(ThroughputWindowKind.LastDays, days);

    /// <summary>The whole history, from the first completion to the last full day before today.</summary>
    public static ThroughputWindow AllHistory { get; } = new(ThroughputWindowKind.AllHistory, 0);

    /// <summary>An explicit date range, both ends included; it must end before today.</summary>
    public static ThroughputWindow Range(DateOnly from, DateOnly to) => new(ThroughputWindowKind.DateRange, 0, from, to);

    /// <summary>The last <paramref name="days"/> calendar days ending on the last completion before today.</summary>
    public static ThroughputWindow AnchoredAtLastCompletion(int days) => new(ThroughputWindowKind.AnchoredAtLastCompletion, days);
}
