using System.Globalization;
using PmoFlow.Core.Events;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Tests.Flow;
using PmoFlow.Core.Value;

namespace PmoFlow.Core.Tests.Value;

public class PortfolioFlowTests
{
    private static readonly DateOnly Jan1 = new(2024, 1, 1);

    private static Portfolio TwoInitiatives() => new()
    {
        Objectives = [new StrategicObjective("O1", "Growth", 1)],
        Initiatives =
        [
            new Initiative
            {
                Id = "LOW",
                StartDate = new DateOnly(2024, 5, 1),
                Contributions = new Dictionary<string, double> { ["O1"] = 0.5 },
                Link = new InitiativeLink { ParentKeys = ["EPIC-L"] },
                CostOfDelayPerWeek = 1_000,
                JobDurationWeeks = 2, // WSJF 500
            },
            new Initiative
            {
                Id = "HIGH",
                Contributions = new Dictionary<string, double> { ["O1"] = 1 },
                Link = new InitiativeLink { ParentKeys = ["EPIC-H"] },
                CostOfDelayPerWeek = 3_000,
                JobDurationWeeks = 1, // WSJF 3000
                Kpis =
                [
                    new Kpi
                    {
                        Name = "Activation", Baseline = 100, Target = 200, BaselineDate = Jan1, TargetDate = Jan1.AddDays(100),
                        Readings = [new(Jan1.AddDays(30), 132), new(Jan1.AddDays(10), 112), new(Jan1.AddDays(20), 122)],
                    },
                ],
            },
        ],
    };

