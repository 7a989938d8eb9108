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

    /// <summary>
    /// Shrink the calibrated levels towards the nominal ones (weights 0, ¼, ½, ¾, 1) by the weight with the lowest
    /// pinball loss over the past forecasts, each scored at the levels its own date's calibration gave (prequentially;
    /// default true). False: the conformal levels as they are.
    /// </summary>
    public bool PrequentialChoice { get; init; } = true;

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

/// <summary>
/// The prequential choice of the shrinkage weight: mean pinball loss per percentile, in items or days, over past
/// forecasts each read at the levels of the calibration of its own date, shrunk by the weight.
/// </summary>
/// <param name="Points">Past forecasts compared.</param>
/// <param name="Weight">The weight chosen: 0 the raw model, 1 full calibration.</param>
/// <param name="ShrunkLoss">Mean pinball loss at the chosen weight.</param>
/// <param name="CalibratedLoss">Mean pinball loss of full calibration (weight 1).</param>
/// <param name="RawLoss">Mean pinball loss of the raw model's percentiles.</param>
public sealed record PrequentialComparison(int Points, double Weight, double ShrunkLoss, double CalibratedLoss, double RawLoss);

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
/// <param name="CensoredLevels">
/// Past "when" forecasts whose outcome was not known yet (the items were not all done before today), ascending: each
/// one's threshold is at least this level (F(the day before today)), so it missed at every level up to it. Counted in
/// <see cref="Points"/>; the coverage is their Kaplan–Meier estimate together with <see cref="PastLevels"/>.
/// </param>
public sealed record ForecastCalibration(
    BacktestQuestion Question, int Size, bool Applied, int Points, IReadOnlyList<CalibrationLevel> Levels, IReadOnlyList<double> PastLevels,
    IReadOnlyList<string> Lines, IReadOnlyList<double>? CensoredLevels = null)
{
    /// <summary>The prequential choice of the shrinkage weight (null when none was made: too few past forecasts, or off).</summary>
    public PrequentialComparison? Comparison { get; init; }

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

        return PastLevels.Count == 0 ? 0 : Coverage.Of(PastLevels, CensoredLevels ?? []).Below(raw - DistributionBuilder.PercentileTolerance);
    }

    /// <summary>An uncalibrated answer with the reason as its line.</summary>
    public static ForecastCalibration NotApplied(BacktestQuestion question, int size, IReadOnlyList<double> percentiles, int points, string reason) =>
        new(question, size, false, points, [.. percentiles.Select(p => new CalibrationLevel(p, null, p, false))], [], [reason]);

    /// <summary>
    /// Maps each nominal percentile p to the raw level just above the k-th smallest past threshold, k = ⌈p (n + 1)⌉
    /// (split-conformal quantile recalibration): at least a share p of the past forecasts would have held at it. With
    /// censored past forecasts the share is the Kaplan–Meier estimate over all n (docs/forecasting.md §11), which is
    /// the same rule when nothing is censored.
    /// </summary>
    /// <param name="question">The question.</param>
    /// <param name="size">K or N.</param>
    /// <param name="percentiles">Nominal percentiles (percent).</param>
    /// <param name="pastLevels">Threshold level of each past forecast with a known outcome, in [0, 1].</param>
    /// <param name="options">Minimum points and level bounds.</param>
    /// <param name="censoredLevels">Past forecasts whose outcome is not known yet: each threshold is at least this level.</param>
    public static ForecastCalibration FromPastLevels(
        BacktestQuestion question, int size, IReadOnlyList<double> percentiles, IReadOnlyList<double> pastLevels, CalibrationOptions options,
        IReadOnlyList<double>? censoredLevels = null)
    {
        ArgumentNullException.ThrowIfNull(percentiles);
        ArgumentNullException.ThrowIfNull(pastLevels);
        ArgumentNullException.ThrowIfNull(options);
        censoredLevels ??= [];
        var n = pastLevels.Count + censoredLevels.Count;
        if (pastLevels.Count < options.MinPoints)
        {
            return NotApplied(question, size, percentiles, n, string.Create(CultureInfo.InvariantCulture,
                $"Not calibrated: only {pastLevels.Count} past forecasts with a known outcome in the last {options.MaxLookbackDays} days ({options.MinPoints} needed); the percentiles are the raw model's."));
        }

        var sorted = pastLevels.Order().ToArray();
        var censored = censoredLevels.Order().ToArray();
        var coverage = Coverage.Of(sorted, censored);
        var levels = new List<CalibrationLevel>(percentiles.Count);
        var lines = new List<string>(percentiles.Count);
        var basis = censored.Length == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{n} past forecasts")
            : string.Create(CultureInfo.InvariantCulture, $"{n} past forecasts ({censored.Length} not done yet)");
        foreach (var p in percentiles)
        {
            var rate = coverage.Below(p / 100 - DistributionBuilder.PercentileTolerance);
            // Conformal finite-sample level: a share p (n + 1) / n of the n past forecasts must have held.
            var threshold = coverage.LevelReaching(p / 100 * (n + 1) / n - 1e-9);
            double raw;
            var capped = false;
            if (threshold is not { } v)
            {
                raw = options.MaxLevel;
                capped = true;
            }
            else
            {
                // Just above the threshold: the forecast at that level holds for the past points up to it.
                raw = (v * 100) + 1e-4;
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

            levels.Add(new CalibrationLevel(p, rate, raw, capped));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"P{p:0.##} calibrated on {basis}: raw P{p:0.##} held {rate * 100:0}%, reported P{p:0.##} is the raw P{Math.Round(raw, 1):0.#}{(capped ? " (the highest allowed: the raw model cannot reach this coverage)" : string.Empty)}"));
        }

        return new ForecastCalibration(question, size, true, n, levels, sorted, lines, censored);
    }
}

