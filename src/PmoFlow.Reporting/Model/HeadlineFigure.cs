namespace PmoFlow.Reporting.Model;

/// <summary>The headline figures of a report.</summary>
public enum HeadlineMetric
{
    /// <summary>Items completed in the period (count).</summary>
    Throughput = 0,

    /// <summary>50th percentile cycle time of items completed in the period (days).</summary>
    CycleTimeP50 = 1,

    /// <summary>85th percentile cycle time of items completed in the period (days).</summary>
    CycleTimeP85 = 2,

    /// <summary>Items in progress at the end of the period's last day (count).</summary>
    Wip = 3,

    /// <summary>Flow efficiency of items completed in the period (a fraction in [0, 1]).</summary>
    FlowEfficiency = 4,

    /// <summary>Share of items completed in the period within the SLE (a fraction in [0, 1]).</summary>
    SleAttainment = 5,
}

/// <summary>Which way a metric should move.</summary>
public enum MetricPolarity
{
    /// <summary>A rise is good (throughput, flow efficiency, SLE attainment).</summary>
    HigherIsBetter = 0,

    /// <summary>A fall is good (cycle time, WIP).</summary>
    LowerIsBetter = 1,

    /// <summary>Neither direction is good or bad in itself.</summary>
    Neutral = 2,
}

/// <summary>The direction of a change, after rounding to the figure's display precision.</summary>
public enum ChangeDirection
{
    /// <summary>One of the two values is missing ("no data").</summary>
    Unknown = 0,

    /// <summary>The value rose.</summary>
    Up = 1,

    /// <summary>The value fell.</summary>
    Down = 2,

    /// <summary>No change at display precision.</summary>
    Flat = 3,
}

/// <summary>Whether a change is good or bad for its metric.</summary>
public enum ChangeAssessment
{
    /// <summary>Cannot tell: a value is missing.</summary>
    Unknown = 0,

    /// <summary>The metric moved the way it should.</summary>
    Better = 1,

    /// <summary>The metric moved the wrong way.</summary>
    Worse = 2,

    /// <summary>Flat, or a metric with no good direction.</summary>
    Neutral = 3,
}

/// <summary>How a headline metric is named, measured and judged.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Label">Its display name.</param>
/// <param name="Unit">The unit of <see cref="HeadlineFigure.Value"/>: "items", "days" or "fraction".</param>
/// <param name="Polarity">Which way is good.</param>
/// <param name="Decimals">
/// Decimals of the value that are shown and compared; a change that rounds to zero at this precision is
/// <see cref="ChangeDirection.Flat"/>. Fractions keep three (0.1 percentage point).
/// </param>
public sealed record MetricDefinition(HeadlineMetric Metric, string Label, string Unit, MetricPolarity Polarity, int Decimals)
{
    /// <summary>The definition of each headline metric.</summary>
    /// <remarks>
    /// WIP is judged "lower is better": by Little's law less work in progress at the same throughput
    /// means shorter cycle times.
    /// </remarks>
    public static MetricDefinition Of(HeadlineMetric metric) => metric switch
    {
        HeadlineMetric.Throughput => new(metric, "Throughput", "items", MetricPolarity.HigherIsBetter, 0),
        HeadlineMetric.CycleTimeP50 => new(metric, "Cycle time P50", "days", MetricPolarity.LowerIsBetter, 1),
        HeadlineMetric.CycleTimeP85 => new(metric, "Cycle time P85", "days", MetricPolarity.LowerIsBetter, 1),
        HeadlineMetric.Wip => new(metric, "WIP", "items", MetricPolarity.LowerIsBetter, 0),
        HeadlineMetric.FlowEfficiency => new(metric, "Flow efficiency", "fraction", MetricPolarity.HigherIsBetter, 3),
        HeadlineMetric.SleAttainment => new(metric, "SLE attainment", "fraction", MetricPolarity.HigherIsBetter, 3),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown headline metric."),
    };
}

/// <summary>The change of a headline figure against the previous period.</summary>
/// <param name="Delta">Value − previous, rounded to the metric's display precision; null when either is missing.</param>
/// <param name="Direction">Up, down, flat or unknown.</param>
/// <param name="Assessment">Better, worse, neutral or unknown for this metric.</param>
public sealed record HeadlineChange(double? Delta, ChangeDirection Direction, ChangeAssessment Assessment)
{
    /// <summary>Compares two values of a metric.</summary>
    public static HeadlineChange Between(MetricDefinition definition, double? value, double? previous)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (value is not { } v || previous is not { } p || !double.IsFinite(v) || !double.IsFinite(p))
        {
            return new HeadlineChange(null, ChangeDirection.Unknown, ChangeAssessment.Unknown);
        }

        // Rounding the difference (not each side) keeps 0.3 - 0.1 from reading as 0.19999999999999998.
        var delta = Math.Round(v - p, definition.Decimals, MidpointRounding.AwayFromZero);
        var direction = delta > 0 ? ChangeDirection.Up : delta < 0 ? ChangeDirection.Down : ChangeDirection.Flat;
        var assessment = (direction, definition.Polarity) switch
        {
            (ChangeDirection.Flat, _) or (_, MetricPolarity.Neutral) => ChangeAssessment.Neutral,
            (ChangeDirection.Up, MetricPolarity.HigherIsBetter) or (ChangeDirection.Down, MetricPolarity.LowerIsBetter)
                => ChangeAssessment.Better,
            _ => ChangeAssessment.Worse,
        };
        return new HeadlineChange(delta == 0 ? 0 : delta, direction, assessment);
    }
}

/// <summary>One headline figure: this period's value, the previous period's, and the change.</summary>
/// <param name="Metric">Which metric.</param>
/// <param name="Label">Its display name.</param>
/// <param name="Unit">"items", "days" or "fraction" (fractions are shown as percentages).</param>
/// <param name="Value">This period's value; null means "no data" (never a zero).</param>
/// <param name="Previous">The previous period's value; null means "no data".</param>
/// <param name="Change">The change and whether it is good.</param>
/// <param name="Note">An optional qualifier, e.g. "SLE 12 days (configured)".</param>
public sealed record HeadlineFigure(
    HeadlineMetric Metric,
    string Label,
    string Unit,
    double? Value,
    double? Previous,
    HeadlineChange Change,
    string? Note = null)
{
    /// <summary>Builds a headline figure, computing its change with the metric's definition.</summary>
    public static HeadlineFigure Create(HeadlineMetric metric, double? value, double? previous, string? note = null)
    {
        var definition = MetricDefinition.Of(metric);
        return new HeadlineFigure(
            metric,
            definition.Label,
            definition.Unit,
            value,
            previous,
            HeadlineChange.Between(definition, value, previous),
            note);
    }
}
