using System.Globalization;
using System.Text.Json.Nodes;
using PmoFlow.Core.Value;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Charts;

/// <summary>The charts of the "Value" section: portfolio ranking, KPI realisation against target, time to value.</summary>
public static class ValueCharts
{
    /// <summary>
    /// The portfolio ranking: one horizontal bar per initiative in rank order (first at the top), its WSJF; initiatives
    /// without a WSJF are listed with an empty bar.
    /// </summary>
    /// <param name="ranking">The ranking rows, in rank order.</param>
    /// <param name="id">The chart's identifier.</param>
    public static ReportChart Ranking(IReadOnlyList<InitiativeValue> ranking, string id = "value-ranking")
    {
        ArgumentNullException.ThrowIfNull(ranking);

        // ECharts draws the first category at the bottom of a vertical category axis; reversed, rank 1 is on top.
        var rows = ranking.Reverse().ToList();
        var option = ChartJson.Base(legend: false);
        option["tooltip"] = new JsonObject { ["trigger"] = "axis", ["confine"] = true, ["axisPointer"] = new JsonObject { ["type"] = "shadow" } };
        option["xAxis"] = ChartJson.Axis("value", "WSJF (cost of delay per week ÷ duration in weeks)");
        option["yAxis"] = ChartJson.CategoryAxis(rows.Select(Label), null);
        option["series"] = new JsonArray(new JsonObject
        {
            ["type"] = "bar",
            ["name"] = "WSJF",
            ["data"] = Nullable(rows.Select(r => r.Wsjf)),
            ["label"] = new JsonObject { ["show"] = true, ["position"] = "right" },
        });
        if (ranking.Count == 0)
        {
            ChartJson.MarkNoData(option);
        }

        var ranked = ranking.Count(r => r.Wsjf is not null);
        var first = ranking.FirstOrDefault(r => r.Rank == 1);
        var description = ranking.Count == 0
            ? "No initiative in the portfolio."
            : $"{ranked} of {ranking.Count} initiatives ranked by WSJF"
              + (first is { Wsjf: { } w } ? $"; first: {first.InitiativeId} (WSJF {ChartJson.Num(w, 2)})." : ".");
        return new ReportChart(id, "Portfolio ranking (WSJF)", option, description, HeightPx: Math.Max(200, 60 + (40 * ranking.Count)));
    }

    /// <summary>
    /// Value delivered per period: the business value of the items completed in each period (bars, labelled with the
    /// period's first day); a period whose completed items all lack a value has no bar (unknown, not zero).
    /// </summary>
    /// <param name="periods">The periods in date order, zero periods included (<see cref="ValueDelivery.ByPeriod"/>).</param>
    /// <param name="id">The chart's identifier.</param>
    public static ReportChart DeliveredByPeriod(IReadOnlyList<ValueDelivered> periods, string id = "value-delivered")
    {
        ArgumentNullException.ThrowIfNull(periods);
        var option = ChartJson.Base(legend: false);
        option["tooltip"] = new JsonObject { ["trigger"] = "axis", ["confine"] = true };
        option["xAxis"] = ChartJson.CategoryAxis(periods.Select(p => p.From is { } f ? ChartJson.Date(f) : string.Empty), "Week starting");
        option["yAxis"] = ChartJson.Axis("value", "Business value");
        option["series"] = new JsonArray(new JsonObject
        {
            ["type"] = "bar",
            ["name"] = "Value delivered",
            ["data"] = Nullable(periods.Select(p => p.Value is { } v ? (double?)(double)v : null)),
        });
        var completed = periods.Sum(p => p.CompletedItems);
        var unvalued = periods.Sum(p => p.UnvaluedItems);
        if (completed == unvalued)
        {
            ChartJson.MarkNoData(option);
        }

        var total = periods.Sum(p => p.Value ?? 0m);
        return new ReportChart(
            id,
            "Value delivered per week",
            option,
            string.Create(CultureInfo.InvariantCulture,
                $"{total:0.##} business value delivered over {periods.Count} weeks by {completed - unvalued} completed items with a value ({unvalued} without one, left out)."));
    }

