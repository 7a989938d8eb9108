using MathNet.Numerics.Distributions;
using PmoFlow.Core.Forecasting;
using Xunit.Abstractions;

namespace PmoFlow.Core.Tests.Forecasting;

public class CalibrationTests(ITestOutputHelper output)
{
    private static readonly DateOnly Today = new(2024, 1, 1);

    [Fact]
    public void When_PoissonSystem_P85IsRightAbout85PercentOfTheTime()
    {
        // The true process: Poisson(2) completions per day, so the sum after k days is Poisson(2k) and the true
        // P(30 items done by day k) = 1 − PoissonCDF(2k, 29). 400 independent replications each forecast the 30 items
        // after a 90-day history drawn from that process, then draw the real future from it.
        // Whole days make even a perfect forecaster's P85 day hold a bit more often than 85%: the oracle hit rate is
        // F(k*) where k* is the first day with F(k) ≥ 0.85 under the TRUE distribution (0.862 here). We require the
        // observed hit rate within 3 binomial standard errors (sqrt(.85 × .15 / 400) = 0.018) + 0.03 of that oracle;
        // the 0.03 allows for the 90-day sample's estimation error, which makes bootstrap intervals slightly narrow.
        const int reps = 400;
        const int items = 30;
        var random = new Random(12345);
        var hits = new Dictionary<double, int> { [50] = 0, [70] = 0, [85] = 0, [95] = 0 };
        for (var r = 0; r < reps; r++)
        {
            var history = new int[90];
            for (var i = 0; i < history.Length; i++)
            {
                history[i] = Poisson.Sample(random, 2.0);
            }

            var f = Forecaster.When(ThroughputSample.FromDailyCounts(history, Today), WhenRequest.Items(items));
            var day = 0;
            var sum = 0;
            while (sum < items)
            {
                day++;
                sum += Poisson.Sample(random, 2.0);
            }

            foreach (var p in f.Overall!.Percentiles)
            {
                if (day <= p.WorkingDays)
                {
                    hits[p.Percentile]++;
                }
            }
        }

        foreach (var (p, h) in hits)
        {
            var oracle = OracleHitRate(p / 100, items, 2.0);
            var rate = (double)h / reps;
            var se = Math.Sqrt(oracle * (1 - oracle) / reps);
            output.WriteLine($"P{p}: hit rate {rate:0.000}, perfect-knowledge forecaster {oracle:0.000}");
            Assert.True(Math.Abs(rate - oracle) <= 3 * se + 0.03, $"P{p}: hit rate {rate:0.000} vs oracle {oracle:0.000}");
            Assert.True(oracle >= p / 100 && oracle <= p / 100 + 0.1);
        }
    }

    private static double OracleHitRate(double level, int items, double rate)
    {
        for (var k = 1; ; k++)
        {
            var f = 1 - Poisson.CDF(rate * k, items - 1);
            if (f >= level)
            {
                return f;
            }
        }
    }

    [Fact]
    public void Backtest_StationaryPoissonHistory_HitRatesNearNominal()
    {
        // Two years of Poisson(2) completions; as-of dates every 21 days over the second year (so 14-day outcomes do not
        // overlap), 90-day window. Expected hit rate p per percentile; with 16 points per question the binomial
        // standard error at P85 is 0.087, so we allow ±0.25 (about 3 standard errors) and check the mean over all
        // four percentiles, which is tighter: ±0.12.
        var random = new Random(777);
        var start = new DateOnly(2022, 1, 1);
        var done = new List<DateOnly>();
        for (var d = 0; d < 730; d++)
        {
            var n = Poisson.Sample(random, 2.0);
            done.AddRange(Enumerable.Repeat(start.AddDays(d), n));
        }

        var result = Backtester.Run(done, new BacktestOptions
        {
            From = start.AddDays(365),
            To = start.AddDays(700),
            StepDays = 21,
            HowManyDays = 14,
            WhenItems = 20,
            DataEnd = start.AddDays(729),
        });

        foreach (var s in result.Summary)
        {
            output.WriteLine($"{s.Question} P{s.Percentile}: {s.Hits}/{s.Points} = {s.HitRate:0.000}, mean error {s.MeanError:0.00}");
        }

        Assert.Equal(8, result.Summary.Count);
        foreach (var s in result.Summary)
        {
            Assert.True(s.Points >= 15, $"{s.Question}: {s.Points} points");
            Assert.InRange(s.HitRate!.Value, s.Percentile / 100 - 0.25, s.Percentile / 100 + 0.25);
        }

        var meanGap = result.Summary.Average(s => s.HitRate!.Value - s.Percentile / 100);
        Assert.InRange(meanGap, -0.12, 0.12);
    }
}
