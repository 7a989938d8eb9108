using System.Text.Json.Serialization;

namespace PmoFlow.Core.Forecasting;

/// <summary>Which engine answers a forecast.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ForecastEngine>))]
public enum ForecastEngine
{
    /// <summary>Exact convolution when the model allows it (plain bootstrap), Monte Carlo otherwise (default).</summary>
    Auto = 0,

    /// <summary>Exact convolution; refused (argument exception) when the model needs Monte Carlo.</summary>
    Exact = 1,

    /// <summary>Monte Carlo trials, whatever the model.</summary>
    MonteCarlo = 2,
}

/// <summary>Options common to every forecast.</summary>
/// <remarks>Immutable; recorded with each run so it can be stored and repeated.</remarks>
public sealed record ForecastOptions
{
    /// <summary>The default seed, so that runs without an explicit seed are still reproducible.</summary>
    public const ulong DefaultSeed = 20240601;

    /// <summary>Reported percentiles (confidence levels) in percent, each in (0, 100] (default 50, 70, 85, 95).</summary>
    public IReadOnlyList<double> Percentiles { get; init; } = [50, 70, 85, 95];

    /// <summary>Monte Carlo trials (default 10,000; at most 100,000,000).</summary>
    public int Trials { get; init; } = ForecastDefaults.Trials;

    /// <summary>The seed: the same seed gives the same result whatever the thread count.</summary>
    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>Maximum worker threads for Monte Carlo (null: all cores). Does not change the result.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Engine choice (default <see cref="ForecastEngine.Auto"/>).</summary>
    public ForecastEngine Engine { get; init; } = ForecastEngine.Auto;

    /// <summary>Horizon in years after today (default 10): trials that have not finished by then count as "not within horizon".</summary>
    public int HorizonYears { get; init; } = 10;

    /// <summary>Multiplies every daily throughput sample (default 1): 0.8 for a team losing a fifth of its capacity.</summary>
    /// <remarks>A factor other than 1 needs Monte Carlo; fractional items carry over from day to day (see docs/forecasting.md).</remarks>
    public double ThroughputFactor { get; init; } = 1.0;

    /// <summary>Optional progress sink for long Monte Carlo runs: receives the finished share in [0, 1].</summary>
    /// <remarks>Called from worker threads, at most once per block of trials; does not change the result.</remarks>
    [JsonIgnore]
    public IProgress<double>? Progress { get; init; }

    internal void Validate()
    {
        if (Percentiles.Count == 0 || Percentiles.Any(p => !(p > 0 && p <= 100)))
        {
            throw new ArgumentException("Percentiles must be in (0, 100].", nameof(Percentiles));
        }

        if (Trials is < 1 or > 100_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Trials), Trials, "Trials must be in 1..100,000,000.");
        }

        if (MaxDegreeOfParallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Must be at least 1.");
        }

        if (HorizonYears is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(HorizonYears), HorizonYears, "Horizon must be 1..100 years.");
        }

        if (!(ThroughputFactor > 0 && ThroughputFactor < 1000))
        {
            throw new ArgumentOutOfRangeException(nameof(ThroughputFactor), ThroughputFactor, "Throughput factor must be in (0, 1000).");
        }
    }
}
