using BenchmarkDotNet.Attributes;
using PmoFlow.Core.Forecasting;

namespace PmoFlow.Benchmarks.Forecasting;

/// <summary>
/// Self-calibration's cost (docs/forecasting.md §11): a calibrated Monte Carlo "when" for 500 items with 1,000,000
/// trials against today's uncalibrated one (target ≤ 2×), and the calibration step alone on a 5-year history (target &lt; 1 s).
/// </summary>
[MemoryDiagnoser]
public class CalibrationBenchmarks
{
    private CompletionHistory _history = null!;
    private ThroughputSample _sample = null!;
    private DateOnly _today;
    private readonly SamplingOptions _sampling = new();

    [GlobalSetup]
    public void Setup()
    {
        // Five years of Poisson(2) completions per day, from a fixed seed.
        var random = new Random(2025);
        var start = new DateOnly(2020, 1, 1);
        var dates = new List<DateOnly>();
        for (var d = 0; d < 5 * 365; d++)
        {
            dates.AddRange(Enumerable.Repeat(start.AddDays(d), MathNet.Numerics.Distributions.Poisson.Sample(random, 2.0)));
        }

        _today = start.AddDays(5 * 365);
        _history = CompletionHistory.FromDates(dates);
        _sample = ThroughputSampler.Sample(_history.Final, _today, _sampling);
    }

    private static ForecastOptions MonteCarlo1M => new() { Engine = ForecastEngine.MonteCarlo, Trials = 1_000_000, MaxDegreeOfParallelism = 2 };

    [Benchmark(Baseline = true)]
    public DateOnly? When500Items1MTrialsUncalibrated() => Forecaster.When(_sample, WhenRequest.Items(500), MonteCarlo1M).Overall!.Percentiles[2].Date;

    [Benchmark]
    public DateOnly? When500Items1MTrialsCalibrated() =>
        SelfCalibration.When(_history, _sample, WhenRequest.Items(500), _sampling, MonteCarlo1M, new CalibrationOptions()).Forecast.Overall!.Percentiles[2].Date;

    [Benchmark]
    public double CalibrationStep5YearsWhen500MonteCarlo() =>
        SelfCalibration.ForWhen(_history, _today, 500, _sampling, MonteCarlo1M, new CalibrationOptions()).Levels[2].RawLevel;

    [Benchmark]
    public double CalibrationStep5YearsWhen500Exact() =>
        SelfCalibration.ForWhen(_history, _today, 500, _sampling, new ForecastOptions(), new CalibrationOptions()).Levels[2].RawLevel;

    [Benchmark]
    public double CalibrationStep5YearsHowMany14Exact() =>
        SelfCalibration.ForHowMany(_history, _today, 14, _sampling, new ForecastOptions(), new CalibrationOptions()).Levels[2].RawLevel;
}
