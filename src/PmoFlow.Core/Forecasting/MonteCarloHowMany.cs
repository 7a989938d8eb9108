namespace PmoFlow.Core.Forecasting;

/// <summary>Monte Carlo trials of "how many by day k": a histogram of items completed.</summary>
/// <remarks>
/// Same block scheme as <see cref="MonteCarloWhen"/>: results do not depend on the thread count. Daily throughput comes
/// from <see cref="ThroughputPools"/> (one pool or the weekday/weekend pools of the simulated day); with a cold start a
/// trial first waits one sampled cycle time c: nothing finishes before day c, day c finishes one item (when c ≤ k),
/// and daily draws resume on day c + 1.
/// </remarks>
internal static class MonteCarloHowMany
{
    public static long[] Run(
        ThroughputPools throughput, int days, int trials, ulong seed, int? maxDegreeOfParallelism, IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        var cold = throughput.ColdStart.Length > 0;
        var maxItems = checked((int)((long)throughput.MaxUnits * days / throughput.Unit)) + (cold ? 1 : 0);
        return MonteCarloBlocks.Histogram(
            trials,
            maxItems + 1,
            maxDegreeOfParallelism,
            (local, block, count) =>
            {
                var rng = Xoshiro256StarStar.Create(seed, (ulong)block);
                for (var t = 0; t < count; t++)
                {
                    long sum = 0;
                    long first = 0;
                    var d = 1;
                    if (cold)
                    {
                        var end = throughput.DrawColdStart(ref rng);
                        first = end <= days ? 1 : 0;
                        d = end + 1;
                    }

                    for (; d <= days; d++)
                    {
                        sum += throughput.Draw(ref rng, d);
                    }

                    local[first + (sum / throughput.Unit)]++;
                }
            },
            progress,
            cancellationToken);
    }
}
