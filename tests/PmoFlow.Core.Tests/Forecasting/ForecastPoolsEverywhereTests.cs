using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Forecasting;

/// <summary>
/// Weekday/weekend pools and cold starts in every forecast, not only single-feature "when": "how many", several features
/// (sequential and round robin), a throughput factor, backlog growth. Deterministic cases are worked by hand; random ones
/// are checked against their exact distributions.
/// </summary>
public class ForecastPoolsEverywhereTests
{
    private static readonly ForecastOptions Mc = new() { Trials = 40_000, Seed = 11 };

    // Today Friday 12 Jan 2024; the 28 days before it: weekday(date) → count, in date order.
    private static ThroughputSample ByWeekday(Func<DateOnly, int, int> count)
    {
        var today = D("2024-01-12");
        var weekdays = 0;
        var counts = Enumerable.Range(1, 28).Reverse().Select(i =>
        {
            var date = today.AddDays(-i);
            return ForecastSampling.IsWeekend(date) ? count(date, -1) : count(date, weekdays++);
        }).ToArray();
        return ThroughputSample.FromDailyCounts(counts, today) with { Sampling = ThroughputSampling.ByWeekday };
    }

    private static double P(HowManyForecast f, long items) => f.Distribution.FirstOrDefault(p => p.Items == items)?.Probability ?? 0;

    [Fact]
    public void HowMany_ByWeekday_WeekdaysOnly()
    {
        // Weekdays 1 item, weekend days 0: Sat 13 … Fri 19 Jan hold 5 weekdays: exactly 5 items in every trial.
        var sample = ByWeekday((_, weekday) => weekday < 0 ? 0 : 1);
        var f = Forecaster.HowMany(sample, D("2024-01-19"), Mc);

        Assert.Equal(ForecastEngine.MonteCarlo, f.Inputs.Engine);
        Assert.Equal(1.0, P(f, 5));
        Assert.All(f.Percentiles, p => Assert.Equal(5, p.Items));
        Assert.Throws<ArgumentException>(() => Forecaster.HowMany(sample, D("2024-01-19"), Mc with { Engine = ForecastEngine.Exact }));

        // One pool of the same days (mean 5/7 a day) is not a point mass.
        Assert.True(P(Forecaster.HowMany(sample with { Sampling = ThroughputSampling.Pooled }, D("2024-01-19"), Mc), 5) < 0.5);
    }

    [Fact]
    public void HowMany_ByWeekday_MatchesTheExactDistribution()
    {
        // Weekend days 1 item; weekdays alternate 0 and 2 (10 of each). Sat 13 … Tue 16 Jan: 1 + 1 + X + Y with X, Y
        // uniform on {0, 2}: 2 items w.p. 1/4, 4 w.p. 1/2, 6 w.p. 1/4.
        var sample = ByWeekday((_, weekday) => weekday < 0 ? 1 : weekday % 2 == 0 ? 0 : 2);
        var f = Forecaster.HowMany(sample, D("2024-01-16"), Mc);

        Assert.Equal(0.25, P(f, 2), 2);
        Assert.Equal(0.50, P(f, 4), 2);
        Assert.Equal(0.25, P(f, 6), 2);
        Assert.Equal(1.0, P(f, 2) + P(f, 4) + P(f, 6), 12);
    }

    [Fact]
    public void HowMany_ColdStart_MatchesTheExactDistribution()
    {
        // One item every day; cold starts of ⌈2.2⌉ = 3, ⌈0.5⌉ = 1 and 10 days, each w.p. 1/3, by day 5:
        // c = 3: 1 + days 4, 5 = 3 items; c = 1: 1 + days 2..5 = 5; c = 10 > 5: nothing. Warm: 5 items always.
        var today = D("2024-03-01");
        var sample = ThroughputSample.FromDailyCounts(Enumerable.Repeat(1, 30).ToArray(), today) with { ColdStartCycleTimes = [2.2, 0.5, 10] };
        var f = Forecaster.HowMany(sample, today.AddDays(5), Mc);

        Assert.Equal(1 / 3.0, P(f, 0), 2);
        Assert.Equal(1 / 3.0, P(f, 3), 2);
        Assert.Equal(1 / 3.0, P(f, 5), 2);
        Assert.Equal(1.0, P(Forecaster.HowMany(sample with { ColdStartCycleTimes = [] }, today.AddDays(5), Mc), 5));
    }

