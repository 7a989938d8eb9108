using System.Text.Json.Serialization;

namespace PmoFlow.Core.Forecasting;

/// <summary>The question a backtest asks at each as-of date.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BacktestQuestion>))]
public enum BacktestQuestion
{
    /// <summary>How many items complete in the next K calendar days?</summary>
    HowMany = 0,

    /// <summary>When will the next N items have completed?</summary>
    When = 1,
}

/// <summary>Options of a backtest.</summary>
/// <remarks>
/// At as-of date A the forecast stands on today = A with only the completions dated before A (the full days known
/// then); the outcome is what happened from A + 1 on, the first simulated day. Completions dated A itself are in
/// neither, as in a live forecast made during day A.
/// </remarks>
public sealed record BacktestOptions
{
    /// <summary>First as-of date (included).</summary>
    public required DateOnly From { get; init; }

    /// <summary>Last as-of date (included).</summary>
    public required DateOnly To { get; init; }

    /// <summary>Calendar days between as-of dates (default 7).</summary>
    public int StepDays { get; init; } = 7;

    /// <summary>K for the how-many question (calendar days after A); null to skip it (default 14).</summary>
    public int? HowManyDays { get; init; } = 14;

    /// <summary>N for the when question; null to skip it (default 10).</summary>
    public int? WhenItems { get; init; } = 10;

    /// <summary>The last date the history is complete (included); default the last completion date.</summary>
    public DateOnly? DataEnd { get; init; }

    /// <summary>Throughput sampling at each as-of date (window, calendar).</summary>
    public SamplingOptions Sampling { get; init; } = new();

    /// <summary>Forecast options (percentiles, engine, trials, seed).</summary>
    public ForecastOptions Forecast { get; init; } = new();
}

/// <summary>One percentile's forecast and outcome at one as-of date.</summary>
/// <param name="Percentile">Confidence in percent.</param>
/// <param name="ForecastItems">Forecast count (how-many).</param>
/// <param name="ForecastDate">Forecast date (when).</param>
/// <param name="Hit">How-many: actual ≥ forecast; when: actual date ≤ forecast date.</param>
/// <param name="Error">Actual − forecast, in items (how-many) or calendar days (when): positive = more items / later than forecast.</param>
public sealed record BacktestOutcome(double Percentile, long? ForecastItems, DateOnly? ForecastDate, bool Hit, double Error);

/// <summary>A backtest's forecast and what happened, at one as-of date.</summary>
/// <param name="AsOf">The as-of date.</param>
/// <param name="Question">The question.</param>
/// <param name="ActualItems">Items completed in (A, A + K] (how-many).</param>
/// <param name="ActualDate">Date of the N-th completion after A (when).</param>
/// <param name="Outcomes">One per percentile.</param>
public sealed record BacktestPoint(
    DateOnly AsOf, BacktestQuestion Question, long? ActualItems, DateOnly? ActualDate, IReadOnlyList<BacktestOutcome> Outcomes);

/// <summary>Hit rate and errors of one percentile over all as-of dates.</summary>
/// <param name="Question">The question.</param>
/// <param name="Percentile">Confidence in percent (a calibrated forecast hits about this often).</param>
/// <param name="Points">As-of dates scored.</param>
/// <param name="Hits">Dates where the forecast held.</param>
/// <param name="HitRate">Hits ÷ points (null without points).</param>
/// <param name="MeanError">Mean of actual − forecast (items or days).</param>
/// <param name="MeanAbsoluteError">Mean of |actual − forecast|.</param>
public sealed record BacktestSummary(
    BacktestQuestion Question, double Percentile, int Points, int Hits, double? HitRate, double? MeanError, double? MeanAbsoluteError);

/// <summary>A backtest's results.</summary>
/// <param name="Options">The options, recorded.</param>
/// <param name="Points">Every scored as-of date and question.</param>
/// <param name="Summary">Per question and percentile.</param>
/// <param name="Skipped">As-of dates not scored, with the reason.</param>
public sealed record BacktestResult(
    BacktestOptions Options, IReadOnlyList<BacktestPoint> Points, IReadOnlyList<BacktestSummary> Summary, IReadOnlyList<BacktestSkip> Skipped);

/// <summary>An as-of date that could not be scored.</summary>
/// <param name="AsOf">The as-of date.</param>
/// <param name="Question">The question.</param>
/// <param name="Reason">Why (cannot forecast, outcome not known yet).</param>
public sealed record BacktestSkip(DateOnly AsOf, BacktestQuestion Question, string Reason);

