using System.Globalization;
using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Flow;

/// <summary>
/// A stream whose last completion is older than the sample window: every figure measured from the as-of date is
/// empty, so analyses and forecasts say how old the data is and which as-of would show it ("last completion
/// 2025-12-31, 338 days ago; use --as-of 2025-12-31") instead of only failing. The one rule behind the CLI's note,
/// the API's <c>oldData</c> field and the report's <c>old-data</c> warning.
/// </summary>
/// <param name="LastCompletion">The local date of the last completion on or before <paramref name="Today"/>.</param>
/// <param name="Today">The as-of date.</param>
/// <param name="WindowFrom">The first day of the sample window the last completion lies before.</param>
public sealed record OldData(DateOnly LastCompletion, DateOnly Today, DateOnly WindowFrom)
{
    /// <summary>How the CLI takes an as-of (a composite format with the date as {0}).</summary>
    public const string CliAsOf = "--as-of {0}";

    /// <summary>How the REST API takes an as-of.</summary>
    public const string ApiAsOf = "asOf={0}";

    /// <summary>Calendar days from the last completion to the as-of date.</summary>
    public int DaysAgo => Today.DayNumber - LastCompletion.DayNumber;

    /// <summary>"last completion 2025-12-31, 338 days ago; use --as-of 2025-12-31" (<paramref name="asOfSyntax"/>: <see cref="CliAsOf"/> or <see cref="ApiAsOf"/>).</summary>
    public string Message(string asOfSyntax = CliAsOf)
    {
        ArgumentNullException.ThrowIfNull(asOfSyntax);
        var date = LastCompletion.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"last completion {date}, {DaysAgo} {(DaysAgo == 1 ? "day" : "days")} ago; use {string.Format(CultureInfo.InvariantCulture, asOfSyntax, date)}";
    }

    /// <summary>
    /// The old-data notice of completions as of <paramref name="today"/>: null when there is no completion at all
    /// (nothing to point at) or when the last one lies on or after <paramref name="windowFrom"/>.
    /// </summary>
    public static OldData? Of(IEnumerable<DateOnly> completionDates, DateOnly today, DateOnly windowFrom)
    {
        ArgumentNullException.ThrowIfNull(completionDates);
        DateOnly? last = null;
        foreach (var d in completionDates)
        {
            if (d <= today && (last is null || d > last))
            {
                last = d;
            }
        }

        return last is { } l && l < windowFrom ? new OldData(l, today, windowFrom) : null;
    }

    /// <summary>The notice of an analysis against the default sample window (the <see cref="ForecastDefaults.SamplingDays"/> days before its as-of date).</summary>
    public static OldData? Of(FlowAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return Of(analysis.CompletionDates, analysis.Today, analysis.Today.AddDays(-ForecastDefaults.SamplingDays));
    }

    /// <summary>The notice of an analysis against a forecast's own sample window (the default one when the sample has no placed window).</summary>
    public static OldData? Of(FlowAnalysis analysis, ThroughputSample sample)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(sample);
        return sample.From is { } from ? Of(analysis.CompletionDates, analysis.Today, from) : Of(analysis);
    }
}
