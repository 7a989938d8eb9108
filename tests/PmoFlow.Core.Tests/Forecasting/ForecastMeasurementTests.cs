using PmoFlow.Core.Forecasting;
using Xunit.Abstractions;

namespace PmoFlow.Core.Tests.Forecasting;

/// <summary>The measurement behind the default model and the goals of docs/forecasting.md §12.</summary>
public class ForecastMeasurementTests(ITestOutputHelper output)
{
    [Fact]
    public void Default_CalibratedDaily_TheGoalCellsOfTheReadme()
    {
        // The README's goal table: calibrated daily (censored conformal levels shrunk by the prequentially best weight)
        // against raw daily on OFBiz, MJAR and both simulated processes.
        var rows = new List<ForecastMeasurement.Row>();
        foreach (var data in new[] { ForecastMeasurement.Ofbiz(), ForecastMeasurement.Mjar(), ForecastMeasurement.Poisson(), ForecastMeasurement.Autocorrelated() })
        {
            rows.AddRange(ForecastMeasurement.Measure(data, ForecastModel.Recommended));
        }

        output.WriteLine(ForecastMeasurement.Markdown(rows));
        foreach (var r in rows)
        {
            var p50 = r.Calibrated.Single(s => s.Percentile == 50).HitRate!.Value;
            var p85 = r.Calibrated.Single(s => s.Percentile == 85).HitRate!.Value;
            var pinball = r.Calibrated.Average(s => s.PinballLoss!.Value);
            var rawPinball = r.Raw.Average(s => s.PinballLoss!.Value);
            var cell = $"{r.Dataset} {r.Question}: P50 {p50:0.000}, P85 {p85:0.000}, pinball {pinball:0.000} vs raw {rawPinball:0.000}";
            output.WriteLine(cell);
            if (r.Dataset is "OFBiz" || r.Dataset.StartsWith("AR", StringComparison.Ordinal))
            {
                // Bursty or drifting throughput: calibration lowers the pinball loss and brings P85 to (or near) the goal.
                Assert.True(pinball < rawPinball, cell);
                Assert.InRange(p85, 0.75, 0.90);
                Assert.InRange(p50, 0.40, 0.60);
            }
            else if (r.Dataset == "MJAR")
            {
                // 0.08 completions a day and regime changes: calibration lost in pinball loss prequentially at most dates,
                // so mostly the raw model is reported; where it was not, the pinball loss rose (goal not met, measured 1.33×).
                Assert.True(pinball <= rawPinball * 1.35, cell);
                Assert.InRange(p85, 0.75, 0.97);
            }
            else
            {
                // Poisson: the raw model is already calibrated; the shrinkage weight stays near 0, so the pinball loss is the raw's within 1%.
                Assert.InRange(p85, 0.80, 0.91);
                Assert.InRange(p50, 0.40, 0.62);
                Assert.True(pinball <= rawPinball * 1.01, cell);
            }
        }
    }

    [Fact]
    public void AllModels_RawAndCalibrated_TheTableOfTheDocs()
    {
        // About 4 minutes on a loaded 2-core machine: every model on OFBiz, MJAR and both simulated processes.
        var rows = new List<ForecastMeasurement.Row>();
        foreach (var data in new[] { ForecastMeasurement.Ofbiz(), ForecastMeasurement.Mjar(), ForecastMeasurement.Poisson(), ForecastMeasurement.Autocorrelated() })
        {
            foreach (var model in ForecastModel.All)
            {
                rows.AddRange(ForecastMeasurement.Measure(data, model));
            }
        }

        output.WriteLine(ForecastMeasurement.Markdown(rows));
        Assert.Equal(4 * ForecastModel.All.Count * 3, rows.Count);

        // Calibration brings every model closer to nominal coverage on average (mean |hit rate − nominal|).
        foreach (var model in ForecastModel.All)
        {
            var mine = rows.Where(r => r.Model == model.Name).ToList();
            double Gap(Func<ForecastMeasurement.Row, IReadOnlyList<BacktestSummary>> pick) =>
                mine.Average(r => pick(r).Average(s => Math.Abs(s.HitRate!.Value - s.Percentile / 100)));
            Assert.True(Gap(r => r.Calibrated) < Gap(r => r.Raw), model.Name);
        }
    }
}
