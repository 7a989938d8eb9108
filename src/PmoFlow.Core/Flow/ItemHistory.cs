using PmoFlow.Core.Events;

namespace PmoFlow.Core.Flow;

/// <summary>One item with all its events: the unit of the streamed input (what a database reader yields in item order).</summary>
/// <param name="Item">The item's descriptive facts.</param>
/// <param name="Events">All its events, in any order (they are sorted by instant, then event key).</param>
public sealed record ItemHistory(WorkItem Item, IReadOnlyList<FlowEvent> Events)
{
    /// <summary>
    /// Groups events that arrive already ordered by item (all events of one item together) into histories, one item at
    /// a time, holding only the current item's events in memory.
    /// </summary>
    /// <param name="eventsInItemOrder">Events grouped by (source, item key); within an item any order.</param>
    /// <param name="itemLookup">Returns the item's facts for (source, key), or null to use a bare item.</param>
    public static IEnumerable<ItemHistory> GroupOrdered(
        IEnumerable<FlowEvent> eventsInItemOrder,
        Func<string, string, WorkItem?>? itemLookup = null)
    {
        ArgumentNullException.ThrowIfNull(eventsInItemOrder);
        return Iterate(eventsInItemOrder, itemLookup);
    }

    /// <summary>
    /// The one order in which every loader hands out a stream's histories: by item key, then source (ordinal). The
    /// database reader streams in this order; files and in-memory loads are sorted into it.
    /// </summary>
    public static IComparer<ItemHistory> Order { get; } = Comparer<ItemHistory>.Create((a, b) =>
    {
        var byKey = string.CompareOrdinal(a.Item.Key, b.Item.Key);
        return byKey != 0 ? byKey : string.CompareOrdinal(a.Item.Source, b.Item.Source);
    });

    private static IEnumerable<ItemHistory> Iterate(IEnumerable<FlowEvent> events, Func<string, string, WorkItem?>? itemLookup)
    {
        List<FlowEvent>? current = null;
        foreach (var e in events)
        {
            if (current is not null && (current[0].ItemKey != e.ItemKey || current[0].Source != e.Source))
            {
                yield return Make(current, itemLookup);
                current = null;
            }

            current ??= [];
            current.Add(e);
        }

        if (current is not null)
        {
            yield return Make(current, itemLookup);
        }
    }

    private static ItemHistory Make(List<FlowEvent> events, Func<string, string, WorkItem?>? itemLookup)
    {
        var source = events[0].Source;
        var key = events[0].ItemKey;
        return new ItemHistory(itemLookup?.Invoke(source, key) ?? new WorkItem(source, key), events);
    }
}
