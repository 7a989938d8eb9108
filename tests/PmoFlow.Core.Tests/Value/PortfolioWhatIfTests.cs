using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Value;

namespace PmoFlow.Core.Tests.Value;

/// <summary>
/// Portfolio what-ifs worked by hand. Today 31 May 2024; the throughput sample is exactly 2 completions on each of
/// 1..30 May, so every trial completes 2 items a day from 1 June (capacity left by a finished initiative goes to the
/// next the same day) and the P85 dates are exact.
/// A: cost of delay 3000/week, 1 week (WSJF 3000), 3 open items worth 10 each (value 30), cash flows [−100, 60, 60]
///    at 10 % (NPV = −100 + 54.5455 + 49.5868 = 4.1322).
/// B: 1000/week, 2 weeks (WSJF 500), 4 open items, business value 100. C: 200/week, 1 week (WSJF 200), 2 open items, no value.
/// Baseline (A, B, C one at a time): A Jun 1 (2) + Jun 2 (1) → Jun 2; B Jun 2 (1), Jun 3 (2), Jun 4 (1) → Jun 4;
/// C Jun 4 (1), Jun 5 (1) → Jun 5. Value by Jun 3: A's 30.
/// </summary>
public class PortfolioWhatIfTests
{
    private static readonly DateOnly Today = new(2024, 5, 31);
    private static readonly DateOnly ValueBy = new(2024, 6, 3);

    private static Portfolio Portfolio() => new()
    {
        Initiatives =
        [
            new Initiative
            {
                Id = "A", Link = new InitiativeLink { Labels = ["a"] }, CostOfDelayPerWeek = 3000, JobDurationWeeks = 1,
                Financials = new InitiativeFinancials { CashFlows = [-100, 60, 60], DiscountRate = 0.10 },
            },
            new Initiative { Id = "B", Link = new InitiativeLink { Labels = ["b"] }, CostOfDelayPerWeek = 1000, JobDurationWeeks = 2, BusinessValue = 100 },
            new Initiative { Id = "C", Link = new InitiativeLink { Labels = ["c"] }, CostOfDelayPerWeek = 200, JobDurationWeeks = 1 },
        ],
    };

    private static List<ValueItem> Items()
    {
        var items = new List<ValueItem>();
        void Add(string label, int count, decimal? value = null)
        {
            for (var i = 0; i < count; i++)
            {
                items.Add(new ValueItem($"{label.ToUpperInvariant()}-{i}", Labels: [label], BusinessValue: value, Created: Today.AddDays(-10)));
            }
        }

        Add("a", 3, 10);
        Add("b", 4);
        Add("c", 2);
        Add("d", 2);
        return items;
    }

    private static ThroughputSample Sample() => ThroughputSampler.Sample(
        Enumerable.Range(1, 30).SelectMany(d => new[] { new DateOnly(2024, 5, d), new DateOnly(2024, 5, d) }),
        Today,
        new SamplingOptions { Window = ThroughputWindow.LastDays(30) });

    private static IReadOnlyList<PortfolioScenarioResult> Run(params PortfolioScenario[] scenarios) => PortfolioWhatIf.Compare(
        Portfolio(), ValueOptions.Default, Items(), Sample(), ValueBy, scenarios,
        new InitiativeForecastOptions { Forecast = new ForecastOptions { Trials = 200, Seed = 7 } });

    private static DateOnly June(int day) => new(2024, 6, day);

    private static Dictionary<string, DateOnly?> Dates(PortfolioScenarioResult r) => r.Initiatives.ToDictionary(i => i.InitiativeId, i => i.Date);

    [Fact]
    public void Baseline_HandWorkedDatesValueNpvAndOrder()
    {
        Assert.All(Sample().DailyCounts, c => Assert.Equal(2, c));
        var b = Assert.Single(Run());
        Assert.Equal(PortfolioWhatIf.Baseline, b.Name);
        Assert.Equal(new Dictionary<string, DateOnly?> { ["A"] = June(2), ["B"] = June(4), ["C"] = June(5) }, Dates(b));
        Assert.Equal(["A", "B", "C"], b.WsjfOrder);
        Assert.Equal(30m, b.ValueDelivered);
        Assert.Equal(4.1322, b.Npv!.Value, 4);
        Assert.Equal(0, b.CostOfDelay);
    }

    [Fact]
    public void ThroughputFactor_TwiceTheCapacity_EveryoneEarlier()
    {
        // 4 a day: A Jun 1 (3); B Jun 1 (1) + Jun 2 (3) → Jun 2; C Jun 2 (1) + Jun 3 (1) → Jun 3.
        var s = Run(new PortfolioScenario { Name = "capacity", ThroughputFactor = 2 })[1];
        Assert.Equal(new Dictionary<string, DateOnly?> { ["A"] = June(1), ["B"] = June(2), ["C"] = June(3) }, Dates(s));
        Assert.Equal(130m, s.ValueDelivered); // A 30 + B 100 + C nothing
        Assert.Equal((3000 * -1 + 1000 * -2 + 200 * -2) / 7.0, s.CostOfDelay, 9); // −5400/7 = −771.43
    }

