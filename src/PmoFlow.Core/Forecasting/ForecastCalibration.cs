using System.Globalization;

namespace PmoFlow.Core.Forecasting;

/// <summary>Options of self-calibration: the backtest of the stream's own past that tunes the reported percentiles.</summary>
public sealed record CalibrationOptions
{
    /// <summary>How far back past forecasts are made, in calendar days before today (default 365: one year).</summary>
    /// <remarks>Measured against 730 and 1,460 days (docs/forecasting.md §12): one year follows regime changes soonest.</remarks>
    public int LookbackDays { get; init; } = 365;

    /// <summary>
    /// When the lookback holds fewer than <see cref="MinPoints"/> past forecasts with a known outcome (a large backlog
    /// takes months), it is extended week by week up to this many days (default 1,460: four years).
    /// </summary>
    public int MaxLookbackDays { get; init; } = 1460;

    /// <summary>Calendar days between past as-of dates (default 7).</summary>
    public int StepDays { get; init; } = 7;

    /// <summary>Fewest past forecasts with a known outcome needed to calibrate (default 20); fewer → uncalibrated, said so.</summary>
    public int MinPoints { get; init; } = 20;

    /// <summary>Monte Carlo trials of each past forecast (default 2,000; the exact engine ignores it).</summary>
    public int Trials { get; init; } = 2_000;

    /// <summary>Highest raw level a percentile may be mapped to, in percent (default 99.9).</summary>
    public double MaxLevel { get; init; } = 99.9;

    /// <summary>Lowest raw level a percentile may be mapped to, in percent (default 0.1).</summary>
    public double MinLevel { get; init; } = 0.1;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LookbackDays);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLookbackDays, LookbackDays);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(StepDays);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinPoints);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Trials);
        if (!(MinLevel > 0 && MinLevel < MaxLevel && MaxLevel <= 100))
        {
            throw new ArgumentException("Calibration levels need 0 < MinLevel < MaxLevel ≤ 100.");
        }
    }
}

/// <summary>How one reported percentile was calibrated.</summary>
/// <param name="Percentile">The nominal (reported) percentile.</param>
/// <param name="RawHitRate">How often the raw model's forecast at this percentile held over the past forecasts (null without any).</param>
/// <param name="RawLevel">The raw model's percentile that is reported under the nominal one (= the nominal when uncalibrated).</param>
/// <param name="Capped">True when even <see cref="CalibrationOptions.MaxLevel"/> (or MinLevel) did not reach the nominal coverage.</param>
public sealed record CalibrationLevel(double Percentile, double? RawHitRate, double RawLevel, bool Capped);

