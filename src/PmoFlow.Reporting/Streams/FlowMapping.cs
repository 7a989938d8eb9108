using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Reporting.Charts;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Tables;
using ChartPercentile = PmoFlow.Reporting.Charts.ChartPercentile;
using ChartVsmStage = PmoFlow.Reporting.Charts.VsmStageBar;

namespace PmoFlow.Reporting.Streams;

/// <summary>Maps a <see cref="FlowAnalysis"/> onto the report's plain series, tables and warnings.</summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class FlowMapping
{
    /// <summary>
    /// The headline values of one analysis: throughput, P50 and P85 cycle time and flow efficiency of its window, WIP at
    /// the end of its last day, and the share of items done in the window whose cycle time is at most <paramref name="sleDays"/>.
    /// </summary>
    public static HeadlineValues Headlines(FlowAnalysis analysis, StreamDefinition stream, double? sleDays)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var done = DoneInWindow(analysis, stream).ToList();
        double? attainment = sleDays is { } sle && done.Count > 0
            ? (double)done.Count(i => i.CycleTime <= sle) / done.Count
            : null;
        return new HeadlineValues(
            analysis.Throughput,
            PercentileOf(analysis.CycleTime, 50),
            PercentileOf(analysis.CycleTime, 85),
            analysis.Wip.Count > 0 ? analysis.Wip[^1].Items : null,
            analysis.FlowEfficiency.Stream,
            attainment);
    }

    /// <summary>The value of percentile <paramref name="p"/> of a summary, or null when absent or empty.</summary>
    public static double? PercentileOf(DistributionSummary summary, double p)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Percentiles.FirstOrDefault(x => x.Percentile == p)?.Value;
    }

    /// <summary>The non-empty percentiles of a summary, for chart lines.</summary>
    public static IReadOnlyList<ChartPercentile> Percentiles(DistributionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return [.. summary.Percentiles.Where(p => p.Value is not null).Select(p => new ChartPercentile(p.Percentile, p.Value!.Value))];
    }

    /// <summary>Items done in the analysis window with a cycle time, for the scatterplot.</summary>
    public static IReadOnlyList<CycleTimePoint> CycleTimes(FlowAnalysis analysis, StreamDefinition stream)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(stream);
        return [.. DoneInWindow(analysis, stream).Select(i => new CycleTimePoint(
            DayOf(i.Done!.Value, stream), i.CycleTime!.Value, i.Key, i.Title ?? string.Empty))];
    }

    /// <summary>Items whose Done falls on a day of the window and that have a cycle time (the window's percentile sample).</summary>
    public static IEnumerable<ItemMetrics> DoneInWindow(FlowAnalysis analysis, StreamDefinition stream)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(stream);
        var window = analysis.Window;
        return analysis.Items.Where(i => i.State == ItemState.Done && i.Done is { } d && i.CycleTime is not null
            && window.Contains(DayOf(d, stream)));
    }

    /// <summary>The day an instant counts on: its local date in the stream's zone, or its own wall-clock date under that convention.</summary>
    public static DateOnly DayOf(DateTimeOffset instant, StreamDefinition stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return StreamCalendar.DayOf(stream, instant);
    }

    /// <summary>The sum of the in-progress stages' WIP limits when every one of them has a limit, else null.</summary>
    public static double? WipLimit(StreamDefinition stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var stages = InProgressStageList(stream).ToList();
        return stages.Count > 0 && stages.All(s => s.WipLimit is not null) ? stages.Sum(s => s.WipLimit!.Value) : null;
    }

    /// <summary>The stages from the commitment point up to (not including) the delivery point, leaving out removed stages.</summary>
    public static IReadOnlyList<string> InProgressStages(StreamDefinition stream) => [.. InProgressStageList(stream).Select(s => s.Name)];

    private static IEnumerable<Stage> InProgressStageList(StreamDefinition stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var stages = stream.Workflow.Stages;
        var from = stream.EffectiveCommitmentStage;
        var to = stream.EffectiveDeliveryStage;
        for (var i = from; i < to && i < stages.Count; i++)
        {
            if (stages[i].Category is not (StageCategory.Removed or StageCategory.Backlog))
            {
                yield return stages[i];
            }
        }
    }

    /// <summary>The CFD's bands in stage order, one point per day, as <see cref="CfdView"/> shows them (cfdStart, cfdDone).</summary>
    public static IReadOnlyList<CfdBand> Cfd(FlowAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var cfd = CfdView.Of(analysis);
        return [.. cfd.Bands.Select((band, b) => new CfdBand(band, [.. cfd.Rows.Select(r => new DatedValue(r.Date, r.Counts[b]))]) { Hidden = cfd.IsHidden(b) })];
    }

    /// <summary>Items in progress as of the analysis instant, with their stage and age.</summary>
    public static IReadOnlyList<AgeingItem> Ageing(FlowAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return [.. analysis.Items.Where(i => i.State == ItemState.InProgress)
            .Select(i => new AgeingItem(i.Key, i.Title ?? string.Empty, i.Stage ?? "(unmapped)", i.Age ?? 0))];
    }

    /// <summary>
    /// Items in progress whose latest blocked/unblocked event up to <paramref name="asOf"/> flagged them blocked: since
    /// that event's local date, blocked for the elapsed days to <paramref name="asOf"/> (0.1 day precision), with the
    /// event's value as the reason.
    /// </summary>
    /// <param name="analysis">The analysis (its items in the same order as <paramref name="histories"/>).</param>
    /// <param name="histories">The histories it was computed from.</param>
    /// <param name="asOf">The analysis' as-of instant.</param>
    /// <param name="zone">The stream's zone.</param>
    public static IReadOnlyList<BlockedItem> Blocked(
        FlowAnalysis analysis, IReadOnlyList<ItemHistory> histories, DateTimeOffset asOf, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(histories);
        var aligned = analysis.Items.Count == histories.Count;
        ILookup<string, ItemHistory>? byKey = null;
        var result = new List<BlockedItem>();
        for (var i = 0; i < analysis.Items.Count; i++)
        {
            var item = analysis.Items[i];
            if (item.State != ItemState.InProgress)
            {
                continue;
            }

            ItemHistory? history;
            if (aligned && string.Equals(histories[i].Item.Key, item.Key, StringComparison.Ordinal))
            {
                history = histories[i];
            }
            else
            {
                byKey ??= histories.ToLookup(h => h.Item.Key, StringComparer.Ordinal);
                history = byKey[item.Key].FirstOrDefault();
            }

            var flag = history is null ? null : BlockedFlag.Current(history.Events, asOf);
            if (flag is not null)
            {
                var days = Math.Round((asOf - flag.At).TotalDays, 1, MidpointRounding.AwayFromZero);
                result.Add(new BlockedItem(
                    item.Key, item.Title ?? string.Empty, item.Stage ?? "(unmapped)", new StreamCalendar(zone).DateOf(flag.At), days,
                    string.IsNullOrEmpty(flag.Value) ? null : flag.Value));
            }
        }

        return result;
    }

    /// <summary>Flow efficiency of each stage where time was spent.</summary>
    public static IReadOnlyList<StageValue> EfficiencyByStage(FlowAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return [.. analysis.FlowEfficiency.ByStage.Where(s => s.Efficiency is not null).Select(s => new StageValue(s.Stage, s.Efficiency!.Value))];
    }

    /// <summary>The value stream map's stages: median active and waiting days and the share of items that entered.</summary>
    public static IReadOnlyList<ChartVsmStage> ValueStream(FlowAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return [.. analysis.ValueStreamMap.Stages.Select(s =>
            new ChartVsmStage(s.Stage, s.MedianActiveDays ?? 0, s.MedianWaitingDays ?? 0, s.ShareEntered ?? 0))];
    }

    /// <summary>A total over <paramref name="items"/> items as a mean per item (0 without items).</summary>
    /// <remarks>The map's lead-time bar sits beside per-stage medians, so it shows the mean item's lead and active time.</remarks>
    public static double PerItem(double? total, int items) => total is { } t && items > 0 ? t / items : 0;

    /// <summary>Stages where completed items waited: median wait per item that entered, total waiting item-days, items.</summary>
    public static IReadOnlyList<StageWait> StageWaits(FlowAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var map = analysis.ValueStreamMap.Stages.ToDictionary(s => s.Stage, StringComparer.Ordinal);
        return [.. analysis.FlowEfficiency.ByStage
            .Where(s => s.WaitingDays > 0)
            .Select(s => map.TryGetValue(s.Stage, out var m)
                ? new StageWait(s.Stage, m.MedianWaitingDays ?? 0, s.WaitingDays, m.ItemsEntered)
                : new StageWait(s.Stage, 0, s.WaitingDays, 0))];
    }

    /// <summary>
    /// Waste per stage and category in item-days: "waiting" (waiting time that was not blocked), "blocked", "abandoned",
    /// "beyond SLE" (age over the SLE of items in progress) and "over WIP limit" (item-days above a stage's limit);
    /// the stream's rework time (not split by stage) under the stage "(rework)".
    /// </summary>
    public static IReadOnlyList<WasteEntry> Waste(FlowAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var entries = new List<WasteEntry>();
        foreach (var s in analysis.Waste.ByStage)
        {
            Add(s.Stage, "waiting", s.WaitingDays - s.BlockedDays);
            Add(s.Stage, "blocked", s.BlockedDays);
            Add(s.Stage, "abandoned", s.AbandonedDays);
            Add(s.Stage, "beyond SLE", s.AgeingExcessDays);
            Add(s.Stage, "over WIP limit", s.ExcessItemDays);
        }

        Add("(rework)", "rework", analysis.Waste.Stream.ReworkDays);
        return entries;

        void Add(string stage, string category, double days)
        {
            if (days > 1e-9)
            {
                entries.Add(new WasteEntry(stage, category, Math.Round(days, 2)));
            }
        }
    }

    /// <summary>Data-quality checks the report does not raise as warnings (see <see cref="Warnings"/>).</summary>
    public static IReadOnlySet<string> NotReportWarnings { get; } = new HashSet<string>(StringComparer.Ordinal) { "future-events", "backward-moves", "reopened" };

    /// <summary>Data-quality warnings: unmapped statuses, then each check that found something (except <see cref="NotReportWarnings"/>).</summary>
    public static List<DataQualityWarning> Warnings(FlowAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var warnings = new List<DataQualityWarning>();
        foreach (var s in analysis.Quality.UnmappedStatuses)
        {
            warnings.Add(new DataQualityWarning("unmapped-status", $"Status '{s.Status}' maps to no stage of the workflow.", s.Items));
        }

        // The "unmapped-status" finding repeats the per-status lines above as one total. A report is of a period: events
        // after its as-of are that period's future, not clock skew; rework (backward moves, reopened items) is a flow
        // figure of the waste section, not a data-quality problem. `pmoflow quality` still lists all of them.
        foreach (var f in analysis.Quality.Findings.Where(f => f.Items > 0
                     && !NotReportWarnings.Contains(f.Check)
                     && !(f.Check == "unmapped-status" && analysis.Quality.UnmappedStatuses.Count > 0)))
        {
            var examples = f.Examples.Count > 0 ? $" Examples: {string.Join(", ", f.Examples)}." : string.Empty;
            warnings.Add(new DataQualityWarning(f.Check, f.Description.TrimEnd('.') + "." + examples, f.Items));
        }

        return warnings;
    }

}
