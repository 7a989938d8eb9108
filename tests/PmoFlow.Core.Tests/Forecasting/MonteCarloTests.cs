using System.Text.Json;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Tests.Forecasting;

public class MonteCarloTests
{
    private static readonly DateOnly Today = new(2024, 3, 1);

    // A realistic 60-day sample: mean 77/60 = 1.283 items/day, many zero days, a few bursts.
    private static readonly int[] Counts =
    [
        0, 2, 1, 0, 3, 1, 0, 0, 2, 4, 1, 1, 0, 2, 0, 5, 1, 0, 2, 1, 0, 3, 2, 0, 1, 1, 0, 2, 6, 0,
        1, 0, 2, 1, 3, 0, 0, 1, 2, 1, 0, 4, 1, 2, 0, 1, 3, 0, 1, 2, 0, 0, 1, 2, 3, 1, 0, 2, 1, 1,
    ];

    private static ThroughputSample Sample(WorkingCalendar? calendar = null) => ThroughputSample.FromDailyCounts(Counts, Today, calendar);

    [Fact]
    public void When_MonteCarlo_ConvergesToExactWithinFiveStandardErrors()
    {
        // For each day k the Monte Carlo CDF is a binomial proportion: its standard error is sqrt(F(1 − F)/trials).
        // With 200,000 trials every day's CDF must lie within 5 standard errors (+1e-9) of the exact one; a fixed seed
        // makes the test deterministic, and 5σ keeps it meaningful (a biased kernel shifts the CDF by far more).
        const int trials = 200_000;
        var exact = Forecaster.When(Sample(), WhenRequest.Items(50));
        var mc = Forecaster.When(Sample(), WhenRequest.Items(50), new ForecastOptions { Engine = ForecastEngine.MonteCarlo, Trials = trials });

        Assert.Equal(ForecastEngine.Exact, exact.Inputs.Engine);
        Assert.Equal(ForecastEngine.MonteCarlo, mc.Inputs.Engine);
        var mcByDay = mc.Overall!.Distribution.ToDictionary(p => p.WorkingDay, p => p.Cumulative);
        var worst = 0.0;
        foreach (var p in exact.Overall!.Distribution)
        {
            var f = p.Cumulative;
            var fHat = CumulativeAt(mcByDay, p.WorkingDay);
            var se = Math.Sqrt(f * (1 - f) / trials);
            Assert.True(Math.Abs(fHat - f) <= 5 * se + 1e-9, $"day {p.WorkingDay}: MC {fHat} vs exact {f} (se {se})");
            worst = Math.Max(worst, Math.Abs(fHat - f));
        }

        Assert.True(worst < 0.005, $"worst CDF gap {worst}");
        foreach (var (e, m) in exact.Overall.Percentiles.Zip(mc.Overall.Percentiles))
        {
            Assert.InRange(m.WorkingDays!.Value, e.WorkingDays!.Value - 1, e.WorkingDays.Value + 1);
        }
    }

    [Fact]
    public void HowMany_MonteCarlo_ConvergesToExact()
    {
        const int trials = 200_000;
        var by = Today.AddDays(20);
        var exact = Forecaster.HowMany(Sample(), by);
        var mc = Forecaster.HowMany(Sample(), by, new ForecastOptions { Engine = ForecastEngine.MonteCarlo, Trials = trials });

        foreach (var p in exact.Distribution)
        {
            var se = Math.Sqrt(p.AtLeast * (1 - p.AtLeast) / trials);
            var hat = mc.Distribution.Where(x => x.Items >= p.Items).Sum(x => x.Probability);
            Assert.True(Math.Abs(hat - p.AtLeast) <= 5 * se + 1e-9, $"{p.Items}: MC {hat} vs exact {p.AtLeast}");
        }
    }