/// <summary>
/// The measured coverage of raw levels over past forecasts, some right-censored: G(q) = P(threshold &lt; q) by the
/// Kaplan–Meier product-limit estimator (censorings before events at ties, as a bound b means ≥ b), the empirical share when none is censored.
/// </summary>
internal sealed class Coverage
{
    private readonly double[] _events;
    private readonly double[] _below;

    private Coverage(double[] events, double[] below)
    {
        _events = events;
        _below = below;
    }

    /// <summary>The estimator over thresholds <paramref name="observed"/> and lower bounds <paramref name="censored"/>.</summary>
    public static Coverage Of(IReadOnlyList<double> observed, IReadOnlyList<double> censored)
    {
        var events = observed.Order().ToArray();
        var bounds = censored.Order().ToArray();
        var total = events.Length + bounds.Length;
        var distinct = new List<double>();
        var below = new List<double>();
        double survival = 1;
        int i = 0, c = 0;
        while (i < events.Length)
        {
            var e = events[i];
            // A bound b says only "threshold ≥ b", so it leaves the risk set before the events at b (censorings first at
            // ties): a bound of 0 tells nothing, and a past forecast not done yet never counts as a miss below its bound.
            while (c < bounds.Length && bounds[c] <= e)
            {
                c++;
            }

            var d = 0;
            while (i + d < events.Length && events[i + d] == e)
            {
                d++;
            }

            var atRisk = total - i - c;
            survival *= 1 - ((double)d / atRisk);
            distinct.Add(e);
            below.Add(1 - survival);
            i += d;
        }

        return new Coverage([.. distinct], [.. below]);
    }

    /// <summary>G(q): the estimated share of past forecasts that held at raw level q (threshold below q).</summary>
    public double Below(double q)
    {
        double g = 0;
        for (var j = 0; j < _events.Length && _events[j] < q; j++)
        {
            g = _below[j];
        }

        return g;
    }

    /// <summary>The smallest past threshold v with G(just above v) ≥ <paramref name="share"/>, or null when none reaches it.</summary>
    public double? LevelReaching(double share)
    {
        for (var j = 0; j < _events.Length; j++)
        {
            if (_below[j] >= share)
            {
                return _events[j];
            }
        }

        return null;
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
