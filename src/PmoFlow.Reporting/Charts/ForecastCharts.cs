using System.Text.Json.Nodes;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Charts;

/// <summary>Monte Carlo forecast distributions.</summary>
public static class ForecastCharts
{
    /// <summary>
    /// "When will N items be done": share of trials finishing on each date (bars, every date between the
    /// first and last included), the cumulative share finished by each date (line, right axis), a dashed
    /// line at each percentile date and, when given, a red line at the deadline labelled with its odds.
    /// </summary>
    public static ReportChart When(WhenChartData forecast, string id = "forecast-when", string? title = null)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var counts = forecast.Dates.GroupBy(d => d.Date).ToDictionary(g => g.Key, g => g.Sum(d => d.Trials));
        var total = counts.Values.Sum();
        var dates = new List<DateOnly>();
        if (counts.Count > 0)
        {
            var first = counts.Keys.Min();
            var last = counts.Keys.Max();
            if (forecast.Deadline is { } dl)
            {
                first = dl < first ? dl : first;
                last = dl > last ? dl : last;
            }

            for (var d = first; d <= last; d = d.AddDays(1))
            {
                dates.Add(d);
            }
        }

        var share = new double[dates.Count];
        var cumulative = new double[dates.Count];
        long running = 0;
        for (var i = 0; i < dates.Count; i++)
        {
            var n = counts.GetValueOrDefault(dates[i]);
            running += n;
            share[i] = total == 0 ? 0 : 100.0 * n / total;
            cumulative[i] = total == 0 ? 0 : 100.0 * running / total;
        }

        var lines = forecast.Percentiles
            .Select(p => ($"{ChartJson.Pct(p.Percentile)} {ChartJson.Date(p.Date)}", (JsonNode)JsonValue.Create(ChartJson.Date(p.Date))))
            .ToList();
        var deadlineText = string.Empty;
        if (forecast.Deadline is { } deadline)
        {
            deadlineText = forecast.DeadlineProbability is { } odds
                ? $"Deadline {ChartJson.Date(deadline)}: {ChartJson.Num(odds * 100)}% likely"
                : $"Deadline {ChartJson.Date(deadline)}";
        }

        var option = ChartJson.Base(legend: true);
        option["tooltip"] = new JsonObject { ["trigger"] = "axis", ["confine"] = true };
        option["xAxis"] = ChartJson.CategoryAxis(dates.Select(ChartJson.Date), "Completion date");
        option["yAxis"] = new JsonArray(
            ChartJson.Axis("value", "Trials (%)"),
            ChartJson.Axis("value", "Done by date (%)", new JsonObject { ["min"] = 0, ["max"] = 100, ["splitLine"] = new JsonObject { ["show"] = false } }));
        var bars = new JsonObject
        {
            ["type"] = "bar",
            ["name"] = "Trials finishing that day (%)",
            ["barCategoryGap"] = "5%",
            ["data"] = ChartJson.Numbers(share),
            ["markLine"] = ChartJson.VerticalLines(lines),
        };
        var cumulativeLine = new JsonObject
        {
            ["type"] = "line",
            ["name"] = "Done by date (%)",
            ["yAxisIndex"] = 1,
            ["showSymbol"] = false,
            ["data"] = ChartJson.Numbers(cumulative),
        };
        if (forecast.Deadline is { } d2 && dates.Count > 0)
        {
            cumulativeLine["markLine"] = ChartJson.VerticalLines([(deadlineText, JsonValue.Create(ChartJson.Date(d2)))], "#c23531");
        }

        option["series"] = new JsonArray(bars, cumulativeLine);
        if (dates.Count == 0)
        {
            ChartJson.MarkNoData(option);
        }

        var percentileText = string.Join(", ", forecast.Percentiles.Select(p => $"{ChartJson.Pct(p.Percentile)} {ChartJson.Date(p.Date)}"));
        var description = $"When {forecast.Items} items will be done, over {total} trials: {percentileText}"
                          + (deadlineText.Length > 0 ? $"; {deadlineText}." : ".");
        return new ReportChart(id, title ?? $"Forecast: when will {forecast.Items} items be done?", option, description);
    }

    /// <summary>
    /// "How many items by date D": share of trials completing each count (bars, every count between the
    /// smallest and largest included) with a dashed line at each confidence level's count.
    /// </summary>
    public static ReportChart HowMany(HowManyChartData forecast, string id = "forecast-how-many", string? title = null)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var counts = forecast.Counts.GroupBy(c => c.Items).ToDictionary(g => g.Key, g => g.Sum(c => c.Trials));
        var total = counts.Values.Sum();
        var items = counts.Count == 0 ? [] : Enumerable.Range(counts.Keys.Min(), counts.Keys.Max() - counts.Keys.Min() + 1).ToArray();
        var option = ChartJson.Base(legend: false);
        option["tooltip"] = new JsonObject { ["trigger"] = "axis", ["confine"] = true };
        option["xAxis"] = ChartJson.CategoryAxis(items.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Items completed");
        option["yAxis"] = ChartJson.Axis("value", "Trials (%)");
        option["series"] = new JsonArray(new JsonObject
        {
            ["type"] = "bar",
            ["name"] = "Trials (%)",
            ["barCategoryGap"] = "5%",
            ["data"] = ChartJson.Numbers(items.Select(i => total == 0 ? 0 : 100.0 * counts.GetValueOrDefault(i) / total)),
            ["markLine"] = ChartJson.VerticalLines(
                items.Length == 0
                    ? []
                    : forecast.Percentiles.Select(p => (
                        $"{ChartJson.Pct(p.Percentile)}: {ChartJson.Num(p.Value, 0)} or more",
                        (JsonNode)JsonValue.Create(((int)Math.Round(p.Value)).ToString(System.Globalization.CultureInfo.InvariantCulture))))),
        });
        if (items.Length == 0)
        {
            ChartJson.MarkNoData(option);
        }

        var percentileText = string.Join(", ", forecast.Percentiles.Select(p => $"{ChartJson.Pct(p.Percentile)} {ChartJson.Num(p.Value, 0)} items"));
        return new ReportChart(
            id,
            title ?? $"Forecast: how many items by {ChartJson.Date(forecast.By)}?",
            option,
            $"Items completed by {ChartJson.Date(forecast.By)} over {total} trials: {percentileText}.");
    }
}
