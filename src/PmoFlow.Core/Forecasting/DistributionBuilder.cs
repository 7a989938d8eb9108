using System.Globalization;

namespace PmoFlow.Core.Forecasting;

/// <summary>Turns cumulative probabilities into the reported percentiles and distributions.</summary>
internal static class DistributionBuilder
{
    /// <summary>
    /// Slack when comparing a cumulative probability with a confidence level, so that floating-point rounding in the
    /// exact engine (≈1e-13) does not move a percentile that sits exactly on a probability step. Monte Carlo steps are
    /// 1/trials ≥ 1e-8 apart, far above it.
    /// </summary>
    public const double PercentileTolerance = 1e-9;

    /// <summary>Cumulative probabilities (index 0..K) from a Monte Carlo histogram (index K+1 = not within horizon).</summary>
    public static (double[] Cumulative, double Beyond) FromHistogram(long[] hist, int trials)
    {
        var cumulative = new double[hist.Length - 1];
        long running = 0;
        for (var k = 0; k < cumulative.Length; k++)
        {
            running += hist[k];
            cumulative[k] = (double)running / trials;
        }

        return (cumulative, (double)hist[^1] / trials);
    }

    public static DateDistribution Dates(
        double[] cumulative,
        SimulatedDays days,
        IReadOnlyList<double> percentiles,
        DateOnly? deadline,
        int horizonYears,
        Func<string> figures)
    {
        var today = days.Days[0];
        var within = cumulative[^1];
        var result = new List<PercentileDate>(percentiles.Count);
        foreach (var p in percentiles)
        {
            var k = FirstReaching(cumulative, p / 100);
            result.Add(k < 0
                ? new PercentileDate(p, null, null, null)
                : new PercentileDate(p, days.Days[k], k, days.Days[k].DayNumber - today.DayNumber));
        }

        var points = new List<DatePoint>();
        var previous = 0.0;
        for (var k = 0; k < cumulative.Length; k++)
        {
            var pk = cumulative[k] - previous;
            if (pk > 0)
            {
                points.Add(new DatePoint(days.Days[k], k, pk, cumulative[k]));
            }

            previous = cumulative[k];
        }

        double? deadlineProbability = deadline is null ? null : cumulative[days.IndexOnOrBefore(deadline.Value)];
        var maxP = percentiles.Max();
        string? reason = null;
        if (within < maxP / 100 - PercentileTolerance)
        {
            reason = string.Create(CultureInfo.InvariantCulture,
                $"Only {within * 100:0.##}% of outcomes finish within the {horizonYears}-year horizon (by {days.HorizonEnd:yyyy-MM-dd}); P{maxP:0.##} needs {maxP:0.##}%. {figures()}");
        }

        return new DateDistribution(
            reason is null ? ForecastStatus.Ok : ForecastStatus.CannotForecast, reason, result, deadlineProbability, within, points);
    }

    public static (IReadOnlyList<PercentileCount> Percentiles, IReadOnlyList<CountPoint> Distribution) Counts(
        double[] pmf, IReadOnlyList<double> percentiles)
    {
        // atLeast[c] = P(S ≥ c), summed from the top so that small tail probabilities keep their precision.
        var atLeast = new double[pmf.Length + 1];
        for (var c = pmf.Length - 1; c >= 0; c--)
        {
            atLeast[c] = atLeast[c + 1] + pmf[c];
        }

        var result = new List<PercentileCount>(percentiles.Count);
        foreach (var p in percentiles)
        {
            // The largest count that at least p% of outcomes reach or exceed; atLeast is non-increasing.
            long best = 0;
            for (var c = pmf.Length - 1; c >= 0; c--)
            {
                if (atLeast[c] >= p / 100 - PercentileTolerance)
                {
                    best = c;
                    break;
                }
            }

            result.Add(new PercentileCount(p, best));
        }

        var points = new List<CountPoint>();
        for (var c = 0; c < pmf.Length; c++)
        {
            if (pmf[c] > 0)
            {
                points.Add(new CountPoint(c, pmf[c], Math.Min(1, atLeast[c])));
            }
        }

        return (result, points);
    }

    private static int FirstReaching(double[] cumulative, double level)
    {
        for (var k = 0; k < cumulative.Length; k++)
        {
            if (cumulative[k] >= level - PercentileTolerance)
            {
                return k;
            }
        }

        return -1;
    }
}
