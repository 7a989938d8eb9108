using PmoFlow.Core.Events;

namespace PmoFlow.Core.Flow;

/// <summary>Progress of one parent (epic, feature): how many of its children are in each state, and when work on them began and last finished.</summary>
/// <param name="Parent">The parent's key.</param>
/// <param name="Title">The parent's title when the parent is itself an item of the stream (raw: escape it where shown), else null.</param>
/// <param name="Raised">Children known as of the analysis instant (every state).</param>
/// <param name="Backlog">Children not started.</param>
/// <param name="InProgress">Children started and not done.</param>
/// <param name="Done">Children done.</param>
/// <param name="Removed">Children removed (abandoned after start or removed before it).</param>
/// <param name="FirstStarted">The earliest Start among the children (abandoned ones included); null when none started.</param>
/// <param name="LastFinished">The latest Done among the done children; null when none is done.</param>
public sealed record ParentProgressRow(
    string Parent, string? Title, int Raised, int Backlog, int InProgress, int Done, int Removed,
    DateTimeOffset? FirstStarted, DateTimeOffset? LastFinished);

/// <summary>
/// Progress per parent (<c>pmoflow progress</c>), as jira-agile-metrics' progress report lists epics: stories raised,
/// in backlog, in progress, done, first started and last finished.
/// </summary>
/// <remarks>
/// An item's parent is its work item's <see cref="WorkItem.Parent"/>, else the value of its latest <c>parent</c> field
/// event up to the as-of instant. States, Start and Done are the analysis' own (METRICS.md §2, under the chosen
/// conventions). Items without a parent are left out. Parents are listed by key (ordinal). Pure.
/// </remarks>
public static class ParentProgress
{
    /// <summary>The columns of the <c>progress</c> table, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["parent", "title", "raised", "backlog", "in_progress", "done", "removed", "first_started", "last_finished"];

    /// <summary>Builds one row per parent from the analysis of <paramref name="histories"/> (the same histories, same as-of).</summary>
    public static IReadOnlyList<ParentProgressRow> Build(FlowAnalysis analysis, IEnumerable<ItemHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(histories);
        var parentOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var h in histories)
        {
            if (ParentOf(h, analysis.AsOf) is { } p && !parentOf.ContainsKey(h.Item.Key))
            {
                parentOf[h.Item.Key] = p;
            }
        }

        var titles = new Dictionary<string, string?>(StringComparer.Ordinal);
        var groups = new SortedDictionary<string, List<ItemMetrics>>(StringComparer.Ordinal);
        foreach (var m in analysis.Items)
        {
            titles.TryAdd(m.Key, m.Title);
            if (parentOf.TryGetValue(m.Key, out var parent))
            {
                if (!groups.TryGetValue(parent, out var list))
                {
                    groups[parent] = list = [];
                }

                list.Add(m);
            }
        }

        return [.. groups.Select(g => new ParentProgressRow(
            g.Key,
            titles.GetValueOrDefault(g.Key),
            g.Value.Count,
            g.Value.Count(i => i.State == ItemState.Backlog),
            g.Value.Count(i => i.State == ItemState.InProgress),
            g.Value.Count(i => i.State == ItemState.Done),
            g.Value.Count(i => i.State is ItemState.Abandoned or ItemState.RemovedBeforeStart),
            g.Value.Where(i => i.Start is not null).Select(i => i.Start).Min(),
            g.Value.Where(i => i.State == ItemState.Done && i.Done is not null).Select(i => i.Done).Max()))];
    }

    /// <summary>The rows as the <c>progress</c> table.</summary>
    public static Table ToTable(IReadOnlyList<ParentProgressRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new Table("progress", Columns, [.. rows.Select(r => (IReadOnlyList<object?>)
        [
            r.Parent, r.Title, r.Raised, r.Backlog, r.InProgress, r.Done, r.Removed, FlowTables.Instant(r.FirstStarted), FlowTables.Instant(r.LastFinished),
        ])]);
    }

    private static string? ParentOf(ItemHistory h, DateTimeOffset asOf)
    {
        if (!string.IsNullOrWhiteSpace(h.Item.Parent))
        {
            return h.Item.Parent.Trim();
        }

        FlowEvent? latest = null;
        foreach (var e in h.Events)
        {
            if (e.Kind == EventKind.Field && e.At <= asOf && string.Equals(e.Field, "parent", StringComparison.OrdinalIgnoreCase)
                && (latest is null || e.At >= latest.At))
            {
                latest = e;
            }
        }

        return string.IsNullOrWhiteSpace(latest?.Value) ? null : latest.Value.Trim();
    }
}
