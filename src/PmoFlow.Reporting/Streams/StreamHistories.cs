using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;

namespace PmoFlow.Reporting.Streams;

/// <summary>Turns a stream's items and events into one history per item, in a fixed order.</summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class StreamHistories
{
    /// <summary>
    /// Groups items and events held in memory the way <see cref="FlowAnalyzer"/> does: the listed items first (in their
    /// order, each once), then items known only from events by source and key. Items and events of sources outside the
    /// stream are left out.
    /// </summary>
    public static IReadOnlyList<ItemHistory> Group(StreamDefinition stream, IEnumerable<WorkItem> items, IEnumerable<FlowEvent> events)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(events);
        var byItem = new Dictionary<(string Source, string Key), List<FlowEvent>>();
        foreach (var e in events)
        {
            if (!Includes(stream, e.Source))
            {
                continue;
            }

            if (!byItem.TryGetValue((e.Source, e.ItemKey), out var list))
            {
                list = [];
                byItem[(e.Source, e.ItemKey)] = list;
            }

            list.Add(e);
        }

        var histories = new List<ItemHistory>();
        var seen = new HashSet<(string, string)>();
        foreach (var item in items)
        {
            if (Includes(stream, item.Source) && seen.Add((item.Source, item.Key)))
            {
                histories.Add(new ItemHistory(item, byItem.TryGetValue((item.Source, item.Key), out var l) ? l : []));
            }
        }

        histories.AddRange(byItem
            .Where(kv => !seen.Contains(kv.Key))
            .OrderBy(kv => kv.Key.Source, StringComparer.Ordinal)
            .ThenBy(kv => kv.Key.Key, StringComparer.Ordinal)
            .Select(kv => new ItemHistory(new WorkItem(kv.Key.Source, kv.Key.Key), kv.Value)));
        return histories;
    }

    /// <summary>The histories of the stream's sources, materialised (so they can be analysed more than once).</summary>
    public static IReadOnlyList<ItemHistory> InStream(StreamDefinition stream, IEnumerable<ItemHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(histories);
        return [.. histories.Where(h => Includes(stream, h.Item.Source))];
    }

    /// <summary>Whether a source feeds the stream (a stream naming no source takes every source).</summary>
    public static bool Includes(StreamDefinition stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Sources.Count == 0 || stream.Sources.Contains(source, StringComparer.OrdinalIgnoreCase);
    }
}
