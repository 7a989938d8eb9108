using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>What to compute: the instant the figures are "as of", the window and option overrides.</summary>
/// <remarks>
/// The core never reads the clock: <see cref="AsOf"/> is "now" for every figure (today = the local date of
/// <see cref="AsOf"/>). Events after <see cref="AsOf"/> are ignored and reported as clock-skewed in the
/// data-quality report. <see cref="From"/> and <see cref="To"/> are local dates in the stream's time zone and
/// <b>both ends are included</b>.
/// </remarks>
public sealed record FlowQuery
{
    /// <summary>The instant figures are computed as of ("now"); today is its local date.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>First local date of the window (inclusive). Default: the first day with data, or <see cref="To"/> − <see cref="WindowDays"/> + 1.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last local date of the window (inclusive). Default: today, or the day of the last completion under <see cref="ThroughputAnchor.LastCompletion"/>.</summary>
    public DateOnly? To { get; init; }

    /// <summary>When <see cref="From"/> is not given: the window's length in days ending on <see cref="To"/>.</summary>
    public int? WindowDays { get; init; }

    /// <summary>Options replacing the stream's own <see cref="StreamDefinition.Options"/> (e.g. a profile chosen on the command line).</summary>
    public FlowOptions? Options { get; init; }

    /// <summary>A Service Level Expectation in days replacing the stream's configured one.</summary>
    public double? SleDays { get; init; }

    /// <summary>How many example item keys each data-quality finding lists (default 5).</summary>
    public int QualityExamples { get; init; } = 5;
}
