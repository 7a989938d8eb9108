using PmoFlow.Reporting.Charts;

namespace PmoFlow.Reporting.Tests.Charts;

public class OtherChartsTests
{
    [Fact]
    public void AgeingWip_ItemsAroundSle_SplitIntoTwoSeriesWithSleLine()
    {
        var chart = AgeingWipChart.Build(
            [new("A-1", "t1", "Dev", 3), new("A-2", "t2", "Test", 12), new("A-3", "t3", "Elsewhere", 15)],
            ["Dev", "Test"],
            sleDays: 12,
            percentiles: [new(50, 4)]);

        Assert.Equal(2, chart.Series().Count);
        // 12 is not beyond an SLE of 12 ("greater than"), 15 is.
        Assert.Equal(2, chart.Series(0)["data"]!.AsArray().Count);
        Assert.Single(chart.Series(1)["data"]!.AsArray());
        Assert.Equal(["Dev", "Test", "Elsewhere"], chart.Option["xAxis"]!["data"].Strings());
        var lines = chart.Series(0).MarkLineData();
        Assert.Equal([12.0, 4], lines.Select(l => l["yAxis"]!.GetValue<double>()));
        Assert.Equal("SLE 12 days", lines[0]["name"]!.GetValue<string>());
        // The oldest item (15) is above the SLE line, so the axis keeps its own extent.
        Assert.Null(chart.Option["yAxis"]!["max"]);
    }

    [Fact]
    public void AgeingWip_SleAboveEveryItem_AxisRaisedToShowTheLine()
    {
        // Ages 2 and 3 against an SLE of 20: the axis max becomes ⌈20 × 1.1⌉ = 22.
        var chart = AgeingWipChart.Build([new("A-1", "t", "Dev", 2), new("A-2", "t", "Dev", 3)], ["Dev"], sleDays: 20);
        Assert.Equal(22, chart.Option["yAxis"]!["max"]!.GetValue<double>());
        Assert.Empty(chart.Series(1)["data"]!.AsArray());
    }

    [Fact]
    public void FlowEfficiencyByStage_FractionsBecomePercent()
    {
        var chart = EfficiencyCharts.ByStage([new("Dev", 0.8), new("Review", 0.125)], overall: 0.3);
        Assert.Equal([80.0, 12.5], chart.Series(0)["data"].Numbers());
        Assert.Equal(30, chart.Series(0).MarkLineData().Single()["yAxis"]!.GetValue<double>(), 9);
    }

