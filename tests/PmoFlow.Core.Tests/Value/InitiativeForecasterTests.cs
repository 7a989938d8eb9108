using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;
using PmoFlow.Core.Value;

namespace PmoFlow.Core.Tests.Value;

public class InitiativeForecasterTests
{
    // Wednesday 2025-01-01: simulated days start on Thursday 2 January.
    private static readonly DateOnly Today = new(2025, 1, 1);

    // A constant throughput makes every Monte Carlo trial identical, so the dates can be worked by hand.
    private static ThroughputSample TwoPerDay(WorkingCalendar? calendar = null) =>
        ThroughputSample.FromDailyCounts(Enumerable.Repeat(2, 30).ToArray(), Today, calendar);

    private static Initiative Init(string id, params string[] epics) => new() { Id = id, Link = new InitiativeLink { ParentKeys = epics } };

    private static ValueItem[] Open(string epic, int count, string prefix) =>
        [.. Enumerable.Range(1, count).Select(i => new ValueItem($"{prefix}-{i}", ParentKey: epic))];

    private static InitiativeForecastOptions Fast(int wip = 1) => new() { WipLimit = wip, Forecast = new ForecastOptions { Trials = 200 } };

    [Fact]
    public void Forecast_NoInitiatives_GivesNothing()
    {
        var result = InitiativeForecaster.Forecast([], [], TwoPerDay(), Fast());

        Assert.Empty(result.Initiatives);
        Assert.Null(result.Forecast);
        Assert.Empty(result.Dates);
    }

    [Fact]
    public void Forecast_OneInitiativeOfThreeOpenItems_IsDoneOnTheSecondDay()
    {
        // 3 items at 2 a day: 2 on Thu 2 Jan, the last on Fri 3 Jan.
        var result = InitiativeForecaster.Forecast([Init("A", "E1")], Open("E1", 3, "A"), TwoPerDay(), Fast());

        var a = Assert.Single(result.Initiatives);
        Assert.Equal(InitiativeForecastStatus.Forecast, a.Status);
        Assert.Equal(new DateOnly(2025, 1, 3), a.ForecastDate);
        Assert.Equal((1, 3, 3, 3, 85.0), (a.Priority, a.LinkedItems, a.OpenItems, a.ScopeInForecast, a.Percentile));
    }

    [Fact]
    public void Forecast_TwoSequentialInitiatives_TheSecondStartsWhenTheFirstEnds()
    {
        // A has 5 open items, B 3, worked one after another at 2 a day:
        // day 1 (Thu 2 Jan) A 2, day 2 (Fri 3) A 4, day 3 (Sat 4) A 5 done + B 1, day 4 (Sun 5) B 3 done.
        ValueItem[] items = [.. Open("E1", 5, "A"), .. Open("E2", 3, "B"), new ValueItem("A-done", ParentKey: "E1", Completed: Today)];

        var result = InitiativeForecaster.Forecast([Init("A", "E1"), Init("B", "E2")], items, TwoPerDay(), Fast());

        Assert.Equal(new DateOnly(2025, 1, 4), result.Dates["A"]);
        Assert.Equal(new DateOnly(2025, 1, 5), result.Dates["b"]);
        Assert.Equal((6, 5), (result.Initiatives[0].LinkedItems, result.Initiatives[0].OpenItems));
        Assert.Equal(2, result.Forecast!.Features.Count);
    }

    [Fact]
    public void Forecast_PriorityOrderReversed_SwapsWhoFinishesFirst()
    {
        ValueItem[] items = [.. Open("E1", 5, "A"), .. Open("E2", 3, "B")];

        var result = InitiativeForecaster.Forecast([Init("B", "E2"), Init("A", "E1")], items, TwoPerDay(), Fast());

        // B first: 3 items → Fri 3 Jan (2 + 1, with 1 left over for A); A: 1 + 2 + 2 = 5 on Sun 5 Jan.
        Assert.Equal(new DateOnly(2025, 1, 3), result.Dates["B"]);
        Assert.Equal(new DateOnly(2025, 1, 5), result.Dates["A"]);
        Assert.Equal(["B", "A"], result.Initiatives.Select(i => i.InitiativeId));
    }

    [Fact]
    public void Forecast_WipLimitTwo_SharesTheThroughputRoundRobin()
    {
        // A 4 items, B 2, both active, completions handed out one at a time A, B, A, B, ...:
        // day 1 A 1 B 1, day 2 A 2 B 2 (B done Fri 3 Jan), day 3 A 4 (done Sat 4 Jan).
        ValueItem[] items = [.. Open("E1", 4, "A"), .. Open("E2", 2, "B")];

        var result = InitiativeForecaster.Forecast([Init("A", "E1"), Init("B", "E2")], items, TwoPerDay(), Fast(wip: 2));

        Assert.Equal(new DateOnly(2025, 1, 4), result.Dates["A"]);
        Assert.Equal(new DateOnly(2025, 1, 3), result.Dates["B"]);
    }

