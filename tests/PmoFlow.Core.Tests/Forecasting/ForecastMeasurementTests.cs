using PmoFlow.Core.Forecasting;
using Xunit.Abstractions;

namespace PmoFlow.Core.Tests.Forecasting;

public class ForecastMeasurementTests(ITestOutputHelper output)
{
    [Fact]
    public void Measure_AllModelsOnRealAndSimulatedHistories_PrintsTheTable()
    {
        var rows = new List<ForecastMeasurement.Row>();
        foreach (var data in new[] { ForecastMeasurement.Ofbiz(), ForecastMeasurement.Mjar(), ForecastMeasurement.Poisson(), ForecastMeasurement.Autocorrelated() })
        {
            foreach (var model in ForecastModel.All)
            {
                rows.AddRange(ForecastMeasurement.Measure(data, model));
            }
        }

        var table = ForecastMeasurement.Markdown(rows);
        output.WriteLine(table);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "pmoflow-forecast-measurement.md"), table);
        Assert.Equal(4 * ForecastModel.All.Count * 3, rows.Count);
    }
}
