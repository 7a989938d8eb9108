using System.Globalization;
using System.Text.Json.Nodes;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Charts;

/// <summary>Nominal against measured coverage at one level.</summary>
/// <param name="Nominal">The nominal level, in percent.</param>
/// <param name="Measured">The share of past forecasts that held at it, in percent.</param>
public sealed record ReliabilityPoint(double Nominal, double Measured);

/// <summary>A forecast's self-calibration (docs/forecasting.md §11), as the report and dashboard show it.</summary>
/// <param name="Question">"when the next N" or "how many in K days".</param>
/// <param name="Applied">Whether the percentiles were remapped.</param>
/// <param name="PastForecasts">Past forecasts with a known outcome it was measured on.</param>
/// <param name="Lines">The calibration lines ("P85 calibrated on 104 past forecasts: …").</param>
/// <param name="Raw">The raw model's measured coverage at 5, 10, …, 95% over those past forecasts.</param>
/// <param name="Reported">The measured coverage of each reported (calibrated) percentile over the same past forecasts.</param>
public sealed record CalibrationView(
    string Question, bool Applied, int PastForecasts, IReadOnlyList<string> Lines, IReadOnlyList<ReliabilityPoint> Raw, IReadOnlyList<ReliabilityPoint> Reported);

/// <summary>The reliability chart: nominal against measured coverage, raw model and reported percentiles, with the ideal diagonal.</summary>
public static class ReliabilityChart
{
    /// <summary>Builds the chart; both axes are percent 0..100, the diagonal is perfect calibration.</summary>
    public static ReportChart Create(CalibrationView view, string id = "forecast-reliability", string? title = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var option = ChartJson.Base(legend: true);
        option["tooltip"] = new JsonObject { ["trigger"] = "item", ["confine"] = true };
        option["xAxis"] = ChartJson.Axis("value", "Nominal coverage (%)", new JsonObject { ["min"] = 0, ["max"] = 100 });
        option["yAxis"] = ChartJson.Axis("value", "Measured coverage (%)", new JsonObject { ["min"] = 0, ["max"] = 100 });
        static JsonArray Pairs(IEnumerable<ReliabilityPoint> points) =>
            [.. points.Select(p => (JsonNode)new JsonArray(ChartJson.Round(p.Nominal), ChartJson.Round(p.Measured)))];
        option["series"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "line", ["name"] = "Perfect calibration", ["showSymbol"] = false,
                ["lineStyle"] = new JsonObject { ["type"] = "dashed", ["color"] = "#999" },
                ["data"] = new JsonArray(new JsonArray(0, 0), new JsonArray(100, 100)),
            },
            new JsonObject { ["type"] = "line", ["name"] = "Raw model", ["data"] = Pairs(view.Raw) },
            new JsonObject { ["type"] = "scatter", ["name"] = "Reported percentiles", ["symbolSize"] = 12, ["data"] = Pairs(view.Reported) });
        if (view.Raw.Count == 0)
        {
            ChartJson.MarkNoData(option);
        }

        var reported = string.Join(", ", view.Reported.Select(p => string.Create(CultureInfo.InvariantCulture, $"P{p.Nominal:0.#} held {p.Measured:0}%")));
        return new ReportChart(
            id,
            title ?? $"Forecast reliability: {view.Question}",
            option,
            view.Raw.Count == 0
                ? "No past forecast with a known outcome to measure coverage on."
                : $"Measured against nominal coverage over {view.PastForecasts} past forecasts of the stream ({view.Question}); {(view.Applied ? "reported: " + reported : "not calibrated")}.");
    }
}
