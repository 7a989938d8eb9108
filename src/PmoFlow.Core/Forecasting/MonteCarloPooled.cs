using PmoFlow.Core.Model;

namespace PmoFlow.Core.Forecasting;

/// <summary>
/// Monte Carlo "when" trials as jira-flow-metrics runs them: daily throughput drawn from the weekday or the weekend pool
/// of the simulated day (<see cref="ThroughputSampling.ByWeekday"/>), and an optional cold start (each trial first
/// waits one sampled cycle time, rounded up to whole days, for its first item, then draws daily throughput from the
/// next day on).
/// </summary>
/// <remarks>
/// One feature, no backlog growth, throughput factor 1. Blocks and seeds as <see cref="MonteCarloWhen"/>: the same
/// seed gives the same answer whatever the thread count. A pool with no sampled day falls back to the whole sample.
/// </remarks>
internal static class MonteCarloPooled
{
    /// <summary>Whether the sample asks for this engine.</summary>
    public static bool Applies(ThroughputSample sample) =>
        sample.Sampling == ThroughputSampling.ByWeekday || sample.ColdStartCycleTimes.Count > 0;

    /// <summary>Refuses what this engine cannot answer, naming the switch.</summary>
    public static void Check(WhenRequest request, ForecastOptions options)
    {
        if (options.Engine == ForecastEngine.Exact)
        {
            throw new ArgumentException("Weekday/weekend sampling and cold starts need Monte Carlo; drop --exact.", nameof(options));
        }

        if (request.Features.Count != 1 || request.Arrivals is not null || options.ThroughputFactor != 1.0)
        {
            throw new ArgumentException(
                "Weekday/weekend sampling and cold starts forecast one feature without backlog growth or a throughput factor.", nameof(request));
        }
    }

    /// <summary>The finish-day histogram: [day 0..K, K+1 = not within horizon].</summary>
    public static long[] Run(
        ThroughputSample sample, SimulatedDays days, PreparedFeature feature, int trials, ulong seed, int? maxDegreeOfParallelism,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var pools = new ThroughputPools(sample, days);
        var maxDays = pools.MaxDays;
        var width = maxDays + 2;
        var histogram = new long[width];
        MonteCarloBlocks.Run(
            trials,
            maxDegreeOfParallelism,
            () => new long[width],
            (h, block, count) =>
            {
                var rng = Xoshiro256StarStar.Create(seed, (ulong)block);
                for (var t = 0; t < count; t++)
                {
                    var remaining = feature.DrawScope(ref rng);
                    if (remaining <= 0)
                    {
                        h[0]++;
                        continue;
                    }

                    var day = 0;
                    if (pools.ColdStart.Length > 0)
                    {
                        day = pools.DrawColdStart(ref rng);
                        remaining--;
                    }

                    while (remaining > 0 && day < maxDays)
                    {
                        day++;
                        remaining -= pools.Draw(ref rng, day);
                    }

                    h[remaining <= 0 ? day : maxDays + 1]++;
                }
            },
            h =>
            {
                for (var d = 0; d < width; d++)
                {
                    histogram[d] += h[d];
                }
            },
            progress,
            cancellationToken);
        return histogram;
    }
}
