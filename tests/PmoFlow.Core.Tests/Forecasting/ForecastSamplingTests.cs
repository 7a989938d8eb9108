using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;
using PmoFlow.Core.Tests.Flow;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Forecasting;

/// <summary>Forecast inputs as jira-flow-metrics builds them: excluded dates, weekday/weekend pools, cold start, Tukey outliers.</summary>
public class ForecastSamplingTests
{
    private static readonly ForecastOptions Mc = new() { Trials = 4096, Seed = 7 };

    [Fact]
    public void ExcludedDates_DropTheDaysAndTheirCompletions()
    {
        // Window 1..10 Jan 2024 (today 11 Jan): 2 on 2 Jan, 1 on 5 Jan, 5 on 6 Jan (an incident), 1 on 9 Jan.
        DateOnly[] done = [D("2024-01-02"), D("2024-01-02"), D("2024-01-05"), .. Enumerable.Repeat(D("2024-01-06"), 5), D("2024-01-09")];
        var options = FlowOptionNames.Apply(FlowOptions.PmoFlow, "excludeDates", "2024-01-05..2024-01-06");
        var sample = ThroughputSampler.Sample(done, D("2024-01-11"),
            new SamplingOptions { Window = ThroughputWindow.LastDays(10), ExcludedDates = options.ExcludedDates });

        Assert.Equal(8, sample.Dates.Count);
        Assert.DoesNotContain(D("2024-01-05"), sample.Dates);
        Assert.DoesNotContain(D("2024-01-06"), sample.Dates);
        Assert.Equal(3, sample.Completions);
        Assert.Throws<ArgumentException>(() => FlowOptionNames.Apply(FlowOptions.PmoFlow, "excludeDates", "2024-01-06..2024-01-05"));
    }

    [Fact]
    public void WithoutOutliers_TukeyFences()
    {
        // Sorted 1, 2, 3, 4, 100: Q1 = 2, Q3 = 4 (linear, h = 1 and 3); IQR 2; fences [−1, 7]: 100 is out.
        Assert.Equal([1.0, 2, 3, 4], ForecastSampling.WithoutOutliers([4, 100, 1, 2, 3]).Order());
        Assert.Empty(ForecastSampling.WithoutOutliers([]));
    }

    [Fact]
    public void ByWeekday_WeekendDaysDrawFromTheWeekendPool()
    {
        // Today Friday 12 Jan 2024. Sampled weekdays all completed 1 item, weekend days none: 5 items take Sat, Sun
        // (0 each) then Mon..Fri (1 each): every trial ends on Friday 19 Jan. A single pool (mean 5/7 a day) would spread.
        var today = D("2024-01-12");
        var counts = Enumerable.Range(1, 28).Select(i => ForecastSampling.IsWeekend(today.AddDays(-i)) ? 0 : 1).Reverse().ToArray();
        var sample = ThroughputSample.FromDailyCounts(counts, today) with { Sampling = ThroughputSampling.ByWeekday };

        var pooled = Forecaster.When(sample, WhenRequest.Items(5), Mc);
        var single = Forecaster.When(sample with { Sampling = ThroughputSampling.Pooled }, WhenRequest.Items(5), Mc);

        Assert.Equal(ForecastEngine.MonteCarlo, pooled.Inputs.Engine);
        Assert.All(pooled.Overall!.Percentiles, p => Assert.Equal(D("2024-01-19"), p.Date));
        Assert.NotEqual(single.Overall!.Percentiles[0].Date, single.Overall.Percentiles[^1].Date);
        Assert.Throws<ArgumentException>(() => Forecaster.When(sample, WhenRequest.Items(5), Mc with { Engine = ForecastEngine.Exact }));
    }

    [Fact]
    public void ColdStart_FirstItemAfterASampledCycleTime()
    {
        // One item a day; a cold start of 3 days delivers the first item on day 3, the other two on days 4 and 5.
        var today = D("2024-03-01");
        var sample = ThroughputSample.FromDailyCounts(Enumerable.Repeat(1, 30).ToArray(), today);

        var warm = Forecaster.When(sample, WhenRequest.Items(3), Mc with { Engine = ForecastEngine.MonteCarlo });
        var cold = Forecaster.When(sample with { ColdStartCycleTimes = [2.2] }, WhenRequest.Items(3), Mc); // ⌈2.2⌉ = 3

        Assert.All(warm.Overall!.Percentiles, p => Assert.Equal(today.AddDays(3), p.Date));
        Assert.All(cold.Overall!.Percentiles, p => Assert.Equal(today.AddDays(5), p.Date));
    }

    [Fact]
    public void From_ColdStartUsesTheWindowsCycleTimes_OutliersExcludedOnRequest()
    {
        // Two items of 3 days, two of 4 and one of 30 (inclusive local dates): Q1 = 3, Q3 = 4, fences [1.5, 5.5], so 30 is an outlier.
        var histories = Enumerable.Range(0, 4)
            .Select(i => new History($"A{i}", "2024-01-01T00:00:00Z").To("2024-01-02T09:00:00Z", "In Progress").To($"2024-01-0{4 + (i % 2)}T09:00:00Z", "Done"))
            .Append(new History("L", "2024-01-01T00:00:00Z").To("2024-01-02T09:00:00Z", "In Progress").To("2024-01-31T09:00:00Z", "Done"))
            .ToArray();
        var plain = Analyze(Stream(FlowOptions.PmoFlow with { ColdStart = true }), "2024-02-10T00:00:00Z", histories);
        var trimmed = Analyze(Stream(FlowOptions.PmoFlow with { ColdStart = true, ExcludeOutliers = true }), "2024-02-10T00:00:00Z", histories);

        Assert.Equal([3.0, 3, 4, 4, 30], ForecastSampling.From(plain).ColdStartCycleTimes.Order());
        Assert.Equal([3.0, 3, 4, 4], ForecastSampling.From(trimmed).ColdStartCycleTimes.Order());
        Assert.Empty(ForecastSampling.From(Analyze(Stream(), "2024-02-10T00:00:00Z", histories)).ColdStartCycleTimes);
    }
}