/// <summary>Re-runs forecasts as if standing on past dates and scores them against what happened (METRICS.md §4).</summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class Backtester
{
    /// <summary>Runs the backtest over the completion dates of a history.</summary>
    /// <param name="completionDates">Local Done dates of every completed item.</param>
    /// <param name="options">Range, step, questions and forecast options.</param>
    /// <param name="cancellationToken">Cancels the run between as-of dates.</param>
    public static BacktestResult Run(IEnumerable<DateOnly> completionDates, BacktestOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completionDates);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.StepDays);
        if (options.To < options.From)
        {
            throw new ArgumentException("The backtest range needs From ≤ To.", nameof(options));
        }

        var done = completionDates.Order().ToArray();
        var dataEnd = options.DataEnd ?? (done.Length == 0 ? options.To : done[^1]);
        var points = new List<BacktestPoint>();
        var skipped = new List<BacktestSkip>();
        for (var asOf = options.From; asOf <= options.To; asOf = asOf.AddDays(options.StepDays))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sample = ThroughputSampler.Sample(done, asOf, options.Sampling);
            if (options.HowManyDays is { } k)
            {
                ScoreHowMany(done, asOf, k, dataEnd, sample, options.Forecast, points, skipped, cancellationToken);
            }

            if (options.WhenItems is { } n)
            {
                ScoreWhen(done, asOf, n, sample, options.Forecast, points, skipped, cancellationToken);
            }
        }

        return new BacktestResult(options, points, Summarise(points, options.Forecast.Percentiles), skipped);
    }

    private static void ScoreHowMany(
        DateOnly[] done, DateOnly asOf, int k, DateOnly dataEnd, ThroughputSample sample, ForecastOptions forecast,
        List<BacktestPoint> points, List<BacktestSkip> skipped, CancellationToken ct)
    {
        var by = asOf.AddDays(k);
        if (by > dataEnd)
        {
            skipped.Add(new BacktestSkip(asOf, BacktestQuestion.HowMany, $"Outcome unknown: {by:yyyy-MM-dd} is after the data's end {dataEnd:yyyy-MM-dd}."));
            return;
        }

        var f = Forecaster.HowMany(sample, by, forecast, ct);
        if (f.Status != ForecastStatus.Ok)
        {
            skipped.Add(new BacktestSkip(asOf, BacktestQuestion.HowMany, f.Reason ?? "Cannot forecast."));
            return;
        }

        long actual = done.Count(d => d > asOf && d <= by);
        var outcomes = f.Percentiles.Select(p => new BacktestOutcome(p.Percentile, p.Items, null, actual >= p.Items, actual - p.Items)).ToList();
        points.Add(new BacktestPoint(asOf, BacktestQuestion.HowMany, actual, null, outcomes));
    }

    private static void ScoreWhen(
        DateOnly[] done, DateOnly asOf, int n, ThroughputSample sample, ForecastOptions forecast,
        List<BacktestPoint> points, List<BacktestSkip> skipped, CancellationToken ct)
    {
        var after = done.Where(d => d > asOf).Take(n).ToList();
        if (after.Count < n)
        {
            skipped.Add(new BacktestSkip(asOf, BacktestQuestion.When, $"Outcome unknown: only {after.Count} of {n} completions after {asOf:yyyy-MM-dd} in the data."));
            return;
        }

        var f = Forecaster.When(sample, WhenRequest.Items(n), forecast, ct);
        if (f.Status != ForecastStatus.Ok || f.Overall is null)
        {
            skipped.Add(new BacktestSkip(asOf, BacktestQuestion.When, f.Reason ?? "Cannot forecast."));
            return;
        }

        var actual = n == 0 ? asOf : after[^1];
        var outcomes = f.Overall.Percentiles
            .Select(p => new BacktestOutcome(p.Percentile, null, p.Date, actual <= p.Date!.Value, actual.DayNumber - p.Date!.Value.DayNumber))
            .ToList();
        points.Add(new BacktestPoint(asOf, BacktestQuestion.When, null, actual, outcomes));
    }

    private static List<BacktestSummary> Summarise(List<BacktestPoint> points, IReadOnlyList<double> percentiles)
    {
        var summary = new List<BacktestSummary>();
        foreach (var question in new[] { BacktestQuestion.HowMany, BacktestQuestion.When })
        {
            var mine = points.Where(p => p.Question == question).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            for (var i = 0; i < percentiles.Count; i++)
            {
                var outcomes = mine.Select(p => p.Outcomes[i]).ToList();
                var hits = outcomes.Count(o => o.Hit);
                summary.Add(new BacktestSummary(
                    question, percentiles[i], outcomes.Count, hits, (double)hits / outcomes.Count,
                    outcomes.Average(o => o.Error), outcomes.Average(o => Math.Abs(o.Error))));
            }
        }

        return summary;
    }
}
