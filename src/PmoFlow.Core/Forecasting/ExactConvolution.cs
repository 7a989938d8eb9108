using System.Numerics;
using System.Runtime.InteropServices;

namespace PmoFlow.Core.Forecasting;

/// <summary>
/// Exact distributions of sums of i.i.d. daily draws from an empirical sample, by repeated discrete convolution.
/// </summary>
/// <remarks>
/// "Exact" up to floating-point rounding: probabilities below <see cref="Negligible"/> at the low end of the running
/// distribution are dropped (to keep denormals out of the loop) and the "when" tail is cut once the unfinished mass is
/// below <see cref="TailTolerance"/>, that mass being folded into the last day computed.
/// </remarks>
internal static class ExactConvolution
{
    /// <summary>Unfinished mass at which the "when" iteration stops.</summary>
    public const double TailTolerance = 1e-12;

    /// <summary>Entries this small are treated as zero.</summary>
    public const double Negligible = 1e-280;

    /// <summary>The empirical probability of each daily value 0..max.</summary>
    public static (int[] Values, double[] Probabilities) DailyPmf(IReadOnlyList<int> dailyCounts)
    {
        var max = dailyCounts.Max();
        var tally = new int[max + 1];
        foreach (var c in dailyCounts)
        {
            tally[c]++;
        }

        var values = new List<int>();
        var probs = new List<double>();
        for (var v = 0; v <= max; v++)
        {
            if (tally[v] > 0)
            {
                values.Add(v);
                probs.Add((double)tally[v] / dailyCounts.Count);
            }
        }

        return ([.. values], [.. probs]);
    }

    /// <summary>
    /// Cumulative probability that the running sum has reached <paramref name="target"/> by working day k, for k = 0..maxDays.
    /// </summary>
    /// <returns>The cumulative array (index 0 = today) and the mass still unfinished after <paramref name="maxDays"/>.</returns>
    public static (double[] Cumulative, double Beyond) When(int[] values, double[] probs, int target, int maxDays)
    {
        var cumulative = new double[maxDays + 1];
        if (target <= 0)
        {
            Array.Fill(cumulative, 1.0);
            return (cumulative, 0);
        }

        // cur[j] = P(S_k = j and S_k < target): the mass of trials still running after k days.
        var cur = new double[target];
        var next = new double[target];
        cur[0] = 1;
        int lo = 0, hi = 0;
        var minV = values[0];
        var maxV = values[^1];

        // tail[m] = P(one day's draw ≥ m), m = 0..maxV + 1: the day's crossing mass is summed directly rather than
        // taken as 1 − remaining, so an impossible finish has probability exactly 0, not a rounding residue.
        var tail = new double[maxV + 2];
        for (var i = values.Length - 1; i >= 0; i--)
        {
            tail[values[i]] += probs[i];
        }

        for (var m = maxV - 1; m >= 0; m--)
        {
            tail[m] += tail[m + 1];
        }

        double remaining = 1;
        var k = 0;
        while (k < maxDays)
        {
            k++;
            double crossing = 0;
            for (var j = Math.Max(lo, target - maxV); j <= hi; j++)
            {
                crossing += cur[j] * tail[target - j];
            }

            cumulative[k] = Math.Min(1, cumulative[k - 1] + crossing);
            var nlo = lo + minV;
            var nhi = Math.Min(target - 1, hi + maxV);
            if (nlo > nhi)
            {
                // Every running trial crosses the target today.
                remaining = 0;
                cumulative[k] = 1;
                break;
            }

            Array.Clear(next, nlo, nhi - nlo + 1);
            for (var i = 0; i < values.Length; i++)
            {
                var v = values[i];
                var dstStart = Math.Max(nlo, lo + v);
                var dstEnd = Math.Min(nhi, hi + v);
                if (dstStart <= dstEnd)
                {
                    AddScaled(next.AsSpan(dstStart, dstEnd - dstStart + 1), cur.AsSpan(dstStart - v, dstEnd - dstStart + 1), probs[i]);
                }
            }

            while (nlo <= nhi && next[nlo] < Negligible)
            {
                next[nlo++] = 0;
            }

            while (nhi >= nlo && next[nhi] < Negligible)
            {
                next[nhi--] = 0;
            }

            remaining = nlo > nhi ? 0 : Sum(next.AsSpan(nlo, nhi - nlo + 1));
            (cur, next) = (next, cur);
            lo = nlo;
            hi = nhi;
            if (remaining < TailTolerance)
            {
                remaining = 0;
                cumulative[k] = 1;
                break;
            }
        }

        for (var j = k + 1; j <= maxDays; j++)
        {
            cumulative[j] = cumulative[k];
        }

        return (cumulative, remaining);
    }

    /// <summary>The probability of each total 0..days×max after <paramref name="days"/> i.i.d. draws.</summary>
    public static double[] SumOf(int[] values, double[] probs, int days)
    {
        var maxV = values[^1];
        var minV = values[0];
        var size = checked(days * maxV + 1);
        var cur = new double[size];
        var next = new double[size];
        cur[0] = 1;
        int lo = 0, hi = 0;
        for (var k = 0; k < days; k++)
        {
            var nlo = lo + minV;
            var nhi = hi + maxV;
            Array.Clear(next, nlo, nhi - nlo + 1);
            for (var i = 0; i < values.Length; i++)
            {
                var v = values[i];
                AddScaled(next.AsSpan(lo + v, hi - lo + 1), cur.AsSpan(lo, hi - lo + 1), probs[i]);
            }

            while (nlo < nhi && next[nlo] < Negligible)
            {
                next[nlo++] = 0;
            }

            while (nhi > nlo && next[nhi] < Negligible)
            {
                next[nhi--] = 0;
            }

            (cur, next) = (next, cur);
            lo = nlo;
            hi = nhi;
        }

        // The buffers are reused: entries outside [lo, hi] may hold mass of earlier days when no sample is zero.
        Array.Clear(cur, 0, lo);
        Array.Clear(cur, hi + 1, cur.Length - hi - 1);
        return cur;
    }

    private static void AddScaled(Span<double> dst, ReadOnlySpan<double> src, double a)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && dst.Length >= Vector<double>.Count)
        {
            var va = new Vector<double>(a);
            var vd = MemoryMarshal.Cast<double, Vector<double>>(dst);
            var vs = MemoryMarshal.Cast<double, Vector<double>>(src);
            for (var j = 0; j < vd.Length; j++)
            {
                vd[j] += vs[j] * va;
            }

            i = vd.Length * Vector<double>.Count;
        }

        for (; i < dst.Length; i++)
        {
            dst[i] += src[i] * a;
        }
    }

    private static double Sum(ReadOnlySpan<double> xs)
    {
        double s = 0;
        foreach (var x in xs)
        {
            s += x;
        }

        return s;
    }
}
