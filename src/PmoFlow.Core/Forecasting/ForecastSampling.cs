using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Forecasting;

/// <summary>
/// Forecast inputs as a flow analysis' conventions ask for them: excluded dates, weekday/weekend pools and the cold
/// start with its cycle-time sample (optionally without Tukey outliers), the way jira-flow-metrics builds them.
/// Every host builds its throughput sample through here, so the switches mean the same in the CLI, the API and reports.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class ForecastSampling
{
    /// <summary>Tukey's fence factor: values below Q1 − 1.5 × IQR or above Q3 + 1.5 × IQR are outliers.</summary>
    public const double TukeyFactor = 1.5;

    /// <summary>
    /// The throughput sample of <paramref name="analysis"/>' completions before <paramref name="today"/> (default the
    /// analysis' today), with <paramref name="sampling"/>'s window and calendar and the analysis' forecast switches
    /// (<see cref="FlowOptions.ExcludedDates"/> added to the sampling's own, <see cref="FlowOptions.Sampling"/>,
    /// <see cref="FlowOptions.ColdStart"/> with the window's cycle times, <see cref="FlowOptions.ExcludeOutliers"/>).
    /// </summary>
    /// <param name="analysis">The analysis: its options, completion dates and window cycle times.</param>
    /// <param name="sampling">Window, calendar and the caller's own excluded dates.</param>
    /// <param name="today">The day the forecast stands on (default the analysis' today).</param>
    /// <param name="completions">Completion dates to sample instead of all the analysis' (e.g. one work item type's).</param>
    public static ThroughputSample From(
        FlowAnalysis analysis, SamplingOptions? sampling = null, DateOnly? today = null, IReadOnlyList<DateOnly>? completions = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var o = analysis.Options;
        sampling ??= new SamplingOptions();
        sampling = sampling with
        {
            ExcludedDates = [.. sampling.ExcludedDates, .. o.ExcludedDates],
            Sampling = o.Sampling == ThroughputSampling.ByWeekday ? ThroughputSampling.ByWeekday : sampling.Sampling,
        };
        var sample = ThroughputSampler.Sample(completions ?? analysis.CompletionDates, today ?? analysis.Today, sampling);
        if (!o.ColdStart)
        {
            return sample;
        }

        var cycleTimes = o.ExcludeOutliers ? WithoutOutliers(analysis.WindowCycleTimes) : analysis.WindowCycleTimes;
        return sample with { ColdStartCycleTimes = [.. cycleTimes] };
    }

    /// <summary>
    /// The values inside Tukey's fences [Q1 − 1.5 × IQR, Q3 + 1.5 × IQR], in their order; quartiles by linear interpolation
    /// (Hyndman–Fan type 7, as mathjs' quantileSeq that jira-flow-metrics uses).
    /// </summary>
    public static IReadOnlyList<double> WithoutOutliers(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return [];
        }

        var sorted = values.Order().ToArray();
        var q1 = Percentiles.Of(sorted, 25, PercentileMethod.Linear)!.Value;
        var q3 = Percentiles.Of(sorted, 75, PercentileMethod.Linear)!.Value;
        var fence = TukeyFactor * (q3 - q1);
        return [.. values.Where(v => v >= q1 - fence && v <= q3 + fence)];
    }

    /// <summary>Drops the days (and their counts) that fall in any of <paramref name="excluded"/>.</summary>
    internal static (DateOnly[] Dates, int[] Counts) WithoutExcludedDates((DateOnly[] Dates, int[] Counts) sample, IReadOnlyList<DateRange> excluded)
    {
        if (excluded.Count == 0)
        {
            return sample;
        }

        var dates = new List<DateOnly>(sample.Dates.Length);
        var counts = new List<int>(sample.Counts.Length);
        for (var i = 0; i < sample.Dates.Length; i++)
        {
            if (!excluded.Any(r => r.Contains(sample.Dates[i])))
            {
                dates.Add(sample.Dates[i]);
                counts.Add(sample.Counts[i]);
            }
        }

        return ([.. dates], [.. counts]);
    }

    /// <summary>Whether a day draws from the weekend pool under <see cref="ThroughputSampling.ByWeekday"/>.</summary>
    public static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