    [Fact]
    public void Forecast_WorkingWeekdays_SkipsTheWeekend()
    {
        // 5 items at 2 a working day from Thu 2 Jan: Thu 2, Fri 4, (weekend skipped) Mon 6 Jan 5 done.
        var result = InitiativeForecaster.Forecast([Init("A", "E1")], Open("E1", 5, "A"), TwoPerDay(WorkingCalendar.Weekdays), Fast());

        Assert.Equal(new DateOnly(2025, 1, 6), result.Dates["A"]);
    }

    [Fact]
    public void Forecast_SharedItem_CountsOnceInTheFirstInitiativeAndHoldsTheSecondUntilThen()
    {
        // X-1 is linked to both (epic E1, label-free filter on the key). A: 3 items incl. X-1; B: X-1 plus 1 of its own.
        // Scope: A 3, B 1 (X-1 counted in A). Day 1 A 2, day 2 A 3 done (Fri 3) + B 1 done (Fri 3).
        var a = new Initiative { Id = "A", Link = new InitiativeLink { ParentKeys = ["E1"] } };
        var b = new Initiative { Id = "B", Link = new InitiativeLink { ParentKeys = ["E2"], KeyPrefixes = ["X-"] } };
        ValueItem[] items = [new("X-1", ParentKey: "E1"), .. Open("E1", 2, "A"), .. Open("E2", 1, "B")];

        var result = InitiativeForecaster.Forecast([a, b], items, TwoPerDay(), Fast());

        Assert.Equal((3, 3), (result.Initiatives[0].OpenItems, result.Initiatives[0].ScopeInForecast));
        Assert.Equal((2, 1), (result.Initiatives[1].OpenItems, result.Initiatives[1].ScopeInForecast));
        Assert.Equal(new DateOnly(2025, 1, 3), result.Dates["A"]);
        Assert.Equal(new DateOnly(2025, 1, 3), result.Dates["B"]);
    }

    [Fact]
    public void Forecast_SecondInitiativeOnlySharesItems_TakesTheDateOfTheFeatureHoldingThem()
    {
        // B's only open item belongs to A's feature: B has no scope of its own and is done when A is (5 items: Sat 4 Jan).
        var a = Init("A", "E1");
        var b = new Initiative { Id = "B", Link = new InitiativeLink { KeyPrefixes = ["A-5"] } };

        var result = InitiativeForecaster.Forecast([a, b], Open("E1", 5, "A"), TwoPerDay(), Fast());

        Assert.Equal(0, result.Initiatives[1].ScopeInForecast);
        Assert.Equal(new DateOnly(2025, 1, 4), result.Dates["B"]);
        Assert.Single(result.Forecast!.Features);
    }

    [Fact]
    public void Forecast_DoneAndUnlinkedInitiatives_HaveNoDateAndSayWhy()
    {
        ValueItem[] items = [new("A-1", ParentKey: "E1", Completed: new DateOnly(2024, 12, 20)), new("A-2", ParentKey: "E1", Completed: new DateOnly(2024, 12, 28))];

        var result = InitiativeForecaster.Forecast([Init("A", "E1"), Init("B", "E9")], items, TwoPerDay(), Fast());

        Assert.Equal(InitiativeForecastStatus.Done, result.Initiatives[0].Status);
        Assert.Equal(new DateOnly(2024, 12, 28), result.Initiatives[0].CompletedOn);
        Assert.Null(result.Initiatives[0].ForecastDate);
        Assert.Equal(InitiativeForecastStatus.NoItems, result.Initiatives[1].Status);
        Assert.Contains("linked to no work items", result.Initiatives[1].Reason, StringComparison.Ordinal);
        Assert.Null(result.Forecast);
    }

    [Fact]
    public void Forecast_NoCompletionsInTheWindow_CannotForecastWithTheReason()
    {
        var zero = ThroughputSample.FromDailyCounts(new int[30], Today);

        var result = InitiativeForecaster.Forecast([Init("A", "E1")], Open("E1", 3, "A"), zero, Fast());

        var a = Assert.Single(result.Initiatives);
        Assert.Equal(InitiativeForecastStatus.CannotForecast, a.Status);
        Assert.Null(a.ForecastDate);
        Assert.Contains("holds no completed item", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Forecast_HigherPercentile_IsNeverEarlier()
    {
        // Throughput 0 or 4 a day with equal odds: 4 items need one "4" day; P50 is day 1, P95 later.
        var sample = ThroughputSample.FromDailyCounts([0, 4, 0, 4, 0, 4, 0, 4], Today);
        var items = Open("E1", 4, "A");
        DateOnly? At(double p) => InitiativeForecaster.Forecast([Init("A", "E1")], items, sample,
            new InitiativeForecastOptions { Percentile = p, Forecast = new ForecastOptions { Trials = 5_000, Seed = 7 } }).Dates["A"];

        // P(done by day k) = 1 − 0.5^k: P50 → day 1 (Thu 2 Jan); P95 → day 5 (1 − 1/32 = 0.969 ≥ 0.95; day 4 gives 0.9375).
        Assert.Equal(new DateOnly(2025, 1, 2), At(50));
        Assert.Equal(new DateOnly(2025, 1, 6), At(95));
    }

    [Fact]
    public void Forecast_PercentileOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            InitiativeForecaster.Forecast([], [], TwoPerDay(), new InitiativeForecastOptions { Percentile = 0 }));
    }
}
