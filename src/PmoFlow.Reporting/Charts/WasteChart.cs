using System.Text.Json.Nodes;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Charts;

/// <summary>The waste breakdown chart.</summary>
public static class WasteChart
{
    /// <summary>
    /// Item-days of waste per stage (x), stacked by waste category (one bar series per category, in order of
    /// first appearance). Entries for the same stage and category are added up.
    /// </summary>
    /// <param name="entries">The waste figures.</param>
    /// <param name="stagesInOrder">Stage order for the x axis; stages not listed are appended in order of appearance.</param>
    /// <param name="id">The chart's identifier.</param>
    public static ReportChart Build(IReadOnlyList<WasteEntry> entries, IReadOnlyList<string>? stagesInOrder = null, string id = "waste")
    {
        ArgumentNullException.ThrowIfNull(entries);
        var stages = (stagesInOrder ?? []).Concat(entries.Select(e => e.Stage)).Distinct(StringComparer.Ordinal).ToList();
        var categories = entries.Select(e => e.Category).Distinct(StringComparer.Ordinal).ToList();
        var sums = entries
            .GroupBy(e => (e.Stage, e.Category))
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Days));

        var option = ChartJson.Base(legend: true);
        option["tooltip"] = new JsonObject { ["trigger"] = "axis", ["confine"] = true, ["axisPointer"] = new JsonObject { ["type"] = "shadow" } };
        // Every stage is labelled (ECharts would drop labels that do not fit, often those of the largest bars): all
        // shown, turned when there are many.
        var xAxis = ChartJson.CategoryAxis(stages, null);
        xAxis["axisLabel"] = new JsonObject { ["interval"] = 0, ["rotate"] = stages.Count > 5 ? 30 : 0 };
        option["xAxis"] = xAxis;
        option["yAxis"] = ChartJson.Axis("value", "Item-days");
        option["series"] = new JsonArray(categories.Select(c => (JsonNode)new JsonObject
        {
            ["type"] = "bar",
            ["name"] = c,
            ["stack"] = "waste",
            ["data"] = ChartJson.Numbers(stages.Select(s => sums.GetValueOrDefault((s, c)))),
        }).ToArray());
        if (entries.Count == 0)
        {
            ChartJson.MarkNoData(option);
        }

        return new ReportChart(
            id,
            "Waste by stage",
            option,
            $"{ChartJson.Num(entries.Sum(e => e.Days))} item-days of waste over {stages.Count} stages in {categories.Count} categories.");
    }
}
