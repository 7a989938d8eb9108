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

    public ThroughputSample Sample(DateOnly asOf) =>
        _samples.GetOrAdd(asOf, a => ThroughputSampler.Sample(history.KnownAt(a), a, sampling));

    public HowManyForecast HowMany(DateOnly asOf, int days, CancellationToken ct) =>
        _howMany.GetOrAdd((asOf, days), key => Forecaster.HowMany(Sample(key.Item1), key.Item1.AddDays(key.Item2), forecast, ct));

    public WhenForecast When(DateOnly asOf, int items, CancellationToken ct) =>
        _when.GetOrAdd((asOf, items), key => Forecaster.When(Sample(key.Item1), WhenRequest.Items(key.Item2), forecast, ct));

    /// <summary>
    /// Calibration as of <paramref name="today"/>: the raw forecasts at today − step, today − 2 step, … back to the
    /// lookback (further, up to the longest lookback, while fewer than the minimum are found), whose outcome was
    /// complete before today in the completions known today.
    /// </summary>
    public ForecastCalibration Calibrate(
        BacktestQuestion question, int size, DateOnly today, IReadOnlyList<double> percentiles, CalibrationOptions options, CancellationToken ct)
    {
        var known = history.KnownAt(today);
        var lastKnown = today.AddDays(-1);
        var thresholds = new List<double>();
        var lookback = today.AddDays(-options.LookbackDays);
        var furthest = today.AddDays(-options.MaxLookbackDays);
        for (var asOf = today.AddDays(-options.StepDays);
             asOf >= lookback || (asOf >= furthest && thresholds.Count < options.MinPoints);
             asOf = asOf.AddDays(-options.StepDays))
        {
            ct.ThrowIfCancellationRequested();
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
                }
            }
            else
            {
                if (Backtester.NthAfter(known, asOf, size) is not { } actual || actual > lastKnown)
                {
                    continue;
                }

                var f = When(asOf, size, ct);
                if (f is { Status: ForecastStatus.Ok, Overall: { } dist })
                {
                    thresholds.Add(ForecastReading.Threshold(dist, actual));
                }
            }
        }

        return ForecastCalibration.FromPastLevels(question, size, percentiles, thresholds, options);
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
