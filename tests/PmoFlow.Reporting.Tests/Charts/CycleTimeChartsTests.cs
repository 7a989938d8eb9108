using PmoFlow.Reporting.Charts;

namespace PmoFlow.Reporting.Tests.Charts;

public class CycleTimeChartsTests
{
    private static readonly DateOnly Day = new(2024, 1, 29);

    [Fact]
    public void Scatter_TwoItems_OneSeriesWithPointsAndPercentileLinesAtTheGivenValues()
    {
        var chart = CycleTimeCharts.Scatter(
            [new(Day, 3, "A-1", "First"), new(Day.AddDays(2), 11.25, "A-2", "Second")],
            [new(50, 4), new(85, 9.5)]);

        Assert.Single(chart.Series());
        var series = chart.Series(0);
        Assert.Equal("scatter", series["type"]!.GetValue<string>());
        Assert.False(series["large"]!.GetValue<bool>());
        var data = series["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        Assert.Equal("2024-01-31", data[1]![0]!.GetValue<string>());
        Assert.Equal(11.25, data[1]![1]!.GetValue<double>());
        Assert.Equal("A-2", data[1]![2]!.GetValue<string>());
        Assert.Equal("Second", data[1]![3]!.GetValue<string>());

        var lines = series.MarkLineData();
        Assert.Equal([4.0, 9.5], lines.Select(l => l["yAxis"]!.GetValue<double>()));
        Assert.Equal(["P50: 4 days", "P85: 9.5 days"], lines.Select(l => l["name"]!.GetValue<string>()));
        Assert.False(chart.Option["animation"]!.GetValue<bool>());
        Assert.False(chart.HasNoDataText());
    }

    [Fact]
    public void Scatter_Empty_DrawsNoDataAndNoLines()
    {
        var chart = CycleTimeCharts.Scatter([], []);
        Assert.Empty(chart.Series(0)["data"]!.AsArray());
        Assert.Empty(chart.Series(0).MarkLineData());
        Assert.True(chart.HasNoDataText());
    }

    [Fact]
    public void Scatter_OverThreshold_UsesLargeMode()
    {
        var points = Enumerable.Range(0, CycleTimeCharts.LargeThreshold + 1).Select(i => new CycleTimePoint(Day, i % 20, "K", "T")).ToList();
        Assert.True(CycleTimeCharts.Scatter(points, []).Series(0)["large"]!.GetValue<bool>());
    }

    [Fact]
    public void Histogram_WholeDays_CountsPerDayIncludingEmptyDays()
    {
        // Values 1, 1, 2, 5 and 2.3 (which counts as day 3): bins start at day 0, so 0..5 hold 0, 2, 1, 1, 0, 1.
        var chart = CycleTimeCharts.Histogram([1, 1, 2, 5, 2.3], [new(85, 4.2)]);

        Assert.Equal(["0", "1", "2", "3", "4", "5"], chart.Option["xAxis"]!["data"].Strings());
        Assert.Equal([0.0, 2, 1, 1, 0, 1], chart.Series(0)["data"].Numbers());
        // 4.2 days falls in the bar of day 5 (⌈4.2⌉ = 5).
        Assert.Equal("5", chart.Series(0).MarkLineData().Single()["xAxis"]!.GetValue<string>());
    }

    [Fact]
    public void Histogram_WideRange_WidensBarsToAtMostAHundred()
    {
        // 0..250 is 251 whole days: width ⌈251 / 100⌉ = 3, so 84 bars (0-2 .. 249-251).
        var chart = CycleTimeCharts.Histogram([0, 250, 4], []);
        var labels = chart.Option["xAxis"]!["data"].Strings();

        Assert.Equal(84, labels.Length);
        Assert.Equal("0-2", labels[0]);
        Assert.Equal("249-251", labels[^1]);
        var counts = chart.Series(0)["data"].Numbers();
        Assert.Equal(1, counts[0]);  // 0
        Assert.Equal(1, counts[1]);  // 4 is in 3-5
        Assert.Equal(1, counts[^1]); // 250
        Assert.Equal(3, counts.Sum());
    }

    [Fact]
    public void Histogram_Empty_HasNoBarsAndNoData()
    {
        var chart = CycleTimeCharts.Histogram([], [new(85, 3)]);
        Assert.Empty(chart.Series(0)["data"]!.AsArray());
        Assert.Empty(chart.Series(0).MarkLineData());
        Assert.True(chart.HasNoDataText());
    }
}
