using PmoFlow.Reporting.Charts;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Rendering;

namespace PmoFlow.Reporting.Tables;

/// <summary>A blocked item, for the blocked-items table.</summary>
/// <param name="Key">The tracker key.</param>
/// <param name="Title">The tracker title.</param>
/// <param name="Stage">The stage it is blocked in.</param>
/// <param name="BlockedSince">The local date it was flagged.</param>
/// <param name="BlockedDays">How long it has been blocked, in days.</param>
/// <param name="Reason">The flag's reason or comment, if the tracker gives one.</param>
public readonly record struct BlockedItem(string Key, string Title, string Stage, DateOnly BlockedSince, double BlockedDays, string? Reason = null);

/// <summary>Waiting time in one stage, for the longest-waiting-stages table.</summary>
/// <param name="Stage">The stage's name.</param>
/// <param name="MedianWaitDays">Median waiting time per item that entered the stage, in days.</param>
/// <param name="TotalWaitDays">Total item-days of waiting in the stage over the period.</param>
/// <param name="Items">How many items waited in it.</param>
public readonly record struct StageWait(string Stage, double MedianWaitDays, double TotalWaitDays, int Items);

/// <summary>The report's standard tables.</summary>
public static class ReportTables
{
    /// <summary>
    /// Items in progress whose age is greater than the SLE, oldest first (ties by key).
    /// Columns: Key, Title, Stage, Age (days), Days over SLE.
    /// </summary>
    public static ReportTable ItemsBeyondSle(IEnumerable<AgeingItem> items, double sleDays, string id = "items-beyond-sle")
    {
        ArgumentNullException.ThrowIfNull(items);
        var rows = items
            .Where(i => i.AgeDays > sleDays)
            .OrderByDescending(i => i.AgeDays)
            .ThenBy(i => i.Key, StringComparer.Ordinal)
            .Select(i => (IReadOnlyList<string?>)[i.Key, i.Title, i.Stage, FigureFormat.Cell(i.AgeDays), FigureFormat.Cell(i.AgeDays - sleDays)])
            .ToList();
        return new ReportTable(
            id,
            $"Items beyond the SLE ({FigureFormat.Cell(sleDays)} days)",
            [new("Key"), new("Title"), new("Stage"), new("Age (days)", ColumnKind.Number), new("Days over SLE", ColumnKind.Number)],
            rows,
            "No item in progress is older than the SLE.");
    }

    /// <summary>Blocked items, longest blocked first. Columns: Key, Title, Stage, Blocked since, Blocked (days), Reason.</summary>
    public static ReportTable BlockedItems(IEnumerable<BlockedItem> items, string id = "blocked-items")
    {
        ArgumentNullException.ThrowIfNull(items);
        var rows = items
            .OrderByDescending(i => i.BlockedDays)
            .ThenBy(i => i.Key, StringComparer.Ordinal)
            .Select(i => (IReadOnlyList<string?>)
                [i.Key, i.Title, i.Stage, FigureFormat.Date(i.BlockedSince), FigureFormat.Cell(i.BlockedDays), i.Reason])
            .ToList();
        return new ReportTable(
            id,
            "Blocked items",
            [new("Key"), new("Title"), new("Stage"), new("Blocked since", ColumnKind.Date), new("Blocked (days)", ColumnKind.Number), new("Reason")],
            rows,
            "No item is blocked.");
    }

    /// <summary>
    /// The stages where items waited longest, by total waiting item-days (then median), at most <paramref name="top"/>.
    /// Columns: Stage, Median wait (days), Total wait (item-days), Items.
    /// </summary>
    public static ReportTable LongestWaitingStages(IEnumerable<StageWait> stages, int top = 10, string id = "longest-waiting-stages")
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        var rows = stages
            .OrderByDescending(s => s.TotalWaitDays)
            .ThenByDescending(s => s.MedianWaitDays)
            .Take(top)
            .Select(s => (IReadOnlyList<string?>)
                [s.Stage, FigureFormat.Cell(s.MedianWaitDays), FigureFormat.Cell(s.TotalWaitDays), s.Items.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            .ToList();
        return new ReportTable(
            id,
            "Longest-waiting stages",
            [new("Stage"), new("Median wait (days)", ColumnKind.Number), new("Total wait (item-days)", ColumnKind.Number), new("Items", ColumnKind.Number)],
            rows,
            "No waiting time recorded.");
    }
}
