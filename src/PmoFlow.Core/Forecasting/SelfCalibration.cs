using System.Collections.Concurrent;

namespace PmoFlow.Core.Forecasting;

/// <summary>
/// Raw forecasts standing on past dates, each from the completions known then, cached by date; and the calibration
/// they give as of a later date, from the outcomes known by that date only.
/// </summary>
internal sealed class PastForecasts(CompletionHistory history, SamplingOptions sampling, ForecastOptions forecast)
{
    private readonly ConcurrentDictionary<(DateOnly, int), HowManyForecast> _howMany = new();
    private readonly ConcurrentDictionary<(DateOnly, int), WhenForecast> _when = new();
    private readonly ConcurrentDictionary<DateOnly, ThroughputSample> _samples = new();
    private readonly ConcurrentDictionary<(BacktestQuestion, int, DateOnly), (ForecastCalibration, List<DateOnly>)> _calibrations = new();

    public ThroughputSample Sample(DateOnly asOf) =>
        _samples.GetOrAdd(asOf, a => ThroughputSampler.Sample(history.KnownAt(a), a, sampling));

    public HowManyForecast HowMany(DateOnly asOf, int days, CancellationToken ct) =>
        _howMany.GetOrAdd((asOf, days), key => Forecaster.HowMany(Sample(key.Item1), key.Item1.AddDays(key.Item2), forecast, ct));

    public WhenForecast When(DateOnly asOf, int items, CancellationToken ct) =>
        _when.GetOrAdd((asOf, items), key => Forecaster.When(Sample(key.Item1), WhenRequest.Items(key.Item2), forecast, ct));

    /// <summary>The shrinkage weights tried: the reported level is p + w (calibrated − p), from the raw model (0) to full calibration (1).</summary>
    internal static readonly double[] Weights = [0, 0.25, 0.5, 0.75, 1];

    /// <summary>
    /// Calibration as of <paramref name="today"/>: the split-conformal levels of <see cref="Conformal"/>, shrunk
    /// towards the nominal ones by the weight with the lowest pinball loss prequentially (each past forecast scored at
    /// the levels the calibration of its own date gave, from what was known then, shrunk by that weight).
    /// </summary>
    public ForecastCalibration Calibrate(
        BacktestQuestion question, int size, DateOnly today, IReadOnlyList<double> percentiles, CalibrationOptions options, CancellationToken ct)
    {
        var (calibration, dates) = Conformal(question, size, today, percentiles, options, ct);
        if (!calibration.Applied || !options.PrequentialChoice)
        {
            return calibration;
        }

        // Prequential (Dawid 1984) comparison over the same past forecasts: the forecast each would have reported
        // (its levels from the outcomes known at its own date, shrunk by w) scored against the outcome known today.
        var known = history.KnownAt(today);
        var lastKnown = today.AddDays(-1);
        var losses = new double[Weights.Length];
        var point = new double[Weights.Length];
        var compared = 0;
        foreach (var asOf in dates)
        {
            ct.ThrowIfCancellationRequested();
            var then = Conformal(question, size, asOf, percentiles, options, ct).Calibration;
            if (!then.Applied)
            {
                continue;
            }

            var scored = true;
            for (var j = 0; j < Weights.Length && scored; j++)
            {
                if (Losses(question, size, asOf, known, lastKnown, percentiles, Shrink(then.RawLevels, percentiles, Weights[j]), ct) is { } l)
                {
                    point[j] = l.Calibrated;
                }
                else
                {
                    scored = false;
                }
            }

            if (scored)
            {
                for (var j = 0; j < Weights.Length; j++)
                {
                    losses[j] += point[j];
                }

                compared++;
            }
        }

        if (compared < options.MinPoints)
        {
            return calibration;
        }

        // The lowest loss; ties go to the larger weight (closer to the measured coverage).
        var best = Weights.Length - 1;
        for (var j = Weights.Length - 2; j >= 0; j--)
        {
            if (losses[j] < losses[best] - 1e-9)
            {
                best = j;
            }
        }

        var weight = Weights[best];
        var per = (double)compared * percentiles.Count;
        var comparison = new PrequentialComparison(compared, weight, losses[best] / per, losses[^1] / per, losses[0] / per);
        if (weight == 1)
        {
            return calibration with { Comparison = comparison };
        }

        var unit = question == BacktestQuestion.HowMany ? "items" : "days";
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (weight == 0)
        {
            var reason = string.Create(inv,
                $"Not calibrated: over {compared} past forecasts the calibrated percentiles had a higher pinball loss than the raw model's ({comparison.CalibratedLoss:0.##} vs {comparison.RawLoss:0.##} {unit}), so the raw model's are reported.");
            return calibration with
            {
                Applied = false,
                Levels = [.. calibration.Levels.Select(l => l with { RawLevel = l.Percentile, Capped = false })],
                Lines = [reason],
                Comparison = comparison,
            };
        }

        var shrunk = Shrink(calibration.RawLevels, percentiles, weight);
        return calibration with
        {
            Levels = [.. calibration.Levels.Select((l, i) => l with { RawLevel = shrunk[i], Capped = false })],
            Lines = [.. calibration.Levels.Select((l, i) => string.Create(inv,
                $"P{l.Percentile:0.##} calibrated on {calibration.Points} past forecasts: raw P{l.Percentile:0.##} held {l.RawHitRate * 100:0}%, reported P{l.Percentile:0.##} is the raw P{Math.Round(shrunk[i], 1):0.#} ({weight * 100:0}% of the way to the raw P{Math.Round(l.RawLevel, 1):0.#}: the lowest pinball loss over {compared} past forecasts, {comparison.ShrunkLoss:0.##} vs raw {comparison.RawLoss:0.##} {unit})"))],
            Comparison = comparison,
        };
    }

