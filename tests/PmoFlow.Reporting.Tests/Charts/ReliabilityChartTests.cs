using PmoFlow.Core.Forecasting;
using PmoFlow.Reporting.Charts;
using PmoFlow.Reporting.Streams;

namespace PmoFlow.Reporting.Tests.Charts;

public class ReliabilityChartTests
{
    [Fact]
    public void ToView_HandWorkedCalibration_RawCoverageAndReportedCoverage()
    {
        // 20 past thresholds 0.00, 0.05, …, 0.95: the raw model at level q held for the thresholds below q, so its
        // coverage at 5i% is exactly i/20 (perfectly calibrated). P85 → k = ⌈0.85 × 21⌉ = 18 → the 18th smallest,
        // 0.85, so the raw P85.0001, which held for 18 of 20 past forecasts: 90%.
        double[] past = [.. Enumerable.Range(0, 20).Select(i => i * 0.05)];
        var c = ForecastCalibration.FromPastLevels(BacktestQuestion.When, 10, [85], past, new CalibrationOptions());
        var view = ReportForecasts.ToView(c, "when the next 10");

        Assert.Equal(19, view.Raw.Count);
        Assert.All(view.Raw, p => Assert.Equal(p.Nominal, p.Measured, 9));
        var reported = Assert.Single(view.Reported);
        Assert.Equal(85, reported.Nominal);
        Assert.Equal(90, reported.Measured, 9);
        Assert.Equal(20, view.PastForecasts);

        var chart = ReliabilityChart.Create(view, "forecast-1-reliability");
        var series = chart.Option["series"]!.AsArray();
        Assert.Equal(["Perfect calibration", "Raw model", "Reported percentiles"], series.Select(s => s!["name"]!.GetValue<string>()));
        Assert.Equal(19, series[1]!["data"]!.AsArray().Count);
        Assert.Equal(90, series[2]!["data"]![0]![1]!.GetValue<double>(), 9);
        Assert.Contains("over 20 past forecasts", chart.Description, StringComparison.Ordinal);
        Assert.Contains("P85 held 90%", chart.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ToView_NotCalibrated_NoPointsAndTheReasonLine()
    {
        var c = ForecastCalibration.FromPastLevels(BacktestQuestion.HowMany, 28, [50, 85], [0.2], new CalibrationOptions());
        var view = ReportForecasts.ToView(c, "how many in 28 days");
        Assert.False(view.Applied);
        Assert.Empty(view.Raw);
        Assert.StartsWith("Not calibrated: only 1 past forecasts", Assert.Single(view.Lines), StringComparison.Ordinal);
        Assert.Contains("No past forecast", ReliabilityChart.Create(view).Description, StringComparison.Ordinal);
    }
}
