using BenchmarkDotNet.Attributes;
using PmoFlow.Core.Forecasting;

namespace PmoFlow.Benchmarks.Forecasting;

/// <summary>Monte Carlo "when" for a 500-item backlog: 1,000,000 trials on 2 threads (target ≤ 0.5 s).</summary>
[MemoryDiagnoser]
public class MonteCarloForecastBenchmarks
{
    private ThroughputSample _sample = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => _sample = BenchmarkSamples.Poisson90Days();

    [Benchmark]
    public DateOnly? When500Items1MTrials()
    {
        var f = Forecaster.When(_sample, WhenRequest.Items(500), new ForecastOptions
        {
            Engine = ForecastEngine.MonteCarlo,
            Trials = 1_000_000,
            MaxDegreeOfParallelism = Threads,
        });
        return f.Overall!.Percentiles[2].Date;
    }

    [Benchmark]
    public DateOnly? ThreeFeaturesWipTwo1MTrials()
    {
        var request = new WhenRequest
        {
            Features = [new FeatureSpec("A", 150, 200), new FeatureSpec("B", 100, 150), new FeatureSpec("C", 150, 150)],
            WipLimit = 2,
        };
        var f = Forecaster.When(_sample, request, new ForecastOptions { Trials = 1_000_000, MaxDegreeOfParallelism = Threads });
        return f.Overall!.Percentiles[2].Date;
    }
}

/// <summary>Exact (convolution) "when" for N ≤ 1000 (target ≤ 10 ms) and "how many" over 90 days.</summary>
[MemoryDiagnoser]
public class ExactForecastBenchmarks
{
    private ThroughputSample _sample = null!;

    [Params(100, 500, 1000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup() => _sample = BenchmarkSamples.Poisson90Days();

    [Benchmark(Baseline = true)]
    public DateOnly? ExactWhen() => Forecaster.When(_sample, WhenRequest.Items(Items)).Overall!.Percentiles[2].Date;

    [Benchmark]
    public long ExactHowMany90Days() => Forecaster.HowMany(_sample, _sample.Today.AddDays(90)).Percentiles[2].Items;
}

internal static class BenchmarkSamples
{
    /// <summary>90 days of Poisson(2) daily completions from a fixed seed: a typical team's sample.</summary>
    public static ThroughputSample Poisson90Days()
    {
        var random = new Random(2024);
        var counts = new int[90];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = MathNet.Numerics.Distributions.Poisson.Sample(random, 2.0);
        }

        return ThroughputSample.FromDailyCounts(counts, new DateOnly(2024, 6, 3));
    }
}