    [Fact]
    public void Evaluate_HandWorkedStream_RanksByWsjfAndForecastsInThatOrder()
    {
        // Two items done on each of the 30 days 1..30 May 2024 (UTC), parents alternating EPIC-L / EPIC-H: 60 done
        // items, 30 per initiative. Open: 3 of EPIC-H (in progress) and 4 of EPIC-L (backlog). As of 31 May 12:00.
        var histories = new List<History>();
        var work = new List<WorkItem>();
        for (var d = 1; d <= 30; d++)
        {
            for (var k = 0; k < 2; k++)
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"D-{d}-{k}");
                var day = string.Create(CultureInfo.InvariantCulture, $"2024-05-{d:D2}");
                var h = new History(key, day + "T08:00:00Z").To(day + "T09:00:00Z", "In Progress").To(day + "T17:00:00Z", "Done");
                histories.Add(h);
                work.Add(h.Item with { Parent = k == 0 ? "EPIC-L" : "EPIC-H", BusinessValue = 2 });
            }
        }

        for (var i = 1; i <= 3; i++)
        {
            var h = new History($"H-{i}", "2024-05-20T08:00:00Z").To("2024-05-21T08:00:00Z", "In Progress");
            histories.Add(h);
            work.Add(h.Item with { Parent = "EPIC-H" });
        }

        for (var i = 1; i <= 4; i++)
        {
            var h = new History($"L-{i}", "2024-05-20T08:00:00Z");
            histories.Add(h);
            work.Add(h.Item with { Parent = "EPIC-L" });
        }

        var stream = FlowKit.Stream();
        var analysis = FlowKit.Analyze(stream, "2024-05-31T12:00:00Z", [.. histories]);
        var options = new PortfolioFlowOptions
        {
            Window = ThroughputWindow.LastDays(30),
            Forecast = new InitiativeForecastOptions { Forecast = new ForecastOptions { Trials = 100 } },
        };

        var flow = PortfolioFlow.Evaluate(TwoInitiatives(), ValueOptions.Default, stream, analysis, work, options);

        // The sample: 1..30 May, 2 a day. HIGH first (WSJF 3000 > 500): 3 items → 2 on Sat 1 Jun, 1 on Sun 2 Jun
        // with 1 left over for LOW; LOW 4 items → 1 + 2 (Mon 3 Jun) + 1 on Tue 4 Jun.
        Assert.Equal(30, flow.Throughput.DailyCounts.Count);
        Assert.All(flow.Throughput.DailyCounts, c => Assert.Equal(2, c));
        Assert.Equal(["HIGH", "LOW"], flow.Result.Ranking.Select(r => r.InitiativeId));
        Assert.Equal(new DateOnly(2024, 6, 2), flow.Result.Ranking[0].ForecastDate);
        Assert.Equal(new DateOnly(2024, 6, 4), flow.Result.Ranking[1].ForecastDate);

        // Value delivered: 30 completed items × 2 each = 60 per initiative.
        Assert.Equal(60m, flow.Result.Ranking[0].ValueDelivered);
        Assert.Equal((33, 30), (flow.Result.Ranking[0].LinkedItems, flow.Result.Ranking[0].CompletedItems));

        // Time to value of LOW from its start date 1 May: first value 1 May → 1 day (inclusive); last: items open → null.
        var low = flow.Section.TimeToValue.Single(t => t.InitiativeId == "LOW");
        Assert.Equal((1, (int?)null, 30, 34), (low.DaysToFirstValue, low.DaysToLastValue, low.ItemsAtValue, low.Items));
        // HIGH has no start date: its first item's creation, 1 May.
        Assert.Equal(new DateOnly(2024, 5, 1), flow.Section.TimeToValue.Single(t => t.InitiativeId == "HIGH").Start);
    }

    [Fact]
    public void Evaluate_ForecastSwitches_WeekdayPoolsAndColdStartApplyToTheInitiativeForecasts()
    {
        // 2 done a day over 1..30 May (each the same day: 1 day inclusive); open: 3 of EPIC-H, 4 of EPIC-L; as of 31 May.
        var histories = new List<History>();
        var work = new List<WorkItem>();
        for (var d = 1; d <= 30; d++)
        {
            for (var k = 0; k < 2; k++)
            {
                var day = string.Create(CultureInfo.InvariantCulture, $"2024-05-{d:D2}");
                var h = new History(string.Create(CultureInfo.InvariantCulture, $"D-{d}-{k}"), day + "T08:00:00Z")
                    .To(day + "T09:00:00Z", "In Progress").To(day + "T17:00:00Z", "Done");
                histories.Add(h);
                work.Add(h.Item with { Parent = k == 0 ? "EPIC-L" : "EPIC-H" });
            }
        }

        histories.AddRange(Enumerable.Range(1, 3).Select(i => new History($"H-{i}", "2024-05-20T08:00:00Z").To("2024-05-21T08:00:00Z", "In Progress")));
        histories.AddRange(Enumerable.Range(1, 4).Select(i => new History($"L-{i}", "2024-05-20T08:00:00Z")));
        work.AddRange(histories.Skip(60).Select(h => h.Item with { Parent = h.Item.Key.StartsWith('H') ? "EPIC-H" : "EPIC-L" }));
        var stream = FlowKit.Stream(Core.Model.FlowOptions.PmoFlow with { Sampling = Core.Model.ThroughputSampling.ByWeekday, ColdStart = true });
        var analysis = FlowKit.Analyze(stream, "2024-05-31T12:00:00Z", [.. histories]);
        var options = new PortfolioFlowOptions
        {
            Window = ThroughputWindow.LastDays(30),
            Forecast = new InitiativeForecastOptions { Forecast = new ForecastOptions { Trials = 100 } },
        };

        var flow = PortfolioFlow.Evaluate(TwoInitiatives(), ValueOptions.Default, stream, analysis, work, options);

        // The sample carries the stream's switches: weekday pools and the 60 window cycle times (1 day each) for the cold start.
        Assert.Equal(Core.Model.ThroughputSampling.ByWeekday, flow.Throughput.Sampling);
        Assert.Equal(60, flow.Throughput.ColdStartCycleTimes.Count);
        // Two features under pools and a cold start: HIGH gets the cold start's one item on Sat 1 Jun and 2 on Sun 2 Jun
        // (done); LOW 2 on Mon 3 Jun and 2 on Tue 4 Jun.
        Assert.Equal(new DateOnly(2024, 6, 2), flow.Result.Ranking[0].ForecastDate);
        Assert.Equal(new DateOnly(2024, 6, 4), flow.Result.Ranking[1].ForecastDate);
    }

    [Fact]
    public void Evaluate_EmptyStream_RanksWithoutForecastsAndWarns()
    {
        var stream = FlowKit.Stream();
        var analysis = FlowKit.Analyze(stream, "2024-05-31T12:00:00Z");

        var flow = PortfolioFlow.Evaluate(TwoInitiatives(), ValueOptions.Default, stream, analysis, []);

        Assert.All(flow.Result.Ranking, r => Assert.Null(r.ForecastDate));
        Assert.All(flow.Forecasts.Initiatives, f => Assert.Equal(InitiativeForecastStatus.NoItems, f.Status));
        Assert.Contains(flow.Result.Warnings, w => w.Field == "link" && w.InitiativeId == "LOW");
        Assert.Empty(flow.Inputs.Items);
    }

    [Fact]
    public void Build_KpiSeries_HasReadingsInDateOrderTheTargetLineAndTheTrend()
    {
        var portfolio = TwoInitiatives();
        var result = PortfolioEvaluator.Evaluate(portfolio, []);

        var section = ValueSection.Build(portfolio, result, []);

        var s = Assert.Single(section.Kpis);
        Assert.Equal([112.0, 122, 132], s.Readings.Select(r => r.Value));
        Assert.Equal([new KpiPoint(Jan1, 100), new KpiPoint(Jan1.AddDays(100), 200)], s.TargetLine);
        // Fit through (10, 112), (20, 122), (30, 132): slope 1/day, intercept 102; projection at day 100 = 202.
        Assert.Equal(2, s.Trend.Count);
        Assert.Equal(102, s.Trend[0].Value, 9);
        Assert.Equal(202, s.Trend[1].Value, 9);
        Assert.Equal(KpiStatus.OnTrack, s.Status);
        Assert.Equal(1.02, s.Attainment!.Value, 9);
        Assert.Equal(PortfolioTables.RankingColumns, section.RankingTable.Columns);
        Assert.All(section.TimeToValue, t => Assert.Null(t.DaysToFirstValue));
    }

    [Fact]
    public void Build_KpiWithOneReading_HasNoTrend()
    {
        var portfolio = TwoInitiatives();
        var high = portfolio.Initiatives[1];
        portfolio = portfolio with
        {
            Initiatives = [portfolio.Initiatives[0], high with { Kpis = [high.Kpis[0] with { Readings = [new(Jan1.AddDays(5), 101)] }] }],
        };

        var section = ValueSection.Build(portfolio, PortfolioEvaluator.Evaluate(portfolio, []), []);

        var s = Assert.Single(section.Kpis);
        Assert.Empty(s.Trend);
        Assert.Equal(KpiStatus.NotEnoughData, s.Status);
        Assert.Single(s.Readings);
    }
}
