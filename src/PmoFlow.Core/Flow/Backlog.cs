namespace PmoFlow.Core.Flow;

/// <summary>
/// The open backlog: items not done, abandoned or removed as of the analysis instant (in the backlog or in progress).
/// The one definition the demo, <c>forecast when</c>, the report, the dashboard and the jobs count.
/// </summary>
public static class Backlog
{
    /// <summary>Whether an item is open: in the backlog or in progress.</summary>
    public static bool IsOpen(ItemMetrics item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.State is ItemState.Backlog or ItemState.InProgress;
    }

    /// <summary>The open items of an analysis, optionally of one work item type (case-insensitive).</summary>
    public static IEnumerable<ItemMetrics> OpenItems(FlowAnalysis analysis, string? type = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Items.Where(i => IsOpen(i) && (type is null || string.Equals(i.Type, type, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>How many items are open (optionally of one type).</summary>
    public static int Open(FlowAnalysis analysis, string? type = null) => OpenItems(analysis, type).Count();

    /// <summary>Items in progress (started, not done, not removed) as of the analysis instant: the current WIP.</summary>
    public static int InProgress(FlowAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Items.Count(i => i.State == ItemState.InProgress);
    }
}
