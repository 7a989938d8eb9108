using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;

namespace PmoFlow.Core.Value;

/// <summary>The value inputs taken from a stream's flow analysis, and the items left out of them.</summary>
/// <param name="Items">One <see cref="ValueItem"/> per item that can still deliver value (done, in progress or in the backlog).</param>
/// <param name="Abandoned">Keys of items abandoned after start: they will never deliver value, so they are left out.</param>
/// <param name="RemovedBeforeStart">Keys of items removed before they started, left out for the same reason.</param>
/// <param name="WithoutWorkItem">Keys known only from events (no work item row): no parent or business value for them.</param>
public sealed record FlowValueInputs(
    IReadOnlyList<ValueItem> Items,
    IReadOnlyList<string> Abandoned,
    IReadOnlyList<string> RemovedBeforeStart,
    IReadOnlyList<string> WithoutWorkItem);

/// <summary>Maps a stream's flow timelines (<see cref="FlowAnalysis"/>) to the value core's <see cref="ValueItem"/>s.</summary>
/// <remarks>
/// <para>
/// Each item's created, value-point and Done instants become local calendar dates in the stream's time zone
/// (METRICS §1: a day is a local date). Parent, business value and the raw type come from the work item (the flow
/// analysis keeps only the mapped type); items are matched by key, so keys must be unique within the stream (the
/// first work item of a repeated key wins).
/// </para>
/// <para>
/// Abandoned items and items removed before start are left out: they will never reach the value point, and keeping
/// them would hold an initiative's time to last value open forever. They are listed in the result. Pure and
/// thread-safe.
/// </para>
/// </remarks>
public static class FlowValueItems
{
    /// <summary>Builds the value items of a flow analysis.</summary>
    /// <param name="analysis">The stream's flow analysis.</param>
    /// <param name="workItems">The stream's work items (parent, business value, raw type).</param>
    /// <param name="zone">The stream's time zone, in which instants become local dates.</param>
    public static FlowValueInputs From(FlowAnalysis analysis, IEnumerable<WorkItem> workItems, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(workItems);
        ArgumentNullException.ThrowIfNull(zone);
        var byKey = new Dictionary<string, WorkItem>(StringComparer.Ordinal);
        foreach (var w in workItems)
        {
            byKey.TryAdd(w.Key, w);
        }

        var items = new List<ValueItem>(analysis.Items.Count);
        var abandoned = new List<string>();
        var removed = new List<string>();
        var bare = new List<string>();
        foreach (var m in analysis.Items)
        {
            switch (m.State)
            {
                case ItemState.Abandoned:
                    abandoned.Add(m.Key);
                    continue;
                case ItemState.RemovedBeforeStart:
                    removed.Add(m.Key);
                    continue;
            }

            byKey.TryGetValue(m.Key, out var w);
            if (w is null)
            {
                bare.Add(m.Key);
            }

            items.Add(new ValueItem(
                m.Key,
                Type: w?.Type ?? m.Type,
                ParentKey: string.IsNullOrWhiteSpace(w?.Parent) ? null : w.Parent.Trim(),
                Labels: w?.Labels,
                BusinessValue: w?.BusinessValue,
                Created: LocalDate(m.Created ?? w?.Created, zone),
                ValueReached: LocalDate(m.ValuePoint, zone),
                Completed: m.State == ItemState.Done ? LocalDate(m.Done, zone) : null));
        }

        return new FlowValueInputs(items, abandoned, removed, bare);
    }

    /// <summary>The local calendar date of an instant in a zone; null for null.</summary>
    public static DateOnly? LocalDate(DateTimeOffset? instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return instant is { } i ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(i, zone).DateTime) : null;
    }
}