/// <summary>What self-calibration did for one forecast (docs/forecasting.md §11).</summary>
/// <param name="Question">The question calibrated (how-many in K days, or when the next N are done).</param>
/// <param name="Size">K (calendar days) or N (items).</param>
/// <param name="Applied">True when the percentiles were remapped; false when the history was too short or calibration was off.</param>
/// <param name="Points">Past forecasts with a known outcome that were scored.</param>
/// <param name="Levels">One per reported percentile.</param>
/// <param name="PastLevels">
/// Each past forecast's threshold level, ascending: the raw forecast at level q held exactly when q &gt; the threshold
/// (how-many: P(S ≥ actual + 1); when: F(the day before the actual date)).
/// </param>
/// <param name="Lines">Human-readable lines, one per percentile ("P85 calibrated on 104 past forecasts: raw P85 held 66%, reported P85 is the raw P93").</param>
public sealed record ForecastCalibration(
    BacktestQuestion Question, int Size, bool Applied, int Points, IReadOnlyList<CalibrationLevel> Levels, IReadOnlyList<double> PastLevels,
    IReadOnlyList<string> Lines)
{
    /// <summary>The raw levels to ask the model for, in the order of <see cref="Levels"/>.</summary>
    public IReadOnlyList<double> RawLevels => [.. Levels.Select(l => l.RawLevel)];

    /// <summary>
    /// The calibrated probability of an event the raw model gives probability <paramref name="raw"/>: the share of past
    /// forecasts whose threshold lies below it (the raw value itself when not applied).
    /// </summary>
    public double Probability(double raw) => Probability(raw, Applied);

    /// <summary>
    /// The share of past forecasts that held at raw level <paramref name="raw"/> (its measured coverage) when
    /// <paramref name="applied"/>, else <paramref name="raw"/> itself; 0 without past forecasts.
    /// </summary>
    public double Probability(double raw, bool applied)
    {
        if (!applied)
        {
            return raw;
        }

        if (PastLevels.Count == 0)
        {
            return 0;
        }

        var below = 0;
        foreach (var v in PastLevels)
        {
            if (v < raw - DistributionBuilder.PercentileTolerance)
            {
                below++;
            }
        }

        return (double)below / PastLevels.Count;
    }

    /// <summary>An uncalibrated answer with the reason as its line.</summary>
    public static ForecastCalibration NotApplied(BacktestQuestion question, int size, IReadOnlyList<double> percentiles, int points, string reason) =>
        new(question, size, false, points, [.. percentiles.Select(p => new CalibrationLevel(p, null, p, false))], [], [reason]);

    /// <summary>
    /// Maps each nominal percentile p to the raw level just above the k-th smallest past threshold, k = ⌈p (n + 1)⌉
    /// (split-conformal quantile recalibration): at least a share p of the past forecasts would have held at it.
    /// </summary>
    /// <param name="question">The question.</param>
    /// <param name="size">K or N.</param>
    /// <param name="percentiles">Nominal percentiles (percent).</param>
    /// <param name="pastLevels">Threshold level of each past forecast, in [0, 1].</param>
    /// <param name="options">Minimum points and level bounds.</param>
    public static ForecastCalibration FromPastLevels(
        BacktestQuestion question, int size, IReadOnlyList<double> percentiles, IReadOnlyList<double> pastLevels, CalibrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(percentiles);
        ArgumentNullException.ThrowIfNull(pastLevels);
        ArgumentNullException.ThrowIfNull(options);
        var n = pastLevels.Count;
        if (n < options.MinPoints)
        {
            return NotApplied(question, size, percentiles, n, string.Create(CultureInfo.InvariantCulture,
                $"Not calibrated: only {n} past forecasts with a known outcome in the last {options.MaxLookbackDays} days ({options.MinPoints} needed); the percentiles are the raw model's."));
        }

        var sorted = pastLevels.Order().ToArray();
        var levels = new List<CalibrationLevel>(percentiles.Count);
        var lines = new List<string>(percentiles.Count);
        foreach (var p in percentiles)
        {
            var held = sorted.Count(v => v < p / 100 - DistributionBuilder.PercentileTolerance);
            var k = (int)Math.Ceiling(p / 100 * (n + 1) - 1e-9);
            double raw;
            var capped = false;
            if (k > n)
            {
                raw = options.MaxLevel;
                capped = true;
            }
            else
            {
                // Just above the k-th smallest threshold: the forecast at that level holds for those k past points.
                raw = (sorted[Math.Max(k, 1) - 1] * 100) + 1e-4;
                if (raw > options.MaxLevel)
                {
                    raw = options.MaxLevel;
                    capped = true;
                }
                else if (raw < options.MinLevel)
                {
                    raw = options.MinLevel;
                }
            }

            var rate = (double)held / n;
            levels.Add(new CalibrationLevel(p, rate, raw, capped));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"P{p:0.##} calibrated on {n} past forecasts: raw P{p:0.##} held {rate * 100:0}%, reported P{p:0.##} is the raw P{Math.Round(raw, 1):0.#}{(capped ? " (the highest allowed: the raw model cannot reach this coverage)" : string.Empty)}"));
        }

        return new ForecastCalibration(question, size, true, n, levels, sorted, lines);
    }
}

/// <summary>Reads a forecast's distribution at any level and scores outcomes against it (calibration and backtests share it).</summary>
public static class ForecastReading
{
    /// <summary>How-many at level q (fraction): the largest count reached or exceeded with probability ≥ q.</summary>
    public static long ItemsAt(HowManyForecast forecast, double level)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        long best = 0;
        foreach (var p in forecast.Distribution)
        {
            if (p.AtLeast >= level - DistributionBuilder.PercentileTolerance)
            {
                best = p.Items;
            }
        }

        return best;
    }

    /// <summary>When at level q (fraction): the first date finished on or before with probability ≥ q; null beyond the horizon.</summary>
    public static DateOnly? DateAt(DateDistribution distribution, double level)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        foreach (var p in distribution.Distribution)
        {
            if (p.Cumulative >= level - DistributionBuilder.PercentileTolerance)
            {
                return p.Date;
            }
        }

        return null;
    }

    /// <summary>The threshold level of a how-many outcome: P(S ≥ actual + 1); the forecast at level q holds iff q &gt; it.</summary>
    public static double Threshold(HowManyForecast forecast, long actual)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        foreach (var p in forecast.Distribution)
        {
            if (p.Items > actual)
            {
                return p.AtLeast;
            }
        }

        return 0;
    }

    /// <summary>The threshold level of a when outcome: F(the last simulated day before the actual date); the forecast at level q holds iff q &gt; it.</summary>
    public static double Threshold(DateDistribution distribution, DateOnly actual)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        double f = 0;
        foreach (var p in distribution.Distribution)
        {
            if (p.Date >= actual)
            {
                break;
            }

            f = p.Cumulative;
        }

        return f;
    }

    /// <summary>
    /// The pinball (quantile) loss of a forecast value at nominal confidence p (fraction). A how-many count at
    /// confidence p is the (1 − p) quantile of the count; a when date at p is the p quantile of the date.
    /// </summary>
    public static double Pinball(BacktestQuestion question, double confidence, double actual, double forecast)
    {
        var tau = question == BacktestQuestion.HowMany ? 1 - confidence : confidence;
        var d = actual - forecast;
        return d >= 0 ? tau * d : (tau - 1) * d;
    }
}