    /// <summary>Levels p + w (calibrated − p), in percent.</summary>
    private static double[] Shrink(IReadOnlyList<double> calibrated, IReadOnlyList<double> nominal, double w) =>
        [.. nominal.Select((p, i) => p + (w * (calibrated[i] - p)))];

    /// <summary>
    /// The summed pinball losses over the percentiles of the past forecast at <paramref name="asOf"/>, read at the
    /// calibrated levels and at the nominal ones; null when the outcome does not tell them apart yet (a "when" not
    /// done before today counts only while both dates are before today: then the difference is known).
    /// </summary>
    private (double Calibrated, double Raw)? Losses(
        BacktestQuestion question, int size, DateOnly asOf, IReadOnlyList<DateOnly> known, DateOnly lastKnown, IReadOnlyList<double> percentiles,
        double[] levels, CancellationToken ct)
    {
        double calibrated = 0, raw = 0;
        if (question == BacktestQuestion.HowMany)
        {
            var by = asOf.AddDays(size);
            if (by > lastKnown || HowMany(asOf, size, ct) is not { Status: ForecastStatus.Ok } f)
            {
                return null;
            }

            var actual = Backtester.CountIn(known, asOf, by);
            for (var i = 0; i < percentiles.Count; i++)
            {
                var p = percentiles[i] / 100;
                calibrated += ForecastReading.Pinball(question, p, actual, ForecastReading.ItemsAt(f, levels[i] / 100));
                raw += ForecastReading.Pinball(question, p, actual, ForecastReading.ItemsAt(f, p));
            }

            return (calibrated, raw);
        }

        if (When(asOf, size, ct) is not { Status: ForecastStatus.Ok, Overall: { } dist } w)
        {
            return null;
        }

        var done = Backtester.NthAfter(known, asOf, size) is { } d && d <= lastKnown ? d : (DateOnly?)null;
        for (var i = 0; i < percentiles.Count; i++)
        {
            var p = percentiles[i] / 100;
            var atLevel = (ForecastReading.DateAt(dist, levels[i] / 100) ?? w.Inputs.HorizonEnd).DayNumber;
            var atNominal = (ForecastReading.DateAt(dist, p) ?? w.Inputs.HorizonEnd).DayNumber;
            if (done is { } actual)
            {
                calibrated += ForecastReading.Pinball(question, p, actual.DayNumber, atLevel);
                raw += ForecastReading.Pinball(question, p, actual.DayNumber, atNominal);
            }
            else if (atLevel <= lastKnown.DayNumber && atNominal <= lastKnown.DayNumber)
            {
                // Both missed (the outcome is today or later): the losses τ (y − D) differ by τ (D_raw − D_cal) whatever y is,
                // so both are scored as if y were yesterday (a lower bound each, their difference exact).
                calibrated += p * (lastKnown.DayNumber - atLevel);
                raw += p * (lastKnown.DayNumber - atNominal);
            }
            else
            {
                return null;
            }
        }

        return (calibrated, raw);
    }

