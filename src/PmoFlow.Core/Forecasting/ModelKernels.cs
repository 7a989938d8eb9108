using MathNet.Numerics.Distributions;

namespace PmoFlow.Core.Forecasting;

/// <summary>A throughput sample prepared for the block and rate-mix models' trial loops.</summary>
/// <remarks>
/// Per trial a rate multiplier m (the throughput factor, times a Gamma draw under rate-mix) is drawn once; a day draws
/// the next day of the current block (a new block starts at a uniform position of the circular sample every
/// <see cref="BlockLength"/> days). A trial delivers floor(m × cumulative count) items, so "when" is the first day the
/// cumulative count reaches ceil(scope / m).
/// </remarks>
internal sealed class ModelSampler
{
    /// <summary>Entries of the Gamma quantile table a trial draws its multiplier from.</summary>
    public const int MultiplierTableSize = 1024;

    private ModelSampler(int[] counts, int blockLength, double[] multipliers, double relativeRateVariance)
    {
        Counts = counts;
        BlockLength = blockLength;
        Multipliers = multipliers;
        RelativeRateVariance = relativeRateVariance;
    }

    public int[] Counts { get; }

    public int BlockLength { get; }

    /// <summary>The multipliers a trial draws from uniformly (one entry when the rate is not mixed).</summary>
    public double[] Multipliers { get; }

    /// <summary>The rate-mix model's Var(λ)/μ² (0 for the other models).</summary>
    public double RelativeRateVariance { get; }

    public static ModelSampler Prepare(ForecastModel model, ThroughputSample sample, double throughputFactor)
    {
        var counts = sample.DailyCounts.ToArray();
        var blockLength = Math.Min(model.BlockLength(sample.Calendar), counts.Length);
        double[] multipliers = [throughputFactor];
        var c = 0.0;
        if (model.Kind == ForecastModelKind.RateMix)
        {
            c = RelativeRateVarianceOf(counts, Math.Max(1, sample.Calendar.WorkingDays.Count()));
            if (c > 1e-6)
            {
                var shape = 1 / c;
                multipliers = new double[MultiplierTableSize];
                for (var i = 0; i < multipliers.Length; i++)
                {
                    // Quantiles at the mid-points of 1024 equal-probability cells: mean ≈ 1, variance ≈ c.
                    multipliers[i] = throughputFactor * Gamma.InvCDF(shape, shape, (i + 0.5) / MultiplierTableSize);
                }
            }
        }

        return new ModelSampler(counts, Math.Max(1, blockLength), multipliers, c);
    }

    /// <summary>
    /// The between-week variance of the daily rate relative to the squared mean, by the method of moments:
    /// Var(week means) − mean within-week variance / L, over the complete weeks at the window's end; 0 when negative
    /// or fewer than two weeks.
    /// </summary>
    internal static double RelativeRateVarianceOf(IReadOnlyList<int> counts, int weekLength)
    {
        var weeks = counts.Count / weekLength;
        if (weeks < 2)
        {
            return 0;
        }

        var start = counts.Count - weeks * weekLength;
        var means = new double[weeks];
        double within = 0;
        for (var w = 0; w < weeks; w++)
        {
            double s = 0;
            for (var i = 0; i < weekLength; i++)
            {
                s += counts[start + w * weekLength + i];
            }

            var m = s / weekLength;
            means[w] = m;
            if (weekLength > 1)
            {
                double ss = 0;
                for (var i = 0; i < weekLength; i++)
                {
                    var d = counts[start + w * weekLength + i] - m;
                    ss += d * d;
                }

                within += ss / (weekLength - 1);
            }
        }

        within /= weeks;
        var mu = means.Average();
        if (mu <= 0)
        {
            return 0;
        }

        var between = means.Sum(m => (m - mu) * (m - mu)) / (weeks - 1);
        var rateVariance = between - within / weekLength;
        return rateVariance > 0 ? rateVariance / (mu * mu) : 0;
    }
}

/// <summary>Where a trial is in the circular sample: a new block starts at a uniform position every <c>length</c> days.</summary>
internal struct BlockCursor
{
    private int _pos;
    private int _left;

    /// <summary>The next simulated day's count.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public int Next(ref Xoshiro256StarStar rng, int[] counts, uint n, int length)
    {
        if (_left == 0)
        {
            _pos = rng.NextIndex(n);
            _left = length;
        }

        var c = counts[_pos];
        if (++_pos == counts.Length)
        {
            _pos = 0;
        }

        _left--;
        return c;
    }
}

/// <summary>Monte Carlo trials of the block and rate-mix models (same block/seed scheme as <see cref="MonteCarloWhen"/>).</summary>
internal static class ModelKernels
{
    /// <summary>Finish-day histogram of one feature: [day 0..K, K+1 = not within horizon].</summary>
    public static long[] When(
        ModelSampler sampler, PreparedFeature feature, int maxDays, int trials, ulong seed, int? maxDegreeOfParallelism,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        return MonteCarloBlocks.Histogram(
            trials,
            maxDays + 2,
            maxDegreeOfParallelism,
            (local, block, count) =>
            {
                var rng = Xoshiro256StarStar.Create(seed, (ulong)block);
                var counts = sampler.Counts;
                var n = (uint)counts.Length;
                var length = sampler.BlockLength;
                var mult = sampler.Multipliers;
                var mixed = mult.Length > 1;
                for (var t = 0; t < count; t++)
                {
                    var m = mixed ? mult[rng.NextIndex((uint)mult.Length)] : mult[0];
                    var scope = feature.DrawScope(ref rng);
                    if (scope <= 0)
                    {
                        local[0]++;
                        continue;
                    }

                    var need = scope / m;
                    var target = need >= long.MaxValue / 2 ? long.MaxValue / 2 : (long)Math.Ceiling(need - 1e-9);
                    long sum = 0;
                    var day = 0;
                    var cursor = default(BlockCursor);
                    while (day < maxDays)
                    {
                        sum += cursor.Next(ref rng, counts, n, length);
                        day++;
                        if (sum >= target)
                        {
                            break;
                        }
                    }

                    local[sum >= target ? day : maxDays + 1]++;
                }
            },
            progress,
            cancellationToken);
    }

    /// <summary>Histogram of items delivered over <paramref name="days"/> working days.</summary>
    public static long[] HowMany(
        ModelSampler sampler, int days, int trials, ulong seed, int? maxDegreeOfParallelism, IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        var maxItems = checked((int)Math.Floor((double)sampler.Counts.Max() * days * sampler.Multipliers.Max() + 1e-9));
        return MonteCarloBlocks.Histogram(
            trials,
            maxItems + 1,
            maxDegreeOfParallelism,
            (local, block, count) =>
            {
                var rng = Xoshiro256StarStar.Create(seed, (ulong)block);
                var counts = sampler.Counts;
                var n = (uint)counts.Length;
                var length = sampler.BlockLength;
                var mult = sampler.Multipliers;
                var mixed = mult.Length > 1;
                for (var t = 0; t < count; t++)
                {
                    var m = mixed ? mult[rng.NextIndex((uint)mult.Length)] : mult[0];
                    long sum = 0;
                    var cursor = default(BlockCursor);
                    for (var d = 0; d < days; d++)
                    {
                        sum += cursor.Next(ref rng, counts, n, length);
                    }

                    var items = (int)Math.Min(maxItems, Math.Floor(sum * m + 1e-9));
                    local[items]++;
                }
            },
            progress,
            cancellationToken);
    }
}
