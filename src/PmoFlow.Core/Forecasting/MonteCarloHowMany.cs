namespace PmoFlow.Core.Forecasting;

/// <summary>Monte Carlo trials of "how many by day k": a histogram of items completed.</summary>
/// <remarks>Same block scheme as <see cref="MonteCarloWhen"/>: results do not depend on the thread count.</remarks>
internal static class MonteCarloHowMany
{
    public static long[] Run(
        PreparedThroughput throughput, int days, int trials, ulong seed, int? maxDegreeOfParallelism, IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        var maxItems = checked((int)((long)throughput.MaxUnits * days / throughput.Unit));
        var hist = new long[maxItems + 1];
        MonteCarloBlocks.Run(
            trials,
            maxDegreeOfParallelism,
            () => new long[maxItems + 1],
            (local, block, count) =>
            {
                var rng = Xoshiro256StarStar.Create(seed, (ulong)block);
                var units = throughput.Units;
                var n = (uint)units.Length;
                for (var t = 0; t < count; t++)
                {
                    long sum = 0;
                    for (var d = 0; d < days; d++)
                    {
                        sum += units[rng.NextIndex(n)];
                    }

                    local[sum / throughput.Unit]++;
                }
            },
            local =>
            {
                for (var i = 0; i < local.Length; i++)
                {
                    hist[i] += local[i];
                }
            },
            progress,
            cancellationToken);
        return hist;
    }
}
