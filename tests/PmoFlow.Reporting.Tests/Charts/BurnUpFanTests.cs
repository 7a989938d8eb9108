using PmoFlow.Reporting.Charts;
using PmoFlow.Reporting.Streams;

namespace PmoFlow.Reporting.Tests.Charts;

/// <summary>The burn-up fan chart behind a "when" forecast, and the report carrying it.</summary>
public class BurnUpFanTests
{
    private static readonly DateOnly D0 = new(2024, 2, 5);

    [Fact]
    public void BurnUpFan_PathsCarriedToTheEnd_ItemsLineAndPercentileLines()
    {
        // Path 1 finishes on day 2 (0, 2, 3); path 2 on day 3 (0, 1, 1, 3). Three items forecast.
        BurnUpPoint[] paths =
        [
            new(1, D0, 0), new(1, D0.AddDays(1), 2), new(1, D0.AddDays(2), 3),
            new(2, D0, 0), new(2, D0.AddDays(1), 1), new(2, D0.AddDays(2), 1), new(2, D0.AddDays(3), 3),
        ];
        var chart = ForecastCharts.BurnUpFan(paths, 3, [new(85, D0.AddDays(3))]);

        Assert.Equal(["2024-02-05", "2024-02-06", "2024-02-07", "2024-02-08"], chart.Option["xAxis"]!["data"].Strings());
        Assert.Equal([0.0, 2, 3, 3], chart.Series(0)["data"].Numbers()); // finished: stays at 3
        Assert.Equal([0.0, 1, 1, 3], chart.Series(1)["data"].Numbers());
        Assert.Equal([3.0, 3, 3, 3], chart.Series(2)["data"].Numbers()); // the items forecast
        Assert.Equal("2024-02-08", chart.Series(0).MarkLineData().Single()["xAxis"]!.GetValue<string>());
        Assert.Contains("2 sample trial paths", chart.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void BurnUpFan_NoPaths_NoData()
    {
        Assert.True(ForecastCharts.BurnUpFan([], 3, []).HasNoDataText());
    }

    [Fact]
    public void Report_WhenForecast_CarriesTheFanPathsAndChart()
    {
        var report = StreamReportFactory.Create(
            new StreamReportRequest
            {
                Stream = Streams.StreamKit.Stream(),
                Week = new DateOnly(2024, 1, 31),
                AsOf = Streams.StreamKit.At(2, 10, 12),
                MaxDegreeOfParallelism = 1,
            },
            Streams.StreamKit.TwoWeeks().Items,
            Streams.StreamKit.TwoWeeks().Events);

        var view = report.Inputs.Forecasts[0];
        Assert.Equal(ReportForecasts.FanPaths, view.Paths!.Select(p => p.Path).Distinct().Count());
        Assert.All(view.Paths!.GroupBy(p => p.Path), g => Assert.Equal(2, g.Last().Done)); // every path reaches the 2 open items
        Assert.Contains(report.Model.Sections.Single(s => s.Id == "forecasts").Charts, c => c.Id == "forecast-1-fan");
    }
}
