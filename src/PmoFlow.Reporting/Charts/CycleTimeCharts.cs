using System.Text.Json.Nodes;
using PmoFlow.Reporting.Model;

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
    /// Histogram of cycle times. Each bar counts whole days: a value v falls in day ⌈v⌉ (so 2.3 days
    /// counts as 3 and 0 as 0); above 100 distinct days, bars widen to ⌈(max − min + 1) / 100⌉ days each.
    /// Percentile lines are drawn at the bar holding each percentile value.
    /// </summary>
    public static ReportChart Histogram(
        IReadOnlyList<double> cycleTimesDays, IReadOnlyList<ChartPercentile> percentiles, string id = "cycle-time-histogram")
    {
        ArgumentNullException.ThrowIfNull(cycleTimesDays);
        ArgumentNullException.ThrowIfNull(percentiles);
        var bins = HistogramBins.Of(cycleTimesDays);
        var option = ChartJson.Base(legend: false);
        option["xAxis"] = ChartJson.CategoryAxis(bins.Labels, "Cycle time (days)");
        option["yAxis"] = ChartJson.Axis("value", "Items", new JsonObject { ["minInterval"] = 1 });
        option["series"] = new JsonArray(new JsonObject
        {
            ["type"] = "bar",
            ["name"] = "Items",
            ["barCategoryGap"] = "10%",
            ["data"] = ChartJson.Numbers(bins.Counts.Select(c => (double)c)),
            ["markLine"] = ChartJson.VerticalLines(
                bins.Counts.Length == 0
                    ? []
                    : percentiles.Select(p => (
                        $"{ChartJson.Pct(p.Percentile)}: {ChartJson.Num(p.Value)} days",
                        (JsonNode)JsonValue.Create(bins.LabelOf(p.Value)))))
        });
        if (cycleTimesDays.Count == 0)
        {
            ChartJson.MarkNoData(option);
        }

        return new ReportChart(id, "Cycle time histogram", option, $"Distribution of {cycleTimesDays.Count} cycle times in days.");
    }
}

/// <summary>Whole-day bins for the cycle time histogram.</summary>
internal sealed class HistogramBins
{
    private const int MaxBins = 100;

    private HistogramBins(int first, int width, long[] counts)
    {
        First = first;
        Width = width;
        Counts = counts;
    }

    public int First { get; }

    public int Width { get; }

    public long[] Counts { get; }

    public IEnumerable<string> Labels => Enumerable.Range(0, Counts.Length).Select(LabelOfBin);

    public static HistogramBins Of(IReadOnlyList<double> values)
    {
        var days = values.Where(double.IsFinite).Select(Day).ToArray();
        if (days.Length == 0)
        {
            return new HistogramBins(0, 1, []);
        }

        var min = days.Min();
        var max = days.Max();
        var width = Math.Max(1, (int)Math.Ceiling((max - min + 1) / (double)MaxBins));
        var counts = new long[((max - min) / width) + 1];
        foreach (var d in days)
        {
            counts[(d - min) / width]++;
        }

        return new HistogramBins(min, width, counts);
    }

    public string LabelOf(double value)
    {
        var bin = Math.Clamp((Day(value) - First) / Width, 0, Math.Max(0, Counts.Length - 1));
        return LabelOfBin(bin);
    }

    private static int Day(double value) => (int)Math.Max(0, Math.Ceiling(value));

    private string LabelOfBin(int bin)
    {
        var from = First + (bin * Width);
        return Width == 1
            ? from.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{from}-{from + Width - 1}");
    }
}
