using System.Text.Json.Serialization;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Forecasting;

/// <summary>What happens to completions dated on a non-working day.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NonWorkingDayCompletions>))]
public enum NonWorkingDayCompletions
{
    /// <summary>Counted on the next working day of the window (or the previous one at the window's end), so no item is lost (default).</summary>
    MoveToNextWorkingDay = 0,

    /// <summary>Left out with the day.</summary>
    Drop = 1,
}

/// <summary>Options of throughput sampling.</summary>
/// <remarks>Immutable; safe to share.</remarks>
public sealed record SamplingOptions
{
    /// <summary>The sampling window (default the last 90 days before today).</summary>
    public ThroughputWindow Window { get; init; } = ThroughputWindow.Default;

    /// <summary>The working calendar: non-working days are neither samples nor simulated days (default every day).</summary>
    [JsonIgnore]
    public WorkingCalendar Calendar { get; init; } = WorkingCalendar.EveryDay;

    /// <summary>Completions on non-working days (default: moved to the next working day).</summary>
    public NonWorkingDayCompletions NonWorkingDayCompletions { get; init; } = NonWorkingDayCompletions.MoveToNextWorkingDay;

    /// <summary>Fewer completions than this in the window give a warning (default 10).</summary>
    public int MinCompletions { get; init; } = 10;

    /// <summary>A throughput shift is flagged when one half's mean daily throughput is at least this many times the other's (default 2).</summary>
    public double ShiftRatio { get; init; } = 2.0;

    /// <summary>Dates left out of the sample: neither a sampled day nor their completions count (holidays, incidents).</summary>
    public IReadOnlyList<DateRange> ExcludedDates { get; init; } = [];

    /// <summary>One pool of sampled days, or weekday and weekend pools (the sample records the choice).</summary>
    public ThroughputSampling Sampling { get; init; } = ThroughputSampling.Pooled;

    /// <summary>... and Welch's t statistic between the halves' daily counts is at least this large in absolute value (default 3).</summary>
    public double ShiftMinT { get; init; } = 3.0;
}
