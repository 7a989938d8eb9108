using System.Text.Json.Nodes;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Charts;

/// <summary>Flow efficiency by stage and the value stream map.</summary>
public static class EfficiencyCharts
{
    /// <summary>Flow efficiency of each stage as bars (percent), with the stream's overall efficiency as a dashed line.</summary>
    /// <param name="stages">Per stage, a fraction in [0, 1], in workflow order.</param>
    /// <param name="overall">The stream's flow efficiency (Σ active ÷ Σ flow time), a fraction; null when unknown.</param>
    /// <param name="id">The chart's identifier.</param>
    public static ReportChart ByStage(IReadOnlyList<StageValue> stages, double? overall, string id = "flow-efficiency")
    {
        ArgumentNullException.ThrowIfNull(stages);
        var option = ChartJson.Base(legend: false);
        option["xAxis"] = ChartJson.CategoryAxis(stages.Select(s => s.Stage), null);
        option["yAxis"] = ChartJson.Axis("value", "Flow efficiency (%)", new JsonObject { ["min"] = 0, ["max"] = 100 });
        option["series"] = new JsonArray(new JsonObject
        {
            ["type"] = "bar",
            ["name"] = "Flow efficiency (%)",
            ["data"] = ChartJson.Numbers(stages.Select(s => s.Value * 100)),
            ["label"] = new JsonObject { ["show"] = stages.Count <= 20, ["position"] = "top" },
            ["markLine"] = ChartJson.HorizontalLines(
                overall is { } o ? [($"Stream {ChartJson.Num(o * 100)}%", o * 100)] : [], "#c23531"),
        });
        if (stages.Count == 0)
        {
            ChartJson.MarkNoData(option);
        }

        var overallText = overall is { } v ? $"; stream {ChartJson.Num(v * 100)}%" : string.Empty;
        return new ReportChart(id, "Flow efficiency by stage", option, $"Flow efficiency of {stages.Count} stages{overallText}.");
    }

    /// <summary>
    /// The value stream map drawn from data: each stage a box (median active and waiting time, share of
    /// items that entered it) joined left to right, above a stacked bar per stage of active and waiting
    /// time that ends with the stream's total lead time against its total active time.
    /// </summary>
    /// <param name="stages">The stages in workflow order.</param>
    /// <param name="totalLeadTimeDays">The stream's total (median) lead time in days.</param>
    /// <param name="totalActiveDays">The total active time in days within that lead time.</param>
    /// <param name="id">The chart's identifier.</param>
    public static ReportChart ValueStreamMap(
        IReadOnlyList<VsmStageBar> stages, double totalLeadTimeDays, double totalActiveDays, string id = "value-stream-map")
    {
        ArgumentNullException.ThrowIfNull(stages);
        var efficiency = totalLeadTimeDays > 0 ? totalActiveDays / totalLeadTimeDays : 0;
        var summary = $"Lead time {ChartJson.Num(totalLeadTimeDays)} days, active {ChartJson.Num(totalActiveDays)} days "
                      + $"({ChartJson.Num(efficiency * 100)}% flow efficiency)";

        var option = ChartJson.Base(legend: true);
        option["title"] = new JsonObject
        {
            ["text"] = summary, ["left"] = "center", ["bottom"] = 0, ["textStyle"] = new JsonObject { ["fontSize"] = 13 },
        };
        option["legend"]!["data"] = ChartJson.Strings(["Active", "Waiting"]);

        // The boxes: a graph series on its own hidden cartesian grid above the bars, one slot per stage, so each
        // box sits over its stage's bar. The label is the node's name shown as plain text (no formatter
        // template), so a stage named "{b}" is displayed as typed.
        var slots = stages.Count + 1;
        var nodes = new JsonArray();
        var links = new JsonArray();
        for (var i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            nodes.Add(new JsonObject
            {
                ["id"] = "stage-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["name"] = $"{s.Stage}\nactive {ChartJson.Num(s.ActiveDays)} d\nwaiting {ChartJson.Num(s.WaitingDays)} d\n"
                           + $"{ChartJson.Num(s.ShareEntered * 100, 0)}% of items",
                ["value"] = new JsonArray(i, 0.5),
                ["itemStyle"] = new JsonObject
                {
                    ["color"] = s.ActiveDays >= s.WaitingDays ? "#d9f2d0" : "#fde2e1",
                    ["borderColor"] = "#555",
                    ["borderWidth"] = 1,
                },
            });
            if (i > 0)
            {
                links.Add(new JsonObject { ["source"] = i - 1, ["target"] = i });
            }
        }

        var graph = new JsonObject
        {
            ["type"] = "graph",
            ["name"] = "Stages",
            ["layout"] = "none",
            ["coordinateSystem"] = "cartesian2d",
            ["xAxisIndex"] = 0,
            ["yAxisIndex"] = 0,
            ["symbol"] = "rect",
            ["symbolSize"] = new JsonArray(Math.Clamp((900 / slots) - 16, 70, 150), 84),
            ["edgeSymbol"] = new JsonArray("none", "arrow"),
            ["edgeSymbolSize"] = 8,
            ["lineStyle"] = new JsonObject { ["color"] = "#555", ["width"] = 1.5, ["opacity"] = 1 },
            ["label"] = new JsonObject { ["show"] = true, ["color"] = "#222", ["fontSize"] = 11, ["lineHeight"] = 15 },
            ["tooltip"] = new JsonObject { ["show"] = false },
            ["data"] = nodes,
            ["links"] = links,
        };

        var categories = stages.Select(s => s.Stage).Append("Total lead time").ToList();
        option["grid"] = new JsonArray(
            new JsonObject { ["left"] = 64, ["right"] = 32, ["top"] = 36, ["height"] = 110 },
            new JsonObject { ["left"] = 64, ["right"] = 32, ["top"] = 180, ["bottom"] = 56 });
        option["tooltip"] = new JsonObject { ["trigger"] = "axis", ["confine"] = true };
        option["xAxis"] = new JsonArray(
            new JsonObject { ["type"] = "value", ["gridIndex"] = 0, ["min"] = -0.5, ["max"] = slots - 0.5, ["show"] = false },
            ChartJson.CategoryAxis(categories, null));
        option["xAxis"]![1]!["gridIndex"] = 1;
        option["yAxis"] = new JsonArray(
            new JsonObject { ["type"] = "value", ["gridIndex"] = 0, ["min"] = 0, ["max"] = 1, ["show"] = false },
            ChartJson.Axis("value", "Days"));
        option["yAxis"]![1]!["gridIndex"] = 1;
        var active = stages.Select(s => s.ActiveDays).Append(totalActiveDays);
        var waiting = stages.Select(s => s.WaitingDays).Append(Math.Max(0, totalLeadTimeDays - totalActiveDays));
        option["series"] = new JsonArray(
            graph,
            Bar("Active", "#3ba272", active),
            Bar("Waiting", "#ee6666", waiting));
        if (stages.Count == 0)
        {
            ChartJson.MarkNoData(option);
        }

        return new ReportChart(id, "Value stream map", option, $"{stages.Count} stages. {summary}.", 480);
    }

    private static JsonObject Bar(string name, string color, IEnumerable<double> values) => new()
    {
        ["type"] = "bar",
        ["name"] = name,
        ["stack"] = "time",
        ["color"] = color,
        ["xAxisIndex"] = 1,
        ["yAxisIndex"] = 1,
        ["barMaxWidth"] = 80,
        ["data"] = ChartJson.Numbers(values),
    };
}