    [Fact]
    public void When_SameSeed_IdenticalResultAcross1_2And8Threads()
    {
        var request = ComplexRequest();
        string Run(int threads) => JsonSerializer.Serialize(Forecaster.When(Sample(), request,
            new ForecastOptions { Trials = 20_000, Seed = 7, MaxDegreeOfParallelism = threads }));

        var one = Run(1);

        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(8));
    }

    [Fact]
    public void When_DifferentSeed_DifferentDistribution()
    {
        var a = Forecaster.When(Sample(), ComplexRequest(), new ForecastOptions { Trials = 5_000, Seed = 1 });
        var b = Forecaster.When(Sample(), ComplexRequest(), new ForecastOptions { Trials = 5_000, Seed = 2 });

        Assert.NotEqual(
            a.Overall!.Distribution.Select(p => p.Probability),
            b.Overall!.Distribution.Select(p => p.Probability));
    }

    [Fact]
    public void HowMany_SameSeed_IdenticalAcrossThreads()
    {
        var options = new ForecastOptions { Engine = ForecastEngine.MonteCarlo, Trials = 30_000, Seed = 3 };
        var one = Forecaster.HowMany(Sample(), Today.AddDays(30), options with { MaxDegreeOfParallelism = 1 });
        var eight = Forecaster.HowMany(Sample(), Today.AddDays(30), options with { MaxDegreeOfParallelism = 8 });

        Assert.Equal(JsonSerializer.Serialize(one), JsonSerializer.Serialize(eight));
    }

    [Fact]
    public void When_OneTrialAndTrialsNotMultipleOfBlock_Work()
    {
        var one = Forecaster.When(Sample(), WhenRequest.Items(5), new ForecastOptions { Engine = ForecastEngine.MonteCarlo, Trials = 1 });
        var odd = Forecaster.When(Sample(), WhenRequest.Items(5), new ForecastOptions { Engine = ForecastEngine.MonteCarlo, Trials = 2049 });

        Assert.Equal(1, Assert.Single(one.Overall!.Distribution).Probability);
        Assert.Equal(1, odd.Overall!.Distribution.Sum(p => p.Probability), 12);
    }

    [Fact]
    public void When_WeekdayCalendar_MonteCarloNeverDeliversOnWeekend()
    {
        var f = Forecaster.When(Sample(WorkingCalendar.Weekdays), ComplexRequest(), new ForecastOptions { Trials = 5_000 });

        Assert.All(f.Overall!.Distribution, p => Assert.True(p.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
        Assert.All(f.Features.SelectMany(x => x.Result.Distribution),
            p => Assert.True(p.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
    }

    [Fact]
    public void When_ScopeRange_LiesBetweenFixedLowAndFixedHigh()
    {
        // Scope U{20..40}: every percentile date lies between those of exactly 20 and exactly 40 items,
        // and the mixture's P50 is near that of its midpoint 30 (within 2 days).
        var options = new ForecastOptions { Engine = ForecastEngine.MonteCarlo, Trials = 50_000 };
        var low = Forecaster.When(Sample(), WhenRequest.Items(20), options);
        var high = Forecaster.When(Sample(), WhenRequest.Items(40), options);
        var mid = Forecaster.When(Sample(), WhenRequest.Items(30), options);
        var range = Forecaster.When(Sample(), new WhenRequest { Features = [new FeatureSpec("r", 20, 40)] }, options);

        for (var i = 0; i < 4; i++)
        {
            Assert.InRange(range.Overall!.Percentiles[i].WorkingDays!.Value,
                low.Overall!.Percentiles[i].WorkingDays!.Value, high.Overall!.Percentiles[i].WorkingDays!.Value);
        }

        Assert.InRange(range.Overall!.Percentiles[0].WorkingDays!.Value,
            mid.Overall!.Percentiles[0].WorkingDays!.Value - 2, mid.Overall.Percentiles[0].WorkingDays!.Value + 2);
    }

    [Fact]
    public void When_CertainRiskOfFixedImpact_EqualsLargerScope()
    {
        // A risk with likelihood 1 and impact exactly 10 turns 20 items into 30: same trials, same seed, so the
        // distributions are identical draw for draw except the risk's two extra draws per trial; compare to exact 30.
        var risky = new WhenRequest { Features = [FeatureSpec.Exactly("f", 20) with { Risks = [new RiskSpec("r", 1, 10, 10)] }] };
        var options = new ForecastOptions { Trials = 200_000 };

        var mc = Forecaster.When(Sample(), risky, options);
        var exact30 = Forecaster.When(Sample(), WhenRequest.Items(30));

        foreach (var (e, m) in exact30.Overall!.Percentiles.Zip(mc.Overall!.Percentiles))
        {
            Assert.InRange(m.WorkingDays!.Value, e.WorkingDays!.Value - 1, e.WorkingDays.Value + 1);
        }
    }

    [Fact]
    public void When_ImpossibleRisk_ChangesNothingButDraws_AndLikelyRiskDelays()
    {
        var options = new ForecastOptions { Trials = 50_000 };
        var baseline = Forecaster.When(Sample(), WhenRequest.Items(30), options with { Engine = ForecastEngine.MonteCarlo });
        var never = Forecaster.When(Sample(), new WhenRequest { Features = [FeatureSpec.Exactly("f", 30) with { Risks = [new RiskSpec("r", 0, 50, 50)] }] }, options);
        var likely = Forecaster.When(Sample(), new WhenRequest { Features = [FeatureSpec.Exactly("f", 30) with { Risks = [new RiskSpec("r", 0.5, 30, 30)] }] }, options);

        // A zero-likelihood risk consumes one uniform per trial, so the streams differ: compare within ±1 day.
        for (var i = 0; i < 4; i++)
        {
            Assert.InRange(never.Overall!.Percentiles[i].WorkingDays!.Value,
                baseline.Overall!.Percentiles[i].WorkingDays!.Value - 1, baseline.Overall.Percentiles[i].WorkingDays!.Value + 1);
        }

        // Half the trials need 60 items instead of 30: P85 must be at least exact-60's P70 (the 85% mixture point lies
        // in the 60-item half, at its own 70th percentile).
        var exact60 = Forecaster.When(Sample(), WhenRequest.Items(60));
        Assert.True(likely.Overall!.Percentiles[2].WorkingDays >= exact60.Overall!.Percentiles[1].WorkingDays! - 1);
    }

    [Fact]
    public void When_SplitMultiplierTwo_EqualsDoubleScope()
    {
        var split = new WhenRequest { Features = [FeatureSpec.Exactly("f", 15) with { SplitLow = 2, SplitHigh = 2 }] };

        var mc = Forecaster.When(Sample(), split, new ForecastOptions { Trials = 200_000 });
        var exact30 = Forecaster.When(Sample(), WhenRequest.Items(30));

        foreach (var (e, m) in exact30.Overall!.Percentiles.Zip(mc.Overall!.Percentiles))
        {
            Assert.InRange(m.WorkingDays!.Value, e.WorkingDays!.Value - 1, e.WorkingDays.Value + 1);
        }
    }

    [Fact]
    public void When_BacklogGrowth_IsLaterThanWithout_AndGrowthAsFastAsThroughputCannotForecast()
    {
        var growing = new WhenRequest
        {
            Features = [FeatureSpec.Exactly("f", 30) with { ReceivesArrivals = true }],
            Arrivals = ThroughputSample.FromDailyCounts([0, 0, 0, 1], Today),
        };
        var flooding = growing with { Arrivals = ThroughputSample.FromDailyCounts([3], Today) };
        var options = new ForecastOptions { Trials = 20_000, HorizonYears = 1 };

        var grows = Forecaster.When(Sample(), growing, options);
        var plain = Forecaster.When(Sample(), WhenRequest.Items(30), options);
        var flooded = Forecaster.When(Sample(), flooding, options with { Trials = 500 });

        // Net rate 1.283 − 0.25 = 1.033 items/day: about 30/1.033 = 29 days at the median instead of 30/1.283 = 23.
        Assert.True(grows.Overall!.Percentiles[0].WorkingDays > plain.Overall!.Percentiles[0].WorkingDays);
        Assert.InRange(grows.Overall.Percentiles[0].WorkingDays!.Value, 26, 32);
        Assert.Equal(ForecastStatus.CannotForecast, flooded.Status);
        Assert.NotNull(grows.Inputs.ArrivalSample);
    }

    [Fact]
    public void When_ThroughputFactorHalf_TakesAboutTwiceAsLong()
    {
        // Halving every sample halves the daily rate; the P50 of 30 items moves from ~23 to ~47 working days,
        // which is the exact P50 of 60 items at full rate (same sum process, scaled), within 2 days.
        var half = Forecaster.When(Sample(), WhenRequest.Items(30), new ForecastOptions { Trials = 100_000, ThroughputFactor = 0.5 });
        var exact60 = Forecaster.When(Sample(), WhenRequest.Items(60));

        Assert.Equal(ForecastEngine.MonteCarlo, half.Inputs.Engine);
        Assert.InRange(half.Overall!.Percentiles[0].WorkingDays!.Value,
            exact60.Overall!.Percentiles[0].WorkingDays!.Value - 2, exact60.Overall.Percentiles[0].WorkingDays!.Value + 2);
    }

    internal static WhenRequest ComplexRequest() => new()
    {
        Features =
        [
            new FeatureSpec("A", 8, 12) { SplitLow = 1, SplitHigh = 1.3, Risks = [new RiskSpec("vendor", 0.3, 2, 5)] },
            new FeatureSpec("B", 10, 10) { ReceivesArrivals = true },
            new FeatureSpec("C", 5, 15),
        ],
        WipLimit = 2,
        Deadline = Today.AddDays(40),
        Arrivals = ThroughputSample.FromDailyCounts([0, 0, 1, 0], Today),
    };

    private static double CumulativeAt(Dictionary<int, double> byDay, int day)
    {
        var best = 0.0;
        foreach (var (k, c) in byDay)
        {
            if (k <= day && c > best)
            {
                best = c;
            }
        }

        return best;
    }
}
