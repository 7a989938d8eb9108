using System.Text.Json.Nodes;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Charts;

/// <summary>What the values of a cumulative flow diagram's bands are.</summary>
public enum CfdValues
{
    /// <summary>Items that reached the stage or a later one by the end of each day (METRICS.md §3 default).</summary>
    Cumulative = 0,

    /// <summary>Items in the stage at the end of each day (the "current" CFD option).</summary>
    InStage = 1,
}

/// <summary>Run charts over days: throughput, WIP and the cumulative flow diagram.</summary>
public static class FlowCharts
{
    /// <summary>Throughput run chart: completed items per day (or per week) as bars, with the mean as a dashed line.</summary>
    /// <param name="throughput">One value per bucket (zero buckets included), in date order.</param>
    /// <param name="bucket">What a bucket is, for the axis name: "day" or "week".</param>
    /// <param name="id">The chart's identifier.</param>
    public static ReportChart Throughput(IReadOnlyList<DatedValue> throughput, string bucket = "day", string id = "throughput")
    {
        ArgumentNullException.ThrowIfNull(throughput);
        var option = ChartJson.Base(legend: false);
        option["tooltip"] = new JsonObject { ["trigger"] = "axis", ["confine"] = true };
        option["xAxis"] = ChartJson.CategoryAxis(throughput.Select(p => ChartJson.Date(p.Date)), null);
        option["yAxis"] = ChartJson.Axis("value", $"Items per {bucket}", new JsonObject { ["minInterval"] = 1 });
        var mean = throughput.Count == 0 ? 0 : throughput.Average(p => p.Value);
        option["series"] = new JsonArray(new JsonObject
        {
            ["type"] = "bar",
            ["name"] = "Throughput",
            ["data"] = ChartJson.Numbers(throughput.Select(p => p.Value)),
            ["markLine"] = ChartJson.HorizontalLines(throughput.Count == 0 ? [] : [($"Mean {ChartJson.Num(mean, 2)}", mean)]),
        });
        if (throughput.Count == 0)
        {
            ChartJson.MarkNoData(option);
        }

        return new ReportChart(
            id,
            "Throughput",
            option,
            $"Completed items per {bucket} over {throughput.Count} {bucket}s; {ChartJson.Num(throughput.Sum(p => p.Value), 0)} in total.");
    }

    /// <summary>WIP run chart: items in progress at the end of each day, with an optional WIP limit line.</summary>
    public static ReportChart Wip(IReadOnlyList<DatedValue> wip, double? limit = null, string id = "wip")
    {
        ArgumentNullException.ThrowIfNull(wip);
        var option = ChartJson.Base(legend: false);
        option["tooltip"] = new JsonObject { ["trigger"] = "axis", ["confine"] = true };
        option["xAxis"] = ChartJson.CategoryAxis(wip.Select(p => ChartJson.Date(p.Date)), null);
        option["yAxis"] = ChartJson.Axis("value", "Items in progress", new JsonObject { ["minInterval"] = 1 });
        option["series"] = new JsonArray(new JsonObject
        {
            ["type"] = "line",
            ["name"] = "WIP",
            ["step"] = "end",
            ["showSymbol"] = wip.Count <= 60,
            ["data"] = ChartJson.Numbers(wip.Select(p => p.Value)),
            ["markLine"] = ChartJson.HorizontalLines(limit is { } l ? [($"WIP limit {ChartJson.Num(l)}", l)] : [], "#c23531"),
        });
        ChartJson.KeepLinesVisible(option["yAxis"]!.AsObject(), wip.Select(p => p.Value), limit is { } max ? [max] : []);
        if (wip.Count == 0)
        {
            ChartJson.MarkNoData(option);
        }

        return new ReportChart(id, "Work in progress", option, $"Items in progress at the end of each of {wip.Count} days.");
    }

    /// <summary>
    /// Cumulative flow diagram: one stacked area per stage, in stage order (the first stage's band on top,
    /// the last, usually done, at the bottom), so the top edge of each band is that stage's cumulative count.
    /// </summary>
    /// <param name="bandsInStageOrder">The bands, first stage first. A date missing from a band carries that band's previous value (0 before its first).</param>
    /// <param name="values">Whether the band values are cumulative arrivals (stacked as differences) or in-stage counts (stacked as they are).</param>
    /// <param name="id">The chart's identifier.</param>
    public static ReportChart Cfd(IReadOnlyList<CfdBand> bandsInStageOrder, CfdValues values = CfdValues.Cumulative, string id = "cfd")
    {
        ArgumentNullException.ThrowIfNull(bandsInStageOrder);
        var dates = bandsInStageOrder.SelectMany(b => b.Points).Select(p => p.Date).Distinct().Order().ToArray();
        var aligned = bandsInStageOrder.Select(b => Align(b.Points, dates)).ToArray();

        var option = ChartJson.Base(legend: true);
        option["tooltip"] = new JsonObject { ["trigger"] = "axis", ["confine"] = true };
        option["xAxis"] = ChartJson.CategoryAxis(dates.Select(ChartJson.Date), null);
        option["xAxis"]!["boundaryGap"] = false;
        option["yAxis"] = ChartJson.Axis("value", "Items", new JsonObject { ["minInterval"] = 1 });
        option["legend"]!["data"] = ChartJson.Strings(bandsInStageOrder.Where(b => !b.Hidden).Select(b => b.Stage));

        // ECharts stacks in series order from the bottom up, so the last stage is added first. A hidden band (done, under
        // cfdDone: hide) is not drawn, but the band above it is still its own height (cumulative minus the next band's).
        var series = new JsonArray();
        for (var s = bandsInStageOrder.Count - 1; s >= 0; s--)
        {
            if (bandsInStageOrder[s].Hidden)
            {
                continue;
            }

            var height = new double[dates.Length];
            for (var d = 0; d < dates.Length; d++)
            {
                height[d] = values == CfdValues.Cumulative && s + 1 < aligned.Length
                    ? aligned[s][d] - aligned[s + 1][d]
                    : aligned[s][d];
            }

            series.Add(new JsonObject
            {
                ["type"] = "line",
                ["name"] = bandsInStageOrder[s].Stage,
                ["stack"] = "cfd",
                ["areaStyle"] = new JsonObject { ["opacity"] = 0.85 },
                ["lineStyle"] = new JsonObject { ["width"] = 0.5 },
                ["showSymbol"] = false,
                ["color"] = ChartJson.Palette[s % ChartJson.Palette.Length],
                ["data"] = ChartJson.Numbers(height),
            });
        }

        option["series"] = series;
        if (dates.Length == 0)
        {
            ChartJson.MarkNoData(option);
        }

        return new ReportChart(
            id,
            "Cumulative flow diagram",
            option,
            $"Items per stage over {dates.Length} days, {bandsInStageOrder.Count(b => !b.Hidden)} stages stacked in workflow order.",
            420);
    }

    private static double[] Align(IReadOnlyList<DatedValue> points, DateOnly[] dates)
    {
        var byDate = new Dictionary<DateOnly, double>(points.Count);
        foreach (var p in points)
        {
            byDate[p.Date] = p.Value;
        }

        var result = new double[dates.Length];
        var last = 0.0;
        for (var i = 0; i < dates.Length; i++)
        {
            if (byDate.TryGetValue(dates[i], out var v))
            {
                last = v;
            }

            result[i] = last;
        }

        return result;
    }
}
