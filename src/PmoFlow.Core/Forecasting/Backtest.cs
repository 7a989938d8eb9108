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

    /// <summary>Forecast options (percentiles, engine, trials, seed, model).</summary>
    public ForecastOptions Forecast { get; init; } = new();

    /// <summary>
    /// Self-calibration at each as-of date (null: off, the default): the reported percentiles are remapped from the
    /// forecasts of the lookback before that date whose outcomes were known by then, exactly as a live forecast does.
    /// </summary>
    public CalibrationOptions? Calibration { get; init; }
}

/// <summary>One percentile's forecast and outcome at one as-of date.</summary>
/// <param name="Percentile">Confidence in percent (the nominal, reported one).</param>
/// <param name="ForecastItems">Forecast count (how-many).</param>
/// <param name="ForecastDate">Forecast date (when).</param>
/// <param name="Hit">How-many: actual ≥ forecast; when: actual date ≤ forecast date.</param>
/// <param name="Error">Actual − forecast, in items (how-many) or calendar days (when): positive = more items / later than forecast.</param>
/// <param name="PinballLoss">The quantile (pinball) loss of the forecast, in items or calendar days (<see cref="ForecastReading.Pinball"/>).</param>
/// <param name="RawLevel">The raw model's level read for this percentile (differs from it when calibrated).</param>
public sealed record BacktestOutcome(
    double Percentile, long? ForecastItems, DateOnly? ForecastDate, bool Hit, double Error, double PinballLoss = 0, double? RawLevel = null);

/// <summary>A backtest's forecast and what happened, at one as-of date.</summary>
/// <param name="AsOf">The as-of date.</param>
/// <param name="Question">The question.</param>
/// <param name="ActualItems">Items completed in (A, A + K] (how-many).</param>
/// <param name="ActualDate">Date of the N-th completion after A (when).</param>
/// <param name="Outcomes">One per percentile: the reported forecast (calibrated when calibration is on and applied).</param>
/// <param name="RawOutcomes">One per percentile: the raw model's forecast at the nominal level.</param>
/// <param name="Calibrated">Whether calibration was applied at this date (enough earlier forecasts with a known outcome).</param>
public sealed record BacktestPoint(
    DateOnly AsOf, BacktestQuestion Question, long? ActualItems, DateOnly? ActualDate, IReadOnlyList<BacktestOutcome> Outcomes,
    IReadOnlyList<BacktestOutcome>? RawOutcomes = null, bool Calibrated = false);

/// <summary>Hit rate and errors of one percentile over all as-of dates.</summary>
/// <param name="Question">The question.</param>
/// <param name="Percentile">Confidence in percent (a calibrated forecast hits about this often).</param>
/// <param name="Points">As-of dates scored.</param>
/// <param name="Hits">Dates where the forecast held.</param>
/// <param name="HitRate">Hits ÷ points (null without points).</param>
/// <param name="MeanError">Mean of actual − forecast (items or days).</param>
/// <param name="MeanAbsoluteError">Mean of |actual − forecast|.</param>
/// <param name="PinballLoss">Mean pinball loss (items or days): lower is better; it punishes both misses and needless width.</param>
public sealed record BacktestSummary(
    BacktestQuestion Question, double Percentile, int Points, int Hits, double? HitRate, double? MeanError, double? MeanAbsoluteError,
    double? PinballLoss = null);

/// <summary>A backtest's results.</summary>
/// <param name="Options">The options, recorded.</param>
/// <param name="Points">Every scored as-of date and question.</param>
/// <param name="Summary">Per question and percentile, of the reported (calibrated when on) forecasts.</param>
/// <param name="Skipped">As-of dates not scored, with the reason.</param>
/// <param name="RawSummary">Per question and percentile, of the raw model at the nominal levels (same points).</param>
public sealed record BacktestResult(
    BacktestOptions Options, IReadOnlyList<BacktestPoint> Points, IReadOnlyList<BacktestSummary> Summary, IReadOnlyList<BacktestSkip> Skipped,
    IReadOnlyList<BacktestSummary>? RawSummary = null);

/// <summary>An as-of date that could not be scored.</summary>
/// <param name="AsOf">The as-of date.</param>
/// <param name="Question">The question.</param>
/// <param name="Reason">Why (cannot forecast, outcome not known yet).</param>
public sealed record BacktestSkip(DateOnly AsOf, BacktestQuestion Question, string Reason);

