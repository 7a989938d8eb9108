using System.Globalization;
using System.Text.Json.Nodes;

namespace PmoFlow.Reporting.Charts;

/// <summary>Small helpers shared by the chart option builders.</summary>
internal static class ChartJson
{
    public const string NoDataText = "No data";

    // A fixed palette keeps colours stable across reports (ECharts' default rotates by series index).
    public static readonly string[] Palette =
    [
        "#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc",
    ];

    /// <summary>The common frame of every report chart: animation off, fixed palette, a grid with room for axis names.</summary>
    public static JsonObject Base(bool legend)
    {
        var option = new JsonObject
        {
            ["animation"] = false,
            ["color"] = new JsonArray(Palette.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
            ["textStyle"] = new JsonObject { ["fontFamily"] = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif" },
            ["grid"] = new JsonObject
            {
                ["left"] = 56, ["right"] = 32, ["top"] = legend ? 48 : 24, ["bottom"] = 48, ["containLabel"] = true,
            },
            ["tooltip"] = new JsonObject { ["trigger"] = "item", ["confine"] = true },
        };
        if (legend)
        {
            option["legend"] = new JsonObject { ["top"] = 8, ["type"] = "scroll" };
        }

        return option;
    }

    /// <summary>Puts a centred "No data" text on an empty chart.</summary>
    public static void MarkNoData(JsonObject option)
    {
        option["graphic"] = new JsonArray(new JsonObject
        {
            ["type"] = "text",
            ["left"] = "center",
            ["top"] = "middle",
            ["silent"] = true,
            ["style"] = new JsonObject { ["text"] = NoDataText, ["fontSize"] = 16, ["fill"] = "#888" },
        });
    }

    public static JsonObject Axis(string type, string? name, JsonObject? extra = null)
    {
        var axis = new JsonObject { ["type"] = type };
        if (name is not null)
        {
            axis["name"] = name;
            axis["nameLocation"] = "middle";
            axis["nameGap"] = type == "value" ? 40 : 28;
        }

        if (extra is not null)
        {
            foreach (var (key, value) in extra.ToList())
            {
                extra.Remove(key);
                axis[key] = value;
            }
        }

        return axis;
    }

    public static JsonObject CategoryAxis(IEnumerable<string> categories, string? name)
    {
        var axis = Axis("category", name);
        axis["data"] = Strings(categories);
        return axis;
    }

    /// <summary>Horizontal dashed reference lines (e.g. percentiles) at the given y values.</summary>
    public static JsonObject HorizontalLines(IEnumerable<(string Label, double Y)> lines, string color = "#333") =>
        MarkLines(lines.Select(l => new JsonObject { ["name"] = l.Label, ["yAxis"] = Round(l.Y) }), color, "insideEndTop");

    /// <summary>Vertical dashed reference lines at the given x values (category names or numbers).</summary>
    /// <param name="lines">The lines' labels and x values.</param>
    /// <param name="color">Line colour.</param>
    /// <param name="labelPosition">Where the labels sit; a second set of lines (a deadline) uses the other end so its label never covers a percentile's.</param>
    public static JsonObject VerticalLines(IEnumerable<(string Label, JsonNode X)> lines, string color = "#333", string labelPosition = "insideEndTop") =>
        MarkLines(lines.Select(l => new JsonObject { ["name"] = l.Label, ["xAxis"] = l.X }), color, labelPosition);

    private static JsonObject MarkLines(IEnumerable<JsonObject> data, string color, string labelPosition) => new()
    {
        ["silent"] = true,
        ["symbol"] = "none",
        ["animation"] = false,
        ["lineStyle"] = new JsonObject { ["type"] = "dashed", ["color"] = color, ["width"] = 1.5 },
        // '{b}' shows the line's name, which the builders compose from numbers and dates only.
        ["label"] = new JsonObject
        {
            ["formatter"] = "{b}",
            ["position"] = labelPosition,
            ["backgroundColor"] = "rgba(255,255,255,0.85)",
            ["padding"] = new JsonArray(1, 3),
        },
        ["data"] = new JsonArray(data.Cast<JsonNode>().ToArray()),
    };

    /// <summary>
    /// ECharts sizes a value axis to the data only, so a reference line above every point (an SLE no item has
    /// reached yet, a WIP limit) would fall off the chart: raise the axis maximum to show the highest line.
    /// </summary>
    public static void KeepLinesVisible(JsonObject valueAxis, IEnumerable<double> data, IEnumerable<double> lines)
    {
        var lineMax = lines.Where(double.IsFinite).DefaultIfEmpty(double.NegativeInfinity).Max();
        var dataMax = data.Where(double.IsFinite).DefaultIfEmpty(double.NegativeInfinity).Max();
        if (lineMax > 0 && lineMax >= dataMax)
        {
            valueAxis["max"] = Math.Ceiling(lineMax * 1.1);
        }
    }

    public static JsonArray Strings(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    public static JsonArray Numbers(IEnumerable<double> values) =>
        new(values.Select(v => (JsonNode)JsonValue.Create(Round(v))).ToArray());

    /// <summary>Rounds to 4 decimals: enough for a chart, and keeps the JSON short.</summary>
    public static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 4) : 0;

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Num(double value, int decimals = 1) =>
        value.ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);

    public static string Pct(double percentile) => "P" + percentile.ToString("0.#", CultureInfo.InvariantCulture);
}
