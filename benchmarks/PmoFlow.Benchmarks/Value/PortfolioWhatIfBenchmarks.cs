using BenchmarkDotNet.Attributes;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Value;

namespace PmoFlow.Benchmarks.Value;

/// <summary>
/// A portfolio what-if of 20 initiatives over 10 streams: for each stream (its own 600 value items, 30 open per
/// initiative… spread over the 20 initiatives by label, and 90 days of seeded throughput), the baseline and one scenario (capacity × 1.25) or
/// three (capacity × 1.25, drop two initiatives, reorder) with 10,000 Monte Carlo trials each. Target: under 1 s
/// for all ten streams.
/// </summary>
[MemoryDiagnoser]
public class PortfolioWhatIfBenchmarks
{
    private readonly List<(IReadOnlyList<ValueItem> Items, ThroughputSample Sample)> _streams = [];
    private Portfolio _portfolio = null!;
    private IReadOnlyList<PortfolioScenario> _scenarios = null!;
    private DateOnly _today;

    /// <summary>Scenarios beside the baseline (1: one what-if; 3: capacity, drop and reorder).</summary>
    [Params(1, 3)]
    public int Scenarios { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2024);
        _today = new DateOnly(2025, 6, 30);
        _portfolio = new Portfolio
        {
            Initiatives = [.. Enumerable.Range(1, 20).Select(i => new Initiative
            {
                Id = $"I{i:00}",
                Link = new InitiativeLink { Labels = [$"i{i:00}"] },
                CostOfDelayPerWeek = 1000 + (i * 137 % 5000),
                JobDurationWeeks = 1 + (i % 6),
                BusinessValue = 100 * i,
                Financials = new InitiativeFinancials { CashFlows = [-100_000, 40_000, 50_000, 60_000], DiscountRate = 0.08 },
            })],
        };
        for (var s = 0; s < 10; s++)
        {
            var items = new List<ValueItem>();
            for (var k = 0; k < 600; k++)
            {
                var done = k % 3 == 0;
                items.Add(new ValueItem($"S{s}-{k}", Labels: [$"i{(k % 20) + 1:00}"], BusinessValue: 1,
                    Created: _today.AddDays(-200), Completed: done ? _today.AddDays(-random.Next(1, 90)) : null));
            }

            var completions = Enumerable.Range(1, 90).SelectMany(d => Enumerable.Repeat(_today.AddDays(-d), random.Next(0, 8)));
            _streams.Add((items, ThroughputSampler.Sample(completions, _today)));
        }

        _scenarios =
        [
            new PortfolioScenario { Name = "capacity", ThroughputFactor = 1.25 },
            new PortfolioScenario { Name = "drop two", Drop = ["I03", "I07"] },
            new PortfolioScenario { Name = "reorder", Order = ["I20", "I19", "I18"] },
        ];
    }

    [Benchmark]
    public int TenStreams()
    {
        var n = 0;
        foreach (var (items, sample) in _streams)
        {
            var results = PortfolioWhatIf.Compare(_portfolio, ValueOptions.Default, items, sample, _today.AddDays(91), [.. _scenarios.Take(Scenarios)],
                new InitiativeForecastOptions { Forecast = new ForecastOptions { Trials = 10_000, Seed = 7 } });
            n += results.Count;
        }

        return n;
    }
}