/// <summary>Re-runs forecasts as if standing on past dates and scores them against what happened (METRICS.md §4).</summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class Backtester
{
    /// <summary>Runs the backtest over the completion dates of a history (no item is ever reopened).</summary>
    /// <param name="completionDates">Local Done dates of every completed item.</param>
    /// <param name="options">Range, step, questions and forecast options.</param>
    /// <param name="cancellationToken">Cancels the run between as-of dates.</param>
    public static BacktestResult Run(IEnumerable<DateOnly> completionDates, BacktestOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completionDates);
        return Run(CompletionHistory.FromDates(completionDates), options, cancellationToken);
    }

    /// <summary>
    /// Runs the backtest over a history of stays in done: each as-of date A forecasts from the completions as they were
    /// known at A (items reopened later still count, items done later do not), scored against what finally happened.
    /// </summary>
    public static BacktestResult Run(CompletionHistory history, BacktestOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.StepDays);
        if (options.To < options.From)
        {
            throw new ArgumentException("The backtest range needs From ≤ To.", nameof(options));
        }

        options.Calibration?.Validate();
        var done = history.Final;
        var dataEnd = options.DataEnd ?? (done.Count == 0 ? options.To : done[^1]);
        var past = new PastForecasts(history, options.Sampling, options.Forecast);
        var percentiles = options.Forecast.Percentiles;
        var points = new List<BacktestPoint>();
        var skipped = new List<BacktestSkip>();
        for (var asOf = options.From; asOf <= options.To; asOf = asOf.AddDays(options.StepDays))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.HowManyDays is { } k)
            {
                var by = asOf.AddDays(k);
                if (by > dataEnd)
                {
                    skipped.Add(new BacktestSkip(asOf, BacktestQuestion.HowMany, $"Outcome unknown: {by:yyyy-MM-dd} is after the data's end {dataEnd:yyyy-MM-dd}."));
                }
                else if (past.HowMany(asOf, k, cancellationToken) is not { Status: ForecastStatus.Ok } f)
                {
                    skipped.Add(new BacktestSkip(asOf, BacktestQuestion.HowMany, past.HowMany(asOf, k, cancellationToken)?.Reason ?? "Cannot forecast."));
                }
                else
                {
                    long actual = CountIn(done, asOf, by);
                    var calibration = options.Calibration is { } c ? past.Calibrate(BacktestQuestion.HowMany, k, asOf, percentiles, c, cancellationToken) : null;
                    points.Add(new BacktestPoint(
                        asOf, BacktestQuestion.HowMany, actual, null,
                        HowManyOutcomes(f, actual, percentiles, calibration?.RawLevels ?? percentiles),
                        HowManyOutcomes(f, actual, percentiles, percentiles),
                        calibration?.Applied ?? false));
                }
            }

            if (options.WhenItems is { } n)
            {
                var after = NthAfter(done, asOf, n);
                if (after is null)
                {
                    skipped.Add(new BacktestSkip(asOf, BacktestQuestion.When, $"Outcome unknown: fewer than {n} completions after {asOf:yyyy-MM-dd} in the data."));
                }
                else if (past.When(asOf, n, cancellationToken) is not { Status: ForecastStatus.Ok, Overall: { } dist } f)
                {
                    skipped.Add(new BacktestSkip(asOf, BacktestQuestion.When, past.When(asOf, n, cancellationToken)?.Reason ?? "Cannot forecast."));
                }
                else
                {
                    var actual = n == 0 ? asOf : after.Value;
                    var calibration = options.Calibration is { } c ? past.Calibrate(BacktestQuestion.When, n, asOf, percentiles, c, cancellationToken) : null;
                    points.Add(new BacktestPoint(
                        asOf, BacktestQuestion.When, null, actual,
                        WhenOutcomes(f, dist, actual, percentiles, calibration?.RawLevels ?? percentiles),
                        WhenOutcomes(f, dist, actual, percentiles, percentiles),
                        calibration?.Applied ?? false));
                }
            }
        }

        return new BacktestResult(
            options, points, Summarise(points, percentiles, p => p.Outcomes), skipped, Summarise(points, percentiles, p => p.RawOutcomes!));
    }

    /// <summary>Completions in (after, upTo] of an ascending list.</summary>
    internal static int CountIn(IReadOnlyList<DateOnly> ascending, DateOnly after, DateOnly upTo)
    {
        var n = 0;
        foreach (var d in ascending)
        {
            if (d > upTo)
            {
                break;
            }

            if (d > after)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>The date of the n-th completion after <paramref name="after"/> in an ascending list, or null when fewer follow.</summary>
    internal static DateOnly? NthAfter(IReadOnlyList<DateOnly> ascending, DateOnly after, int n)
    {
        if (n <= 0)
        {
            return after;
        }

        var seen = 0;
        foreach (var d in ascending)
        {
            if (d > after && ++seen == n)
            {
                return d;
            }
        }

        return null;
    }

    private static List<BacktestOutcome> HowManyOutcomes(HowManyForecast f, long actual, IReadOnlyList<double> nominal, IReadOnlyList<double> raw)
    {
        var list = new List<BacktestOutcome>(nominal.Count);
        for (var i = 0; i < nominal.Count; i++)
        {
            var items = ForecastReading.ItemsAt(f, raw[i] / 100);
            list.Add(new BacktestOutcome(
                nominal[i], items, null, actual >= items, actual - items,
                ForecastReading.Pinball(BacktestQuestion.HowMany, nominal[i] / 100, actual, items), raw[i]));
        }

        return list;
    }

    private static List<BacktestOutcome> WhenOutcomes(
        WhenForecast f, DateDistribution dist, DateOnly actual, IReadOnlyList<double> nominal, IReadOnlyList<double> raw)
    {
        var list = new List<BacktestOutcome>(nominal.Count);
        for (var i = 0; i < nominal.Count; i++)
        {
            // A raw level beyond what finishes within the horizon reads as the horizon's end (it holds unless later).
            var date = ForecastReading.DateAt(dist, raw[i] / 100) ?? f.Inputs.HorizonEnd;
            list.Add(new BacktestOutcome(
                nominal[i], null, date, actual <= date, actual.DayNumber - date.DayNumber,
                ForecastReading.Pinball(BacktestQuestion.When, nominal[i] / 100, actual.DayNumber, date.DayNumber), raw[i]));
        }

        return list;
    }

    private static List<BacktestSummary> Summarise(
        List<BacktestPoint> points, IReadOnlyList<double> percentiles, Func<BacktestPoint, IReadOnlyList<BacktestOutcome>> pick)
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
                var outcomes = mine.Select(p => pick(p)[i]).ToList();
                var hits = outcomes.Count(o => o.Hit);
                summary.Add(new BacktestSummary(
                    question, percentiles[i], outcomes.Count, hits, (double)hits / outcomes.Count,
                    outcomes.Average(o => o.Error), outcomes.Average(o => Math.Abs(o.Error)), outcomes.Average(o => o.PinballLoss)));
            }
        }

        return summary;
    }
}