    [Fact]
    public void Drop_A_BAndCMoveUp_NpvGone()
    {
        // B Jun 1 (2) + Jun 2 (2) → Jun 2; C Jun 3 (2) → Jun 3.
        var s = Run(new PortfolioScenario { Name = "no A", Drop = ["a"] })[1];
        Assert.Equal(new Dictionary<string, DateOnly?> { ["B"] = June(2), ["C"] = June(3) }, Dates(s));
        Assert.Equal(["B", "C"], s.WsjfOrder);
        Assert.Equal(100m, s.ValueDelivered);
        Assert.Null(s.Npv);
        Assert.Equal((1000 * -2 + 200 * -2) / 7.0, s.CostOfDelay, 9); // −342.86
    }

    [Fact]
    public void Add_D_GoesFirstByWsjf_TheOthersSlipADay()
    {
        // D (5000/week, 1 week: WSJF 5000; 2 items, value 50) first: D Jun 1; A Jun 2 (2) + Jun 3 (1) → Jun 3;
        // B Jun 3 (1), Jun 4 (2), Jun 5 (1) → Jun 5; C Jun 5 (1), Jun 6 (1) → Jun 6.
        var d = new Initiative { Id = "D", Link = new InitiativeLink { Labels = ["d"] }, CostOfDelayPerWeek = 5000, JobDurationWeeks = 1, BusinessValue = 50 };
        var s = Run(new PortfolioScenario { Name = "add D", Add = [d] })[1];
        Assert.Equal(["D", "A", "B", "C"], s.WsjfOrder);
        Assert.Equal(new Dictionary<string, DateOnly?> { ["D"] = June(1), ["A"] = June(3), ["B"] = June(5), ["C"] = June(6) }, Dates(s));
        Assert.Equal(80m, s.ValueDelivered); // D 50 + A 30
        Assert.Null(s.Initiatives.Single(i => i.InitiativeId == "D").DaysLate);
        Assert.Equal((3000 + 1000 + 200) / 7.0, s.CostOfDelay, 9); // 600
    }

    [Fact]
    public void Reorder_CThenB_AWaits()
    {
        // C Jun 1 (2); B Jun 2 (2) + Jun 3 (2) → Jun 3; A Jun 4 (2) + Jun 5 (1) → Jun 5. WSJF order unchanged.
        var s = Run(new PortfolioScenario { Name = "C first", Order = ["C", "B"] })[1];
        Assert.Equal(new Dictionary<string, DateOnly?> { ["C"] = June(1), ["B"] = June(3), ["A"] = June(5) }, Dates(s));
        Assert.Equal(["C", "B", "A"], s.Initiatives.Select(i => i.InitiativeId));
        Assert.Equal(["A", "B", "C"], s.WsjfOrder);
        Assert.Equal(100m, s.ValueDelivered); // B by Jun 3; A only Jun 5
        Assert.Equal((200 * -4 + 1000 * -1 + 3000 * 3) / 7.0, s.CostOfDelay, 9); // 7200/7 = 1028.57
    }

    [Fact]
    public void WipLimit_TwoAtOnce_ShareTheThroughput()
    {
        // A and B one item each a day: A Jun 1, 2, 3 → Jun 3; B has 1 left on Jun 4 and shares that day with C;
        // C's last item Jun 5. A +1 day late.
        var s = Run(new PortfolioScenario { Name = "two at once", WipLimit = 2 })[1];
        Assert.Equal(new Dictionary<string, DateOnly?> { ["A"] = June(3), ["B"] = June(4), ["C"] = June(5) }, Dates(s));
        Assert.Equal(30m, s.ValueDelivered);
        Assert.Equal(3000 / 7.0, s.CostOfDelay, 9);
    }

    [Fact]
    public void Delay_BStartsAWeekLater_CostsOneWeekOfItsCostOfDelay()
    {
        var s = Run(new PortfolioScenario { Name = "B later", Delays = new Dictionary<string, int> { ["b"] = 7 } })[1];
        Assert.Equal(new Dictionary<string, DateOnly?> { ["A"] = June(2), ["B"] = June(11), ["C"] = June(5) }, Dates(s));
        Assert.Equal(7, s.Initiatives.Single(i => i.InitiativeId == "B").DaysLate);
        Assert.Equal(1000.0, s.CostOfDelay, 9);
        Assert.Equal(30m, s.ValueDelivered);
    }

    [Fact]
    public void Compare_UnknownInitiative_IsRefusedWithItsName()
    {
        var ex = Assert.Throws<ArgumentException>(() => Run(new PortfolioScenario { Name = "bad", Drop = ["Z"] }));
        Assert.Contains("'Z'", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Run(new PortfolioScenario { Name = "dup", Add = [new Initiative { Id = "a" }] }));
        Assert.Throws<ArgumentException>(() => Run(new PortfolioScenario { Name = "order", Order = ["Q"] }));
    }
}
