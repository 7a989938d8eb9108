using PmoFlow.Core.Forecasting;
using Xunit.Abstractions;

namespace PmoFlow.Core.Tests.Forecasting;

/// <summary>The measurement behind the default model and the goals of docs/forecasting.md §12.</summary>
public class ForecastMeasurementTests(ITestOutputHelper output)
{
    [Fact]
    public void Default_CalibratedDaily_MeetsTheGoalsOnSimulatedProcessesAndFixesOfbiz()
    {
        var rows = new List<ForecastMeasurement.Row>();
        foreach (var data in new[] { ForecastMeasurement.Ofbiz(), ForecastMeasurement.Poisson(), ForecastMeasurement.Autocorrelated() })
        {
            rows.AddRange(ForecastMeasurement.Measure(data, ForecastModel.Recommended));
        }

        output.WriteLine(ForecastMeasurement.Markdown(rows));
        foreach (var r in rows)
        {
            var p50 = r.Calibrated.Single(s => s.Percentile == 50).HitRate!.Value;
            var p85 = r.Calibrated.Single(s => s.Percentile == 85).HitRate!.Value;
            var rawP85 = r.Raw.Single(s => s.Percentile == 85).HitRate!.Value;
            var pinball = r.Calibrated.Average(s => s.PinballLoss!.Value);
            var rawPinball = r.Raw.Average(s => s.PinballLoss!.Value);
            if (r.Dataset == "OFBiz")
            {
                // Real, bursty: raw P85 holds about 2 times in 3; calibrated it meets the goal with a lower pinball loss.
                Assert.InRange(rawP85, 0.60, 0.75);
                Assert.InRange(p85, 0.80, 0.90);
                Assert.InRange(p50, 0.40, 0.60);
                Assert.True(pinball < rawPinball, $"{r.Question}: pinball {pinball} vs raw {rawPinball}");
            }
            else
            {
                Assert.InRange(p85, 0.80, 0.90);
                Assert.InRange(p50, 0.40, 0.60);
                // Where the raw model is already calibrated (Poisson) the levels estimated from a year of past forecasts
                // cost up to 5% pinball loss (measured 3.5–5%); where it is not (AR(1)) calibration lowers it.
                Assert.True(pinball <= rawPinball * 1.06, $"{r.Dataset} {r.Question}: pinball {pinball} vs raw {rawPinball}");
                if (r.Dataset.StartsWith("AR", StringComparison.Ordinal))
                {
                    Assert.True(pinball < rawPinball, $"{r.Question}: pinball {pinball} vs raw {rawPinball}");
                }
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
