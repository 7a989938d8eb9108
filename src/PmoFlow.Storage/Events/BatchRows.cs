using PmoFlow.Core.Events;

namespace PmoFlow.Storage;

/// <summary>
/// Client-side shaping of a batch before it is sent: events de-duplicated by identity and sorted by key, items
/// folded per key. Doing this in the client spares the server a sort and a grouping per batch.
/// </summary>
internal static class BatchRows
{
    /// <summary>
    /// The batch's events with one per identity (source, item key, event key), the first occurrence winning, sorted by
    /// that identity (ordinal).
    /// </summary>
    /// <remarks>
    /// Ordinal order (UTF-16 code units) equals PostgreSQL's byte order of the UTF-8 "C" collation except for
    /// characters above U+FFFF against U+E000–U+FFFF; the order only buys index locality, never correctness.
    /// Text equality is byte equality in PostgreSQL under any deterministic collation, which ordinal equality matches.
    /// </remarks>
    public static FlowEvent[] DistinctSortedEvents(IReadOnlyList<FlowEvent> events)
    {
        var rows = new FlowEvent[events.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = events[i];
        }

        // A stable sort keeps the first of two equal identities first, so "first wins" survives the sort.
        var order = new int[rows.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            var c = CompareIdentity(rows[a], rows[b]);
            return c != 0 ? c : a.CompareTo(b);
        });

        var distinct = new List<FlowEvent>(rows.Length);
        foreach (var i in order)
        {
            if (distinct.Count == 0 || CompareIdentity(distinct[^1], rows[i]) != 0)
            {
                distinct.Add(rows[i]);
            }
        }

        return [.. distinct];
    }

    /// <summary>
    /// The batch's items folded per (source, key), sorted by it: per field (labels included) the last non-null value wins, and the
    /// earliest known creation instant is kept.
    /// </summary>
    public static List<WorkItem> FoldItems(IReadOnlyList<WorkItem> items)
    {
        var byKey = new Dictionary<(string Source, string Key), WorkItem>(items.Count);
        foreach (var item in items)
        {
            byKey[(item.Source, item.Key)] = byKey.TryGetValue((item.Source, item.Key), out var earlier) ? earlier.UpdatedBy(item) : item;
        }

        var folded = byKey.Values.ToList();
        folded.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Source, b.Source);
            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        });
        return folded;
    }

    /// <summary>Up to <paramref name="count"/> rows spread evenly over <paramref name="rows"/>, first and last included.</summary>
    public static List<T> Sample<T>(IReadOnlyList<T> rows, int count)
    {
        if (rows.Count <= count)
        {
            return [.. rows];
        }

        var sample = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            sample.Add(rows[(int)((long)i * (rows.Count - 1) / (count - 1))]);
        }

        return sample;
    }

    private static int CompareIdentity(FlowEvent a, FlowEvent b)
    {
        var c = string.CompareOrdinal(a.Source, b.Source);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(a.ItemKey, b.ItemKey);
        return c != 0 ? c : string.CompareOrdinal(a.EventKey, b.EventKey);
    }
}
