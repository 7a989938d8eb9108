using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Tests.Forecasting;

public class FeatureForecastTests
{
    private static readonly DateOnly Today = new(2024, 3, 1);

    private static readonly int[] Counts = [0, 2, 1, 0, 3, 1, 0, 0, 2, 4, 1, 1, 0, 2, 0, 5, 1, 0, 2, 1];

    private static ThroughputSample Sample() => ThroughputSample.FromDailyCounts(Counts, Today);

    private static WhenRequest Abc(int wip, int a = 4, int b = 4, int c = 4) => new()
    {
        Features = [FeatureSpec.Exactly("A", a), FeatureSpec.Exactly("B", b), FeatureSpec.Exactly("C", c)],
        WipLimit = wip,
    };

    [Fact]
    public void When_OneItemPerDaySequential_FeaturesFinishOneAfterAnother()
    {
        // Constant throughput 1/day: A (4 items) on day 4, B on day 8, C on day 12.
        var f = Forecaster.When(ThroughputSample.FromDailyCounts([1], Today), Abc(1), new ForecastOptions { Trials = 100 });

        Assert.Equal([4, 8, 12], f.Features.Select(x => Assert.Single(x.Result.Distribution).WorkingDay));
        Assert.Equal(12, Assert.Single(f.Overall!.Distribution).WorkingDay);
    }

    [Fact]
    public void When_OneItemPerDayWipLimitTwo_RoundRobinOverActiveFeatures()
    {
        // WIP 2: items go A, B, A, B, ...: A gets items 1, 3, 5, 7 → done day 7; B gets 2, 4, 6, 8 → day 8;
        // C becomes active when A finishes but the turn has passed to B, so C gets items 9..12 → day 12.
        var f = Forecaster.When(ThroughputSample.FromDailyCounts([1], Today), Abc(2), new ForecastOptions { Trials = 100 });

        Assert.Equal([7, 8, 12], f.Features.Select(x => Assert.Single(x.Result.Distribution).WorkingDay));
    }

    [Fact]
    public void When_OneItemPerDayWipLimitThree_AllSharedEvenly()
    {
        // WIP 3: A gets 1, 4, 7, 10 → day 10; B 2, 5, 8, 11 → day 11; C 3, 6, 9, 12 → day 12.
        var f = Forecaster.When(ThroughputSample.FromDailyCounts([1], Today), Abc(3), new ForecastOptions { Trials = 100 });

        Assert.Equal([10, 11, 12], f.Features.Select(x => Assert.Single(x.Result.Distribution).WorkingDay));
    }

    [Fact]
    public void When_ThreeItemsPerDayWipLimitTwo_LeftoverGoesToNextFeatureSameDay()
    {
        // Day 1: A, B, A (A 2 left, B 3 left); day 2: B, A, B (A 1, B 1); day 3: A → A done, order [B, C], turn 0 → B done,
        // turn 0 → C gets 1 (3 left); day 4: C ×3 → done. A and B on day 3, C on day 4.
        var f = Forecaster.When(ThroughputSample.FromDailyCounts([3], Today), Abc(2), new ForecastOptions { Trials = 10 });

        Assert.Equal([3, 3, 4], f.Features.Select(x => Assert.Single(x.Result.Distribution).WorkingDay));
    }

    [Fact]
    public void When_Sequential_LaterFeatureNeverFinishesEarlier()
    {
        // Per trial B finishes on or after A, so B's CDF can never exceed A's on any day.
        var f = Forecaster.When(Sample(), Abc(1, 10, 5, 20), new ForecastOptions { Trials = 20_000 });

        for (var i = 1; i < f.Features.Count; i++)
        {
            var earlier = f.Features[i - 1].Result;
            var later = f.Features[i].Result;
            foreach (var p in later.Distribution)
            {
                var earlierCum = earlier.Distribution.Where(x => x.WorkingDay <= p.WorkingDay).Select(x => x.Cumulative).DefaultIfEmpty(0).Max();
                Assert.True(p.Cumulative <= earlierCum + 1e-12, $"{f.Features[i].Name} day {p.WorkingDay}");
            }

            for (var q = 0; q < 4; q++)
            {
                Assert.True(later.Percentiles[q].WorkingDays >= earlier.Percentiles[q].WorkingDays);
            }
        }

        Assert.Equal(f.Features[^1].Result.Distribution, f.Overall!.Distribution);
    }

    [Fact]
    public void When_SequentialFixedScopes_EachFeatureMatchesExactCumulativeScope()
    {
        // Sequential with spill-over: B is done when the running sum reaches 10 + 5 = 15, C at 35.
        const int trials = 100_000;
        var f = Forecaster.When(Sample(), Abc(1, 10, 5, 20), new ForecastOptions { Trials = trials });

        foreach (var (feature, cumulativeScope) in f.Features.Zip(new[] { 10, 15, 35 }))
        {
            var exact = Forecaster.When(Sample(), WhenRequest.Items(cumulativeScope));
            foreach (var p in exact.Overall!.Distribution)
            {
                var mc = feature.Result.Distribution.Where(x => x.WorkingDay <= p.WorkingDay).Select(x => x.Cumulative).DefaultIfEmpty(0).Max();
                var se = Math.Sqrt(p.Cumulative * (1 - p.Cumulative) / trials);
                Assert.True(Math.Abs(mc - p.Cumulative) <= 5 * se + 1e-9, $"{feature.Name} day {p.WorkingDay}: {mc} vs {p.Cumulative}");
            }
        }
    }

    [Fact]
    public void When_LowerWipLimit_FirstFeatureEarlier_LastNotLater()
    {
        var options = new ForecastOptions { Trials = 20_000 };
        var wide = Forecaster.When(Sample(), Abc(3, 10, 10, 10), options);
        var narrow = Forecaster.When(Sample(), Abc(1, 10, 10, 10), options);

        Assert.True(narrow.Features[0].Result.Percentiles[2].WorkingDays < wide.Features[0].Result.Percentiles[2].WorkingDays);
        // The total work is the same, so the last finish (overall) has the same distribution either way.
        Assert.Equal(wide.Overall!.Percentiles.Select(p => p.Date), narrow.Overall!.Percentiles.Select(p => p.Date));
    }

    [Fact]
    public void When_FeatureWithZeroScope_DoneToday()
    {
        var request = new WhenRequest { Features = [FeatureSpec.Exactly("empty", 0), FeatureSpec.Exactly("B", 3)] };

        var f = Forecaster.When(Sample(), request, new ForecastOptions { Trials = 1000 });

        Assert.Equal(Today, Assert.Single(f.Features[0].Result.Distribution).Date);
    }

    [Fact]
    public void When_RepeatedFeatureName_Throws() =>
        Assert.Throws<ArgumentException>(() => Forecaster.When(Sample(),
            new WhenRequest { Features = [FeatureSpec.Exactly("A", 1), FeatureSpec.Exactly("A", 2)] }));
}