    [Fact]
    public void When_SeveralFeatures_ByWeekday_SequentialAndRoundRobin()
    {
        // Weekdays 1 item, weekends 0, from Fri 12 Jan. A = 3 items, B = 2.
        // WIP 1: A takes Mon 15, Tue 16, Wed 17; B Thu 18, Fri 19.
        // WIP 2 (round robin): Mon → A, Tue → B, Wed → A, Thu → B (B done 18 Jan), Fri → A (done 19 Jan).
        var sample = ByWeekday((_, weekday) => weekday < 0 ? 0 : 1);
        WhenRequest Request(int wip) => new() { Features = [FeatureSpec.Exactly("A", 3), FeatureSpec.Exactly("B", 2)], WipLimit = wip };

        var sequential = Forecaster.When(sample, Request(1), Mc);
        Assert.All(sequential.Features[0].Result.Percentiles, p => Assert.Equal(D("2024-01-17"), p.Date));
        Assert.All(sequential.Features[1].Result.Percentiles, p => Assert.Equal(D("2024-01-19"), p.Date));

        var roundRobin = Forecaster.When(sample, Request(2), Mc);
        Assert.All(roundRobin.Features[0].Result.Percentiles, p => Assert.Equal(D("2024-01-19"), p.Date));
        Assert.All(roundRobin.Features[1].Result.Percentiles, p => Assert.Equal(D("2024-01-18"), p.Date));
        Assert.All(roundRobin.Overall!.Percentiles, p => Assert.Equal(D("2024-01-19"), p.Date));
    }

    [Fact]
    public void When_SeveralFeatures_ColdStart_AndThroughputFactor()
    {
        // One item a day from 1 Mar; cold start ⌈2.2⌉ = 3 days finishes A (1 item) on day 3; B (2 items) on days 4, 5.
        var today = D("2024-03-01");
        var sample = ThroughputSample.FromDailyCounts(Enumerable.Repeat(1, 30).ToArray(), today) with { ColdStartCycleTimes = [2.2] };
        var request = new WhenRequest { Features = [FeatureSpec.Exactly("A", 1), FeatureSpec.Exactly("B", 2)], WipLimit = 1 };

        var f = Forecaster.When(sample, request, Mc);
        Assert.All(f.Features[0].Result.Percentiles, p => Assert.Equal(today.AddDays(3), p.Date));
        Assert.All(f.Features[1].Result.Percentiles, p => Assert.Equal(today.AddDays(5), p.Date));

        // Throughput × 0.5 after the cold start (its one item stays one item): B gets 0.5 on day 4, 1 on day 5, 1.5 on day 6, 2 on day 7.
        var half = Forecaster.When(sample, request, Mc with { ThroughputFactor = 0.5 });
        Assert.All(half.Features[0].Result.Percentiles, p => Assert.Equal(today.AddDays(3), p.Date));
        Assert.All(half.Features[1].Result.Percentiles, p => Assert.Equal(today.AddDays(7), p.Date));

        // One feature of 3 with a cold start matches the single-feature rule: day 3, then days 4 and 5.
        Assert.All(Forecaster.When(sample, WhenRequest.Items(3), Mc).Overall!.Percentiles, p => Assert.Equal(today.AddDays(5), p.Date));
    }

    [Fact]
    public void When_Growth_ColdStart_ArrivalsDrawnEveryDayOfTheColdStart()
    {
        // Throughput 2 a day, growth 1 a day, A = 2 items (receives arrivals), cold start ⌈2.2⌉ = 3 days from 1 Mar:
        // day 1 +1 → 3, day 2 +1 → 4, day 3 −1 (the cold start's item) +1 → 4, day 4 −2 +1 → 3, day 5 −2 +1 → 2,
        // day 6 −2 → done on day 6 (without arrivals during the cold start it would be day 4).
        var today = D("2024-03-01");
        var sample = ThroughputSample.FromDailyCounts(Enumerable.Repeat(2, 30).ToArray(), today) with { ColdStartCycleTimes = [2.2] };
        var growth = ThroughputSample.FromDailyCounts(Enumerable.Repeat(1, 30).ToArray(), today);
        var request = new WhenRequest { Features = [FeatureSpec.Exactly("A", 2) with { ReceivesArrivals = true }], Arrivals = growth };

        var f = Forecaster.When(sample, request, Mc with { Trials = 1000 });
        Assert.All(f.Overall!.Percentiles, p => Assert.Equal(today.AddDays(6), p.Date));
    }
}