    /// <summary>
    /// One KPI's realisation: its readings (points), the target line from baseline to target (dashed) and the fitted
    /// trend projected to the target date (dotted), on a time axis.
    /// </summary>
    /// <param name="kpi">The KPI's series.</param>
    /// <param name="id">The chart's identifier.</param>
    public static ReportChart KpiRealisation(KpiRealisationSeries kpi, string id)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        var option = ChartJson.Base(legend: true);
        option["tooltip"] = new JsonObject { ["trigger"] = "axis", ["confine"] = true };
        // Every label names its year ("Mar 2026"): ECharts' default shows a year only where one begins.
        option["xAxis"] = ChartJson.Axis("time", null, new JsonObject { ["axisLabel"] = new JsonObject { ["formatter"] = "{MMM} {yyyy}", ["hideOverlap"] = true } });
        var yAxis = ChartJson.Axis("value", kpi.Unit is { Length: > 0 } unit ? $"{kpi.Kpi} ({unit})" : kpi.Kpi);
        yAxis["scale"] = true;
        option["yAxis"] = yAxis;
        var series = new JsonArray
        {
            Line("Target line", kpi.TargetLine, "dashed", ChartJson.Palette[2]),
            new JsonObject
            {
                ["type"] = "scatter",
                ["name"] = "Readings",
                ["symbolSize"] = 8,
                ["data"] = Points(kpi.Readings),
            },
        };
        if (kpi.Trend.Count > 0)
        {
            series.Add(Line("Trend", kpi.Trend, "dotted", ChartJson.Palette[3]));
        }

        option["series"] = series;
        if (kpi.Readings.Count == 0)
        {
            ChartJson.MarkNoData(option);
        }

        var status = PortfolioTables.Status(kpi.Status).Replace('_', ' ');
        var attainment = kpi.Attainment is { } a ? $", projected attainment {ChartJson.Num(a * 100, 0)} %" : string.Empty;
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{kpi.InitiativeId} – {kpi.Kpi}: {kpi.Readings.Count} reading{(kpi.Readings.Count == 1 ? string.Empty : "s")} against the line from {Value(kpi.TargetLine[0])} on {ChartJson.Date(kpi.TargetLine[0].Date)} to {Value(kpi.TargetLine[^1])} on {ChartJson.Date(kpi.TargetLine[^1].Date)}; {status}{attainment}.");
        return new ReportChart(id, $"{kpi.InitiativeId}: {kpi.Kpi} ({status})", option, description, HeightPx: 300);
    }

    /// <summary>Time to value per initiative: days to its first and to its last linked item reaching the value point.</summary>
    /// <param name="rows">One row per initiative, in ranking order.</param>
    /// <param name="id">The chart's identifier.</param>
    public static ReportChart TimeToValue(IReadOnlyList<TimeToValueRow> rows, string id = "time-to-value")
    {
        ArgumentNullException.ThrowIfNull(rows);
        var ordered = rows.Reverse().ToList();
        var option = ChartJson.Base(legend: true);
        option["tooltip"] = new JsonObject { ["trigger"] = "axis", ["confine"] = true, ["axisPointer"] = new JsonObject { ["type"] = "shadow" } };
        option["xAxis"] = ChartJson.Axis("value", "Days from the initiative's start");
        option["yAxis"] = ChartJson.CategoryAxis(ordered.Select(r => r.InitiativeId), null);
        option["series"] = new JsonArray(
            new JsonObject { ["type"] = "bar", ["name"] = "To first value", ["data"] = Nullable(ordered.Select(r => (double?)r.DaysToFirstValue)) },
            new JsonObject { ["type"] = "bar", ["name"] = "To last value", ["data"] = Nullable(ordered.Select(r => (double?)r.DaysToLastValue)) });
        var withValue = rows.Count(r => r.DaysToFirstValue is not null);
        if (withValue == 0)
        {
            ChartJson.MarkNoData(option);
        }

        var complete = rows.Count(r => r.DaysToLastValue is not null);
        return new ReportChart(
            id,
            "Time to value",
            option,
            $"{withValue} of {rows.Count} initiatives delivered first value; {complete} delivered all their linked items.",
            HeightPx: Math.Max(200, 80 + (50 * rows.Count)));
    }

    private static string Label(InitiativeValue row) =>
        row.Rank is { } rank ? $"{rank.ToString(CultureInfo.InvariantCulture)}. {row.InitiativeId}" : $"– {row.InitiativeId}";

    private static string Value(KpiPoint p) => ChartJson.Num(p.Value, 4);

    private static JsonObject Line(string name, IReadOnlyList<KpiPoint> points, string style, string color) => new()
    {
        ["type"] = "line",
        ["name"] = name,
        ["showSymbol"] = false,
        ["lineStyle"] = new JsonObject { ["type"] = style, ["color"] = color, ["width"] = 2 },
        ["itemStyle"] = new JsonObject { ["color"] = color },
        ["data"] = Points(points),
    };

    private static JsonArray Points(IEnumerable<KpiPoint> points) =>
        new(points.Select(p => (JsonNode)new JsonArray(ChartJson.Date(p.Date), ChartJson.Round(p.Value))).ToArray());

    // Missing figures stay null: ECharts leaves the bar out instead of drawing a zero.
    private static JsonArray Nullable(IEnumerable<double?> values) =>
        new(values.Select(v => v is { } x ? (JsonNode)JsonValue.Create(ChartJson.Round(x)) : null).ToArray());
}