    /// <summary>
    /// The split-conformal calibration as of <paramref name="today"/> (cached by date): the raw forecasts at
    /// today − step, today − 2 step, … back to the lookback (further, up to the longest lookback, while fewer than the
    /// minimum have a known outcome), with the outcomes known today: complete ones give their threshold, "when"s not
    /// all done yet a lower bound of it (right-censored; Kaplan–Meier). Also the past dates scored.
    /// </summary>
    private (ForecastCalibration Calibration, List<DateOnly> Dates) Conformal(
        BacktestQuestion question, int size, DateOnly today, IReadOnlyList<double> percentiles, CalibrationOptions options, CancellationToken ct) =>
        _calibrations.GetOrAdd((question, size, today), _ => ConformalUncached(question, size, today, percentiles, options, ct));

    private (ForecastCalibration Calibration, List<DateOnly> Dates) ConformalUncached(
        BacktestQuestion question, int size, DateOnly today, IReadOnlyList<double> percentiles, CalibrationOptions options, CancellationToken ct)
    {
        var known = history.KnownAt(today);
        var lastKnown = today.AddDays(-1);
        var thresholds = new List<double>();
        var censored = new List<double>();
        var dates = new List<DateOnly>();
        var lookback = today.AddDays(-options.LookbackDays);
        var furthest = today.AddDays(-options.MaxLookbackDays);
        for (var asOf = today.AddDays(-options.StepDays);
             asOf >= lookback || (asOf >= furthest && thresholds.Count < options.MinPoints);
             asOf = asOf.AddDays(-options.StepDays))
        {
            ct.ThrowIfCancellationRequested();
            if (sampling.Window is { Kind: ThroughputWindowKind.DateRange, To: { } end } && end >= asOf)
            {
                continue; // a fixed date range not over yet on that date: no forecast could stand there
            }

            if (question == BacktestQuestion.HowMany)
            {
                var by = asOf.AddDays(size);
                if (by > lastKnown)
                {
                    continue;
                }

                var f = HowMany(asOf, size, ct);
                if (f.Status == ForecastStatus.Ok)
                {
                    thresholds.Add(ForecastReading.Threshold(f, Backtester.CountIn(known, asOf, by)));
                    dates.Add(asOf);
                }
            }
            else
            {
                var f = When(asOf, size, ct);
                if (f is not { Status: ForecastStatus.Ok, Overall: { } dist })
                {
                    continue;
                }

                dates.Add(asOf);
                if (Backtester.NthAfter(known, asOf, size) is { } actual && actual <= lastKnown)
                {
                    thresholds.Add(ForecastReading.Threshold(dist, actual));
                }
                else
                {
                    // Not all done yet: the outcome is today or later, so the threshold is at least F(yesterday). Leaving
                    // these out would keep only the fast outcomes of the recent past (a censoring bias towards narrow).
                    censored.Add(ForecastReading.Threshold(dist, today));
                }
            }
        }

        return (ForecastCalibration.FromPastLevels(question, size, percentiles, thresholds, options, censored), dates);
    }
}

/// <summary>
/// Self-calibrated forecasts (docs/forecasting.md §11): before answering, the stream's own recent past is backtested
/// with the same model and the reported percentiles are remapped so that their measured coverage matches the nominal
/// one (split-conformal quantile recalibration).
/// </summary>
/// <remarks>Pure: today is the sample's; the same seed gives the same answer.</remarks>
public static class SelfCalibration
{
    /// <summary>The calibration of "when will the next <paramref name="items"/> be done" as of <paramref name="today"/>.</summary>
    public static ForecastCalibration ForWhen(
        CompletionHistory history, DateOnly today, int items, SamplingOptions sampling, ForecastOptions forecast, CalibrationOptions calibration,
        CancellationToken cancellationToken = default) =>
        Calibrate(BacktestQuestion.When, history, today, items, sampling, forecast, calibration, cancellationToken);

    /// <summary>The calibration of "how many in the next <paramref name="days"/> calendar days" as of <paramref name="today"/>.</summary>
    public static ForecastCalibration ForHowMany(
        CompletionHistory history, DateOnly today, int days, SamplingOptions sampling, ForecastOptions forecast, CalibrationOptions calibration,
        CancellationToken cancellationToken = default) =>
        Calibrate(BacktestQuestion.HowMany, history, today, days, sampling, forecast, calibration, cancellationToken);

