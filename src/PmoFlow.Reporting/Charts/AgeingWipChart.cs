using System.Text.Json.Nodes;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Charts;

/// <summary>The ageing work-in-progress chart.</summary>
public static class AgeingWipChart
{
    /// <summary>
    /// Items in progress as dots, one column per stage (x, in workflow order), at their age in days (y), against
    /// a dashed SLE line and optional percentile lines. Two series: items within the SLE and items beyond it.
    /// </summary>
    /// <param name="items">The items in progress.</param>
    /// <param name="stagesInOrder">The in-progress stages in workflow order (columns); stages of items not listed are appended.</param>
    /// <param name="sleDays">The SLE in days (an item is beyond it when its age is greater); null when there is none.</param>
    /// <param name="percentiles">Optional percentile lines of completed cycle times (the "pace" bands).</param>
    /// <param name="id">The chart's identifier.</param>
    public static ReportChart Build(
        IReadOnlyList<AgeingItem> items,
        IReadOnlyList<string> stagesInOrder,
        double? sleDays,
        IReadOnlyList<ChartPercentile>? percentiles = null,
        string id = "ageing-wip")
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(stagesInOrder);
        var stages = stagesInOrder.Concat(items.Select(i => i.Stage)).Distinct(StringComparer.Ordinal).ToList();

        var option = ChartJson.Base(legend: true);
        option["xAxis"] = ChartJson.CategoryAxis(stages, null);
        option["yAxis"] = ChartJson.Axis("value", "Age (days)", new JsonObject { ["min"] = 0 });

        var within = new JsonArray();
        var beyond = new JsonArray();
        foreach (var item in items)
        {
            var point = new JsonArray(item.Stage, ChartJson.Round(item.AgeDays), item.Key, item.Title);
            (sleDays is { } s && item.AgeDays > s ? beyond : within).Add(point);
        }

        var lines = new List<(string, double)>();
        if (sleDays is { } sle)
        {
            lines.Add(($"SLE {ChartJson.Num(sle)} days", sle));
        }

        foreach (var p in percentiles ?? [])
        {
            lines.Add(($"{ChartJson.Pct(p.Percentile)} {ChartJson.Num(p.Value)} days", p.Value));
        }

        option["series"] = new JsonArray(
            Series("Within SLE", within, "#5470c6", ChartJson.HorizontalLines(lines, "#c23531")),
            Series("Beyond SLE", beyond, "#ee6666", null));
        ChartJson.KeepLinesVisible(option["yAxis"]!.AsObject(), items.Select(i => i.AgeDays), lines.Select(l => l.Item2));
        if (items.Count == 0)
        {
            ChartJson.MarkNoData(option);
        }

        var sleText = sleDays is { } v ? $"; {beyond.Count} beyond the SLE of {ChartJson.Num(v)} days" : string.Empty;
        return new ReportChart(id, "Ageing work in progress", option, $"{items.Count} items in progress by stage and age{sleText}.");
    }

    private static JsonObject Series(string name, JsonArray data, string color, JsonObject? markLine)
    {
        var series = new JsonObject
        {
            ["type"] = "scatter",
            ["name"] = name,
            ["symbolSize"] = 9,
            ["color"] = color,
            ["itemStyle"] = new JsonObject { ["opacity"] = 0.75 },
            ["dimensions"] = ChartJson.Strings(["stage", "age", "key", "title"]),
            ["encode"] = new JsonObject
            {
                ["x"] = "stage", ["y"] = "age", ["tooltip"] = ChartJson.Strings(["key", "title", "stage", "age"]),
            },
            ["data"] = data,
        };
        if (markLine is not null)
        {
            series["markLine"] = markLine;
        }

        return series;
    }
}