    [Fact]
    public void ValueStreamMap_ThreeStages_BoxesLinksAndTotalBar()
    {
        var chart = EfficiencyCharts.ValueStreamMap(
            [new("Dev", 2, 0.5, 1), new("Review", 0.5, 3, 0.9), new("Deploy", 0.2, 1.5, 0.85)],
            totalLeadTimeDays: 10,
            totalActiveDays: 3);

        Assert.Equal(3, chart.Series().Count);
        var graph = chart.Series(0);
        Assert.Equal("graph", graph["type"]!.GetValue<string>());
        Assert.Equal(3, graph["data"]!.AsArray().Count);
        Assert.Equal(2, graph["links"]!.AsArray().Count);
        Assert.StartsWith("Review\nactive 0.5 d\nwaiting 3 d\n90% of items", graph["data"]![1]!["name"]!.GetValue<string>());
        Assert.Equal(["Dev", "Review", "Deploy", "Total lead time"], chart.Option["xAxis"]![1]!["data"].Strings());
        Assert.Equal([1.0, 0.5], graph["data"]![1]!["value"].Numbers());
        Assert.Equal([2.0, 0.5, 0.2, 3], chart.Series(1)["data"].Numbers());
        // Total waiting = lead time 10 − active 3 = 7.
        Assert.Equal([0.5, 3, 1.5, 7], chart.Series(2)["data"].Numbers());
        // Flow efficiency 3 / 10 = 30%.
        Assert.Equal("Lead time 10 days, active 3 days (30% flow efficiency)", chart.Option["title"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void ForecastWhen_GapsFilled_SharesCumulativeAndLines()
    {
        var d = new DateOnly(2024, 2, 20);
        var chart = ForecastCharts.When(new WhenChartData(
            20,
            [new(d, 2), new(d.AddDays(2), 6), new(d.AddDays(3), 2)],
            [new(50, d.AddDays(2)), new(85, d.AddDays(3))],
            d.AddDays(2),
            0.8));

        Assert.Equal(2, chart.Series().Count);
        Assert.Equal(["2024-02-20", "2024-02-21", "2024-02-22", "2024-02-23"], chart.Option["xAxis"]!["data"].Strings());
        // 10 trials: 2, 0, 6, 2 → 20%, 0%, 60%, 20%; cumulative 20, 20, 80, 100.
        Assert.Equal([20.0, 0, 60, 20], chart.Series(0)["data"].Numbers());
        Assert.Equal([20.0, 20, 80, 100], chart.Series(1)["data"].Numbers());
        Assert.Equal(["2024-02-22", "2024-02-23"], chart.Series(0).MarkLineData().Select(l => l["xAxis"]!.GetValue<string>()));
        var deadline = chart.Series(1).MarkLineData().Single();
        Assert.Equal("2024-02-22", deadline["xAxis"]!.GetValue<string>());
        Assert.Equal("Deadline 2024-02-22: 80% likely", deadline["name"]!.GetValue<string>());
    }

    [Fact]
    public void ForecastWhen_DeadlineBeforeAllDates_ExtendsAxis()
    {
        var d = new DateOnly(2024, 2, 20);
        var chart = ForecastCharts.When(new WhenChartData(5, [new(d, 1)], [], d.AddDays(-2), 0));
        Assert.Equal(["2024-02-18", "2024-02-19", "2024-02-20"], chart.Option["xAxis"]!["data"].Strings());
    }

    [Fact]
    public void ForecastHowMany_Counts_SharesAndConfidenceLines()
    {
        var chart = ForecastCharts.HowMany(new HowManyChartData(
            new DateOnly(2024, 3, 1), [new(8, 1), new(10, 5), new(11, 4)], [new(85, 10)]));

        Assert.Equal(["8", "9", "10", "11"], chart.Option["xAxis"]!["data"].Strings());
        Assert.Equal([10.0, 0, 50, 40], chart.Series(0)["data"].Numbers());
        Assert.Equal("10", chart.Series(0).MarkLineData().Single()["xAxis"]!.GetValue<string>());
    }

    [Fact]
    public void Waste_EntriesStackByCategoryAndSumDuplicates()
    {
        var chart = WasteChart.Build(
            [new("Review", "waiting", 4), new("Dev", "rework", 2), new("Review", "waiting", 1), new("Review", "blocked", 3)],
            ["Dev", "Review"]);

        Assert.Equal(["waiting", "rework", "blocked"], chart.Series().Select(s => s!["name"]!.GetValue<string>()));
        Assert.All(chart.Series(), s => Assert.Equal("waste", s!["stack"]!.GetValue<string>()));
        Assert.Equal([0.0, 5], chart.Series(0)["data"].Numbers());
        Assert.Equal([2.0, 0], chart.Series(1)["data"].Numbers());
        Assert.Equal([0.0, 3], chart.Series(2)["data"].Numbers());
    }

    [Fact]
    public void EveryStandardChart_HasAnimationOff()
    {
        var model = ReportBuilder.Build(Support.SampleReports.Small());
        // 2 cycle time + 3 flow + 1 ageing + 2 efficiency + 1 waste + 2 forecasts (when, how many).
        Assert.Equal(11, model.AllCharts().Count());
        Assert.All(model.AllCharts(), c => Assert.False(c.Option["animation"]!.GetValue<bool>(), c.Id));
    }
}
