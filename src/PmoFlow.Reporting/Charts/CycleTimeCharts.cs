using System.Text.Json.Nodes;
using PmoFlow.Reporting.Model;
using CycleTimeHistogram = PmoFlow.Core.Flow.CycleTimeHistogram;

namespace PmoFlow.Reporting.Charts;

/// <summary>The cycle time scatterplot and histogram.</summary>
public static class CycleTimeCharts
{
    /// <summary>Above this many points ECharts draws the scatter in its "large" mode (no per-point hover).</summary>
    public const int LargeThreshold = 5000;

    /// <summary>
    /// Scatterplot of completed items (x: done date, y: cycle time in days) with a dashed horizontal line
    /// at each percentile value.
    /// </summary>
    public static ReportChart Scatter(
        IReadOnlyList<CycleTimePoint> points, IReadOnlyList<ChartPercentile> percentiles, string id = "cycle-time-scatter")
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(percentiles);
        var option = ChartJson.Base(legend: false);
        option["xAxis"] = ChartJson.Axis("time", "Done");
        option["yAxis"] = ChartJson.Axis("value", "Cycle time (days)", new JsonObject { ["min"] = 0 });

        var data = new JsonArray();
        foreach (var p in points)
        {
            data.Add(new JsonArray(ChartJson.Date(p.Done), ChartJson.Round(p.Days), p.Key, p.Title));
        }

        var series = new JsonObject
        {
            ["type"] = "scatter",
            ["name"] = "Completed items",
            ["symbolSize"] = points.Count > LargeThreshold ? 3 : 7,
            ["itemStyle"] = new JsonObject { ["opacity"] = 0.7 },
            ["large"] = points.Count > LargeThreshold,
            ["largeThreshold"] = LargeThreshold,
            ["dimensions"] = ChartJson.Strings(["done", "days", "key", "title"]),
            ["encode"] = new JsonObject
            {
                ["x"] = "done", ["y"] = "days", ["tooltip"] = ChartJson.Strings(["key", "title", "days", "done"]),
            },
            ["data"] = data,
            ["markLine"] = ChartJson.HorizontalLines(
                percentiles.Select(p => ($"{ChartJson.Pct(p.Percentile)}: {ChartJson.Num(p.Value)} days", p.Value))),
        };
        option["series"] = new JsonArray(series);
        ChartJson.KeepLinesVisible(option["yAxis"]!.AsObject(), points.Select(p => p.Days), percentiles.Select(p => p.Value));
        if (points.Count == 0)
        {
            ChartJson.MarkNoData(option);
        }

        var described = string.Join(", ", percentiles.Select(p => $"{ChartJson.Pct(p.Percentile)} {ChartJson.Num(p.Value)} days"));
        return new ReportChart(
            id,
            "Cycle time scatterplot",
            option,
            $"{points.Count} completed items by done date and cycle time" + (described.Length > 0 ? $"; {described}." : "."));
    }

    /// <summary>
    /// Histogram of cycle times, binned by <see cref="CycleTimeHistogram"/> (the rule of <c>metrics</c>' histogram table):
    /// a value v falls in day ⌈v⌉ (so 2.3 days counts as 3 and 0 as 0), bars start at day 0; at most 100 bars, and a long
    /// tail goes into one last bar <c>N+</c> (<see cref="CycleTimeHistogram.Auto"/>). Percentile lines are drawn at the bar
    /// holding each percentile value (the tail bar for one beyond it).
    /// </summary>
    public static ReportChart Histogram(
        IReadOnlyList<double> cycleTimesDays, IReadOnlyList<ChartPercentile> percentiles, string id = "cycle-time-histogram")
    {
        ArgumentNullException.ThrowIfNull(cycleTimesDays);
        ArgumentNullException.ThrowIfNull(percentiles);
        var bins = CycleTimeHistogram.Auto(cycleTimesDays);
        var option = ChartJson.Base(legend: false);
        option["xAxis"] = ChartJson.CategoryAxis(bins.Bins.Select(b => b.Label), "Cycle time (days)");
        option["yAxis"] = ChartJson.Axis("value", "Items", new JsonObject { ["minInterval"] = 1 });
        option["series"] = new JsonArray(new JsonObject
        {
            ["type"] = "bar",
            ["name"] = "Items",
            ["barCategoryGap"] = "10%",
            ["data"] = ChartJson.Numbers(bins.Bins.Select(b => (double)b.Items)),
            ["markLine"] = ChartJson.VerticalLines(
                bins.Bins.Count == 0
                    ? []
                    : percentiles.Select(p => (
                        $"{ChartJson.Pct(p.Percentile)}: {ChartJson.Num(p.Value)} days",
                        (JsonNode)JsonValue.Create(bins.Bins[bins.BinOf(p.Value)].Label))))
        });
        if (cycleTimesDays.Count == 0)
        {
            ChartJson.MarkNoData(option);
        }

        return new ReportChart(id, "Cycle time histogram", option, $"Distribution of {cycleTimesDays.Count} cycle times in days.");
    }
}
