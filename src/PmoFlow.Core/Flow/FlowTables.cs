using System.Globalization;

namespace PmoFlow.Core.Flow;

/// <summary>The tabular forms of a <see cref="FlowAnalysis"/>, one per table the CLI prints.</summary>
/// <remarks>Pure functions of the analysis; thread-safe.</remarks>
public static class FlowTables
{
    /// <summary>The columns of the items table, in order.</summary>
    public static IReadOnlyList<string> ItemColumns { get; } =
    [
        "key", "type", "title", "created", "start", "done", "cycle_time", "lead_time", "time_to_value",
        "flow_efficiency", "blocked_days", "rework_moves", "state", "age",
    ];

    /// <summary>Every table, in the order <c>pmoflow metrics</c> prints them (items first).</summary>
    public static IReadOnlyList<Table> All(FlowAnalysis a) =>
    [
        Items(a), Percentiles(a), CycleTimeHistogram(a), ThroughputDaily(a), ThroughputWeekly(a), WipDaily(a), Cfd(a), ArrivalsNetFlow(a),
        FlowDistribution(a), FlowEfficiencyByStage(a), Waste(a), ValueStreamMap(a), Impediments(a), DataQuality(a),
    ];

    /// <summary>The analysis's items in the order tables list them: by key in natural order (T1-2 before T1-10).</summary>
    public static IReadOnlyList<ItemMetrics> ItemsByKey(FlowAnalysis a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return [.. a.Items.OrderBy(i => i.Key, NaturalKeyComparer.Instance)];
    }

    /// <summary>One row per item, by key in natural order: key, type, title, created, start, done, cycle_time, lead_time, time_to_value, flow_efficiency, blocked_days, rework_moves, state, age.</summary>
    public static Table Items(FlowAnalysis a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var rows = ItemsByKey(a).Select(i => Row(
            i.Key, i.Type, i.Title, Instant(i.Created), Instant(i.Start), Instant(i.Done), Num(i.CycleTime), Num(i.LeadTime),
            Num(i.TimeToValue), Num(i.FlowEfficiency), Num(i.BlockedDays), i.ReworkMoves, i.State.Name(), Num(i.Age))).ToList();
        return new Table("items", ItemColumns, rows);
    }

    /// <summary>metric, count, mean, min, max, then one column per percentile (<c>p50</c>, <c>p85</c>, ...).</summary>
    public static Table Percentiles(FlowAnalysis a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var summaries = new[] { a.CycleTime, a.LeadTime, a.TimeToValue, a.Age };
        var columns = new List<string> { "metric", "count", "mean", "min", "max" };
        // Under percentiles: auto each sample reports its own set: the columns are their union, missing cells empty.
        var percents = summaries.SelectMany(s => s.Percentiles.Select(p => p.Percentile)).Distinct().Order().ToList();
        columns.AddRange(percents.Select(p => "p" + p.ToString(CultureInfo.InvariantCulture)));
        var rows = summaries.Select(s =>
        {
            var row = new List<object?> { s.Metric, s.Count, Num(s.Mean), Num(s.Min), Num(s.Max) };
            row.AddRange(percents.Select(p => (object?)Num(s.Percentiles.FirstOrDefault(x => x.Percentile == p)?.Value)));
            return (IReadOnlyList<object?>)row;
        }).ToList();
        rows.Add(Row("sle", null, Num(a.SleDays), null, null));
        return new Table("percentiles", columns, [.. rows.Select(r => Pad(r, columns.Count))]);
    }

    /// <summary>
    /// bin, from_days, to_days, items, share, cumulative_share: the window's cycle times in bins of <paramref name="binDays"/>
    /// whole days from day 0 to the largest value; without a width, the report chart's bins (<see cref="Flow.CycleTimeHistogram.Auto"/>:
    /// at most 100 bars, a long tail in one last bar <c>N+</c>).
    /// </summary>
    public static Table CycleTimeHistogram(FlowAnalysis a, int? binDays = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        var h = binDays is { } w ? Flow.CycleTimeHistogram.Of(a.WindowCycleTimes, w) : Flow.CycleTimeHistogram.Auto(a.WindowCycleTimes);
        var total = (double)h.Bins.Sum(b => b.Items);
        long running = 0;
        var rows = h.Bins.Select(b =>
        {
            running += b.Items;
            return Row(b.Label, b.FromDays, b.ToDays, b.Items, b.Items / total, running / total);
        }).ToList();
        return new Table("cycle_time_histogram", ["bin", "from_days", "to_days", "items", "share", "cumulative_share"], rows);
    }

