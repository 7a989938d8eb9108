using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>Quantiles of a sample, with the method named (METRICS.md §3 "Percentiles").</summary>
/// <remarks>
/// Inputs must be sorted ascending. Percentiles are in percent (0..100). An empty sample has no percentile:
/// the methods return null rather than 0. Pure and thread-safe.
/// </remarks>
public static class Percentiles
{
    /// <summary>The p-th percentile of a sorted sample by the chosen method, or null when the sample is empty.</summary>
    public static double? Of(ReadOnlySpan<double> sorted, double percent, PercentileMethod method) =>
        method == PercentileMethod.Linear ? Linear(sorted, percent) : NearestRank(sorted, percent);

    /// <summary>
    /// Nearest rank: the smallest value such that at least p% of values are ≤ it, i.e. the value of rank ⌈p/100 · n⌉
    /// (rank 1 for p = 0).
    /// </summary>
    public static double? NearestRank(ReadOnlySpan<double> sorted, double percent)
    {
        Validate(percent);
        if (sorted.IsEmpty)
        {
            return null;
        }

        // Round away float noise first so that e.g. 0.85 · 20 = 17.000000000000004 still gives rank 17.
        var exact = Math.Round(percent / 100.0 * sorted.Length, 9);
        var rank = (int)Math.Ceiling(exact);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    /// <summary>Linear interpolation between order statistics, Hyndman–Fan type 7 (pandas' and Excel PERCENTILE.INC's default).</summary>
    public static double? Linear(ReadOnlySpan<double> sorted, double percent)
    {
        Validate(percent);
        if (sorted.IsEmpty)
        {
            return null;
        }

        var h = (sorted.Length - 1) * percent / 100.0;
        var lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        return sorted[lo] + ((h - lo) * (sorted[lo + 1] - sorted[lo]));
    }

    /// <summary>
    /// The percentile rank of <paramref name="value"/>: 100 · (number of sample values ≤ value) / n, or null for an
    /// empty sample. With nearest-rank percentiles, value ≥ P(p) exactly when this rank is ≥ p.
    /// </summary>
    public static double? RankOf(ReadOnlySpan<double> sorted, double value)
    {
        if (sorted.IsEmpty)
        {
            return null;
        }

        // Upper bound: the first index with a value greater than `value`.
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return 100.0 * lo / sorted.Length;
    }

    /// <summary>The median of an unsorted sample (reorders it in place), or null when empty; the mean of the two middle values for even n.</summary>
    public static double? MedianInPlace(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return null;
        }

        var n = values.Length;
        var upper = Select(values, n / 2);
        if (n % 2 == 1)
        {
            return upper;
        }

        // After selection every value left of n/2 is ≤ the upper middle: the lower middle is their maximum.
        var lower = double.MinValue;
        foreach (var v in values[..(n / 2)])
        {
            lower = Math.Max(lower, v);
        }

        return (lower + upper) / 2;
    }

    // Hoare quickselect with median-of-three pivots: O(n) on average, no allocation.
    private static double Select(Span<double> a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (hi > lo)
        {
            var mid = lo + ((hi - lo) / 2);
            if (a[mid] < a[lo])
            {
                (a[mid], a[lo]) = (a[lo], a[mid]);
            }

            if (a[hi] < a[lo])
            {
                (a[hi], a[lo]) = (a[lo], a[hi]);
            }

            if (a[hi] < a[mid])
            {
                (a[hi], a[mid]) = (a[mid], a[hi]);
            }

            var pivot = a[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }

                while (a[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return a[k];
            }
        }

        return a[k];
    }

    private static void Validate(double percent)
    {
        if (double.IsNaN(percent) || percent < 0 || percent > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile is between 0 and 100.");
        }
    }
}
