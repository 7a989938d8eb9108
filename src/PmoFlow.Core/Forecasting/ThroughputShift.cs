namespace PmoFlow.Core.Forecasting;

/// <summary>A sharp change of throughput between the two halves of a window.</summary>
/// <param name="FirstMean">Mean daily count of the first half.</param>
/// <param name="SecondMean">Mean daily count of the second half.</param>
/// <param name="FirstDays">Working days in the first half.</param>
/// <param name="SecondDays">Working days in the second half.</param>
/// <param name="T">Welch's t statistic (second − first); ±∞ is reported as ±1e9.</param>
public sealed record ThroughputShift(double FirstMean, double SecondMean, int FirstDays, int SecondDays, double T)
{
    /// <summary>Minimum working days in each half before the test is run.</summary>
    public const int MinDaysPerHalf = 5;

    /// <summary>
    /// Compares the two halves of the daily counts: a shift is reported when the larger mean is at least
    /// <paramref name="ratio"/> times the smaller one AND |Welch t| ≥ <paramref name="minT"/>.
    /// </summary>
    /// <remarks>
    /// Both conditions are needed: the ratio alone fires on tiny, noisy windows; the t test alone fires on
    /// small but statistically clear drifts that hardly move a forecast. Welch's test uses each half's own
    /// variance, so bursty (over-dispersed) daily counts do not raise false alarms as a Poisson test would.
    /// Returns null when there is no shift or fewer than <see cref="MinDaysPerHalf"/> days per half.
    /// </remarks>
    public static ThroughputShift? Detect(IReadOnlyList<int> counts, double ratio, double minT)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var n1 = counts.Count / 2;
        var n2 = counts.Count - n1;
        if (n1 < MinDaysPerHalf)
        {
            return null;
        }

        var (m1, v1) = MeanVariance(counts, 0, n1);
        var (m2, v2) = MeanVariance(counts, n1, n2);
        var se = Math.Sqrt(v1 / n1 + v2 / n2);
        var t = se > 0 ? (m2 - m1) / se : m2 == m1 ? 0 : Math.CopySign(1e9, m2 - m1);
        var lo = Math.Min(m1, m2);
        var hi = Math.Max(m1, m2);
        var ratioMet = lo == 0 ? hi > 0 : hi / lo >= ratio;
        return ratioMet && Math.Abs(t) >= minT ? new ThroughputShift(m1, m2, n1, n2, t) : null;
    }

    private static (double Mean, double Variance) MeanVariance(IReadOnlyList<int> counts, int start, int n)
    {
        double sum = 0;
        for (var i = start; i < start + n; i++)
        {
            sum += counts[i];
        }

        var mean = sum / n;
        double ss = 0;
        for (var i = start; i < start + n; i++)
        {
            ss += (counts[i] - mean) * (counts[i] - mean);
        }

        return (mean, n > 1 ? ss / (n - 1) : 0);
    }
}