    /// <summary>date, items, then one column per type.</summary>
    public static Table ThroughputDaily(FlowAnalysis a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var types = a.ThroughputDaily.SelectMany(d => d.ByType.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = a.ThroughputDaily.Select(d =>
            (IReadOnlyList<object?>)[Date(d.Date), d.Items, .. types.Select(t => (object?)d.ByType.GetValueOrDefault(t))]).ToList();
        return new Table("throughput_daily", ["date", "items", .. types], rows);
    }

    /// <summary>week_start, week_end, iso_week, days_in_window, items, then one column per type.</summary>
    public static Table ThroughputWeekly(FlowAnalysis a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var types = a.ThroughputWeekly.SelectMany(d => d.ByType.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = a.ThroughputWeekly.Select(w => (IReadOnlyList<object?>)
            [Date(w.WeekStart), Date(w.WeekEnd), w.IsoWeek, w.DaysInWindow, w.Items, .. types.Select(t => (object?)w.ByType.GetValueOrDefault(t))]).ToList();
        return new Table("throughput_weekly", ["week_start", "week_end", "iso_week", "days_in_window", "items", .. types], rows);
    }

    /// <summary>date, wip, then one column per stage between the commitment and delivery points.</summary>
    public static Table WipDaily(FlowAnalysis a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var stages = a.Wip.Count > 0 ? a.Wip[0].ByStage.Keys.ToList() : [];
        var rows = a.Wip.Select(w => (IReadOnlyList<object?>)
            [Date(w.Date), w.Items, .. stages.Select(s => (object?)w.ByStage.GetValueOrDefault(s))]).ToList();
        return new Table("wip_daily", ["date", "wip", .. stages], rows);
    }

    /// <summary>
    /// date, then one column per band in stage order, from <paramref name="from"/> (null: the CFD's first day), as
    /// <see cref="CfdView"/> shows it: <c>cfdStart: window</c> counts from that day, <c>cfdDone: hide</c> drops the done columns.
    /// </summary>
    public static Table Cfd(FlowAnalysis a, DateOnly? from = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        var view = CfdView.Of(a, from);
        var shown = Enumerable.Range(0, view.Bands.Count).Where(b => !view.IsHidden(b)).ToList();
        var rows = view.Rows.Select(r => (IReadOnlyList<object?>)[Date(r.Date), .. shown.Select(b => (object?)r.Counts[b])]).ToList();
        return new Table("cfd", ["date", .. shown.Select(b => view.Bands[b])], rows);
    }

    /// <summary>date, arrivals, departures, net_flow.</summary>
    public static Table ArrivalsNetFlow(FlowAnalysis a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var rows = a.Arrivals.Days.Select(d => Row(Date(d.Date), d.Arrivals, d.Departures, d.NetFlow)).ToList();
        return new Table("arrivals", ["date", "arrivals", "departures", "net_flow"], rows);
    }

    /// <summary>type, items, share.</summary>
    public static Table FlowDistribution(FlowAnalysis a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var rows = a.FlowDistribution.Select(t => Row(t.Type, t.Items, Num(t.Share))).ToList();
        return new Table("flow_distribution", ["type", "items", "share"], rows);
    }

    /// <summary>stage, category, total_days, active_days, waiting_days, efficiency, share_of_flow_time, plus a <c>(stream)</c> row.</summary>
    public static Table FlowEfficiencyByStage(FlowAnalysis a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var e = a.FlowEfficiency;
        var rows = e.ByStage.Select(s => Row(
            s.Stage, s.Category, Num(s.TotalDays), Num(s.ActiveDays), Num(s.WaitingDays), Num(s.Efficiency), Num(s.ShareOfFlowTime))).ToList();
        rows.Add(Row("(stream)", null, Num(e.FlowDays), Num(e.ActiveDays), Num(e.FlowDays - e.ActiveDays), Num(e.Stream), e.Stream is null ? null : 1.0));
        return new Table("flow_efficiency", ["stage", "category", "total_days", "active_days", "waiting_days", "efficiency", "share_of_flow_time"], rows);
    }

    /// <summary>One row per stage plus <c>(stream)</c>: waiting, blocked, rework, abandoned, ageing and WIP-limit figures.</summary>
    public static Table Waste(FlowAnalysis a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var rows = a.Waste.ByStage.Append(a.Waste.Stream).Select(w => Row(
            w.Stage, w.Category, Num(w.WaitingDays), Num(w.BlockedDays), w.ReworkMoves, Num(w.ReworkDays), w.AbandonedItems,
            Num(w.AbandonedDays), w.AgeingItems, Num(w.AgeingExcessDays), w.WipLimit, w.DaysOverLimit, w.MaxWip, w.ExcessItemDays)).ToList();
        return new Table("waste", [
            "stage", "category", "waiting_days", "blocked_days", "rework_moves", "rework_days", "abandoned_items",
            "abandoned_days", "ageing_items", "ageing_excess_days", "wip_limit", "days_over_limit", "max_wip", "excess_item_days",
        ], rows);
    }

    /// <summary>Per stage: items_entered, share_entered, median active and waiting days; a <c>(total)</c> row holds total lead time, total active time and their ratio.</summary>
    public static Table ValueStreamMap(FlowAnalysis a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var v = a.ValueStreamMap;
        var rows = v.Stages.Select(s => Row(
            s.Stage, s.Category, s.ItemsEntered, Num(s.ShareEntered), Num(s.MedianActiveDays), Num(s.MedianWaitingDays), null, null, null)).ToList();
        rows.Add(Row("(total)", null, v.Items, null, null, null, Num(v.TotalLeadTimeDays), Num(v.TotalActiveDays), Num(v.ActivityRatio)));
        return new Table("value_stream_map", [
            "stage", "category", "items_entered", "share_entered", "median_active_days", "median_waiting_days",
            "total_lead_time_days", "total_active_days", "activity_ratio",
        ], rows);
    }

    /// <summary>key, flag_start, flag_end, stage, days, whole_days, in_commitment: one row per impediment (blocked spell).</summary>
    public static Table Impediments(FlowAnalysis a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var rows = a.Impediments.Select(i => Row(
            i.Key, Instant(i.FlagStart), Instant(i.FlagEnd), i.Stage, Num(i.Days), i.WholeDays, i.InCommitment)).ToList();
        return new Table("impediments", ["key", "flag_start", "flag_end", "stage", "days", "whole_days", "in_commitment"], rows);
    }

    /// <summary>check, items, events, examples, description; unmapped statuses as <c>unmapped-status:NAME</c> rows.</summary>
    public static Table DataQuality(FlowAnalysis a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var q = a.Quality;
        var rows = q.Findings.Select(f => Row(f.Check, f.Items, f.Events, string.Join(" ", f.Examples), f.Description)).ToList();
        rows.AddRange(q.UnmappedStatuses.Select(u => Row("unmapped-status:" + u.Status, u.Items, null, null, "Status mapped to no stage.")));
        return new Table("data_quality", ["check", "items", "events", "examples", "description"], rows);
    }

    private static object?[] Row(params object?[] cells) => cells;

    private static IReadOnlyList<object?> Pad(IReadOnlyList<object?> row, int n) =>
        row.Count >= n ? row : [.. row, .. Enumerable.Repeat<object?>(null, n - row.Count)];

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An instant as every table prints it: UTC, ISO 8601 with milliseconds (<c>2024-01-02T10:00:00.000Z</c>).</summary>
    internal static string? Instant(DateTimeOffset? t) =>
        t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Figures go into tables at full precision: JSON carries them as computed; text and CSV round when printing.</summary>
    private static double? Num(double? v) => v is { } x && double.IsFinite(x) ? x : null;

}