    private static ForecastCalibration Calibrate(
        BacktestQuestion question, CompletionHistory history, DateOnly today, int size, SamplingOptions sampling, ForecastOptions forecast,
        CalibrationOptions calibration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(calibration);
        calibration.Validate();
        return new PastForecasts(history, sampling, PastOptions(forecast, calibration))
            .Calibrate(question, size, today, forecast.Percentiles, calibration, cancellationToken);
    }

    /// <summary>
    /// A calibrated "when": the raw model is read at the calibrated levels and reported under the nominal percentiles;
    /// the deadline probability is the calibrated one. Requests other than one fixed-scope backlog are answered
    /// uncalibrated, with a line saying why.
    /// </summary>
    public static (WhenForecast Forecast, ForecastCalibration Calibration) When(
        CompletionHistory history, ThroughputSample sample, WhenRequest request, SamplingOptions sampling, ForecastOptions forecast,
        CalibrationOptions calibration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(forecast);
        if (request.Features.Count != 1 || request.Features[0].ScopeLow != request.Features[0].ScopeHigh || !request.Features[0].IsPlain
            || request.Arrivals is not null)
        {
            var none = ForecastCalibration.NotApplied(BacktestQuestion.When, 0, forecast.Percentiles, 0,
                "Not calibrated: calibration answers one backlog of a fixed number of items.");
            return (Forecaster.When(sample, request, forecast, cancellationToken), none);
        }

        var items = request.Features[0].ScopeLow;
        var cal = ForWhen(history, sample.Today, items, sampling, forecast, calibration, cancellationToken);
        if (!cal.Applied)
        {
            return (Forecaster.When(sample, request, forecast, cancellationToken), cal);
        }

        var raw = Forecaster.When(sample, request, forecast with { Percentiles = Distinct(cal.RawLevels) }, cancellationToken);
        return (Relabel(raw, cal, forecast.Percentiles), cal);
    }

    /// <summary>A calibrated "how many by <paramref name="by"/>" (calibrated on "how many in the same number of calendar days").</summary>
    public static (HowManyForecast Forecast, ForecastCalibration Calibration) HowMany(
        CompletionHistory history, ThroughputSample sample, DateOnly by, SamplingOptions sampling, ForecastOptions forecast,
        CalibrationOptions calibration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(forecast);
        var days = by.DayNumber - sample.Today.DayNumber;
        if (days < 1)
        {
            var none = ForecastCalibration.NotApplied(BacktestQuestion.HowMany, days, forecast.Percentiles, 0, "Not calibrated: the date is not after today.");
            return (Forecaster.HowMany(sample, by, forecast, cancellationToken), none);
        }

        var cal = ForHowMany(history, sample.Today, days, sampling, forecast, calibration, cancellationToken);
        var raw = Forecaster.HowMany(sample, by, forecast, cancellationToken);
        if (!cal.Applied || raw.Status != ForecastStatus.Ok)
        {
            return (raw, cal);
        }

        var percentiles = forecast.Percentiles
            .Select((p, i) => new PercentileCount(p, ForecastReading.ItemsAt(raw, cal.Levels[i].RawLevel / 100)))
            .ToList();
        return (raw with { Percentiles = percentiles, Inputs = raw.Inputs with { Percentiles = [.. forecast.Percentiles] } }, cal);
    }

    private static ForecastOptions PastOptions(ForecastOptions forecast, CalibrationOptions calibration) =>
        forecast with { Trials = Math.Min(forecast.Trials, calibration.Trials), Progress = null };

    private static double[] Distinct(IReadOnlyList<double> levels) => [.. levels.Distinct()];

    private static WhenForecast Relabel(WhenForecast raw, ForecastCalibration cal, IReadOnlyList<double> nominal)
    {
        DateDistribution Map(DateDistribution d)
        {
            var byLevel = d.Percentiles.ToDictionary(p => p.Percentile);
            var percentiles = nominal.Select((p, i) => byLevel[cal.Levels[i].RawLevel] with { Percentile = p }).ToList();
            return d with
            {
                Percentiles = percentiles,
                DeadlineProbability = d.DeadlineProbability is { } q ? cal.Probability(q) : null,
            };
        }

        var overall = raw.Overall is null ? null : Map(raw.Overall);
        return raw with
        {
            Overall = overall,
            Features = [.. raw.Features.Select(f => f with { Result = Map(f.Result) })],
            Inputs = raw.Inputs with { Percentiles = [.. nominal] },
        };
    }
}
