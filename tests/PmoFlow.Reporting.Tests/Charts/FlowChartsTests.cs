using PmoFlow.Reporting.Charts;

namespace PmoFlow.Reporting.Tests.Charts;

public class FlowChartsTests
{
    private static readonly DateOnly Day = new(2024, 1, 29);

    [Fact]
    public void Throughput_ThreeDays_BarsWithMeanLine()
    {
        var chart = FlowCharts.Throughput([new(Day, 1), new(Day.AddDays(1), 3), new(Day.AddDays(2), 2)]);

        Assert.Single(chart.Series());
        Assert.Equal(["2024-01-29", "2024-01-30", "2024-01-31"], chart.Option["xAxis"]!["data"].Strings());
        Assert.Equal([1.0, 3, 2], chart.Series(0)["data"].Numbers());
        // Mean (1 + 3 + 2) / 3 = 2.
        Assert.Equal(2, chart.Series(0).MarkLineData().Single()["yAxis"]!.GetValue<double>());
    }

    [Fact]
    public void Wip_WithLimit_LineAndLimitLine()
    {
        var chart = FlowCharts.Wip([new(Day, 5), new(Day.AddDays(1), 6)], limit: 8);

        Assert.Equal("line", chart.Series(0)["type"]!.GetValue<string>());
        Assert.Equal([5.0, 6], chart.Series(0)["data"].Numbers());
        Assert.Equal(8, chart.Series(0).MarkLineData().Single()["yAxis"]!.GetValue<double>());
        // The limit 8 is above every point: the axis is raised to ⌈8 × 1.1⌉ = 9 so the line shows.
        Assert.Equal(9, chart.Option["yAxis"]!["max"]!.GetValue<double>());
        Assert.Empty(FlowCharts.Wip([new(Day, 5)]).Series(0).MarkLineData());
        Assert.Null(FlowCharts.Wip([new(Day, 5)]).Option["yAxis"]!["max"]);
    }

    [Fact]
    public void Cfd_Cumulative_StacksBandDifferencesLastStageFirst()
    {
        // Cumulative arrivals: Doing 5, 6; Review 3, 5; Done 1, 2.
        // In-stage heights: Done 1, 2; Review 3-1=2, 5-2=3; Doing 5-3=2, 6-5=1. Stack tops: 1,2 / 3,5 / 5,6.
        var chart = FlowCharts.Cfd(
        [
            new("Doing", [new(Day, 5), new(Day.AddDays(1), 6)]),
            new("Review", [new(Day, 3), new(Day.AddDays(1), 5)]),
            new("Done", [new(Day, 1), new(Day.AddDays(1), 2)]),
        ]);

        Assert.Equal(3, chart.Series().Count);
        Assert.Equal(["Done", "Review", "Doing"], chart.Series().Select(s => s!["name"]!.GetValue<string>()));
        Assert.All(chart.Series(), s => Assert.Equal("cfd", s!["stack"]!.GetValue<string>()));
        Assert.Equal([1.0, 2], chart.Series(0)["data"].Numbers());
        Assert.Equal([2.0, 3], chart.Series(1)["data"].Numbers());
        Assert.Equal([2.0, 1], chart.Series(2)["data"].Numbers());
        Assert.Equal(["Doing", "Review", "Done"], chart.Option["legend"]!["data"].Strings());
    }

    [Fact]
    public void Cfd_DoneHidden_TheOtherBandsKeepTheirHeights_NoDoneArea()
    {
        // The same bands as above with Done hidden (cfdDone: hide): Review is still 3-1=2, 5-2=3 and Doing 2, 1; no Done series.
        var chart = FlowCharts.Cfd(
        [
            new("Doing", [new(Day, 5), new(Day.AddDays(1), 6)]),
            new("Review", [new(Day, 3), new(Day.AddDays(1), 5)]),
            new("Done", [new(Day, 1), new(Day.AddDays(1), 2)]) { Hidden = true },
        ]);

        Assert.Equal(["Review", "Doing"], chart.Series().Select(s => s!["name"]!.GetValue<string>()));
        Assert.Equal([2.0, 3], chart.Series(0)["data"].Numbers());
        Assert.Equal([2.0, 1], chart.Series(1)["data"].Numbers());
        Assert.Equal(["Doing", "Review"], chart.Option["legend"]!["data"].Strings());
    }

    [Fact]
    public void Cfd_MissingDates_CarryThePreviousValue()
    {
        // Done has no point on day 2: it carries 1. Doing: 4, 4 → heights Doing 3, 3.
        var chart = FlowCharts.Cfd(
        [
            new("Doing", [new(Day, 4), new(Day.AddDays(1), 4)]),
            new("Done", [new(Day, 1)]),
        ]);

        Assert.Equal([1.0, 1], chart.Series(0)["data"].Numbers());
        Assert.Equal([3.0, 3], chart.Series(1)["data"].Numbers());
    }

    [Fact]
    public void Cfd_InStage_StacksValuesAsGiven()
    {
        var chart = FlowCharts.Cfd([new("Doing", [new(Day, 4)]), new("Done", [new(Day, 1)])], CfdValues.InStage);
        Assert.Equal([1.0], chart.Series(0)["data"].Numbers());
        Assert.Equal([4.0], chart.Series(1)["data"].Numbers());
    }

    [Fact]
    public void Cfd_NoBands_NoSeriesAndNoData()
    {
        var chart = FlowCharts.Cfd([]);
        Assert.Empty(chart.Series());
        Assert.True(chart.HasNoDataText());
    }
}
