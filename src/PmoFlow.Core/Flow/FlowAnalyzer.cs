using PmoFlow.Core.Events;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>The entry points of the flow metrics: timelines, §3 metrics, waste, value stream map and data quality.</summary>
/// <remarks>
/// Pure: no I/O and no clock (the query carries the as-of instant). Every call works on its own state, so calls
/// may run in parallel. Empty input gives "no data" figures (nulls and empty series), never zeros or exceptions.
/// </remarks>
public static class FlowAnalyzer
{
    /// <summary>
    /// Analyses items and events held in memory. Events may come in any order and may repeat (the same item key,
    /// event key and instant count once); events of items not listed create bare items.
    /// </summary>
    /// <param name="stream">The value stream: workflow, zone, points and options.</param>
    /// <param name="items">Work items, in the order the result lists them (items known only from events follow, by key).</param>
    /// <param name="events">Their events, any order.</param>
    /// <param name="query">As-of instant, window (local dates, both ends included) and overrides.</param>
    public static FlowAnalysis Analyze(StreamDefinition stream, IEnumerable<WorkItem> items, IEnumerable<FlowEvent> events, FlowQuery query)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(query);
        return Analyze(stream, Histories(stream, items, events), query);
    }

    /// <summary>
    /// Groups items and events held in memory into one history per item, the order <see cref="Analyze(StreamDefinition, IEnumerable{WorkItem}, IEnumerable{FlowEvent}, FlowQuery)"/>
    /// uses: the listed items first (in their order, each once), then items known only from events by source and key.
    /// Items and events of sources outside the stream are left out.
    /// </summary>
    public static IReadOnlyList<ItemHistory> Histories(StreamDefinition stream, IEnumerable<WorkItem> items, IEnumerable<FlowEvent> events)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(events);
        var byItem = new Dictionary<(string Source, string Key), List<FlowEvent>>();
        foreach (var e in events)
        {
            if (!InStream(stream, e.Source))
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
            if (InStream(stream, item.Source) && seen.Add((item.Source, item.Key)))
            {
                histories.Add(new ItemHistory(item, byItem.TryGetValue((item.Source, item.Key), out var l) ? l : []));
            }
        }

        foreach (var ((source, key), list) in byItem
                     .Where(kv => !seen.Contains(kv.Key))
                     .OrderBy(kv => kv.Key.Source, StringComparer.Ordinal)
                     .ThenBy(kv => kv.Key.Key, StringComparer.Ordinal))
        {
            histories.Add(new ItemHistory(new WorkItem(source, key), list));
        }

        return histories;
    }

    /// <summary>
    /// Analyses the streamed form: one history per item (e.g. from <see cref="ItemHistory.GroupOrdered"/> over a
    /// database reader), consumed one at a time; memory grows with items, not events.
    /// </summary>
    public static FlowAnalysis Analyze(StreamDefinition stream, IEnumerable<ItemHistory> histories, FlowQuery query)
    {
        ArgumentNullException.ThrowIfNull(histories);
        var acc = CreateAccumulator(stream, query);
        var converter = new EventConverter(acc, query.AsOf.UtcTicks);
        foreach (var h in histories)
        {
            if (InStream(stream, h.Item.Source))
            {
                converter.AddTo(h.Item, h.Events);
            }
        }

        return acc.Complete();
    }

    /// <summary>
    /// Analyses histories that arrive asynchronously (a database reader), one at a time: memory grows with items, not
    /// events, and no thread blocks while rows are read.
    /// </summary>
    public static async Task<FlowAnalysis> AnalyzeAsync(
        StreamDefinition stream, IAsyncEnumerable<ItemHistory> histories, FlowQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(histories);
        var acc = CreateAccumulator(stream, query);
        var converter = new EventConverter(acc, query.AsOf.UtcTicks);
        await foreach (var h in histories.WithCancellation(ct).ConfigureAwait(false))
        {
            if (InStream(stream, h.Item.Source))
            {
                converter.AddTo(h.Item, h.Events);
            }
        }

        return acc.Complete();
    }

    /// <summary>
    /// Starts an analysis fed with compact items and events (statuses interned through
    /// <see cref="FlowAccumulator.Statuses"/>): the allocation-free path for large volumes.
    /// </summary>
    /// <param name="stream">The value stream.</param>
    /// <param name="query">As-of instant, window and overrides.</param>
    /// <param name="expectedItems">Capacity hint (0 when unknown).</param>
    public static FlowAccumulator CreateAccumulator(StreamDefinition stream, FlowQuery query, int expectedItems = 0)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(query);
        return new FlowAccumulator(stream, query, expectedItems);
    }

    private static bool InStream(StreamDefinition stream, string source) =>
        stream.Sources.Count == 0 || stream.Sources.Contains(source, StringComparer.OrdinalIgnoreCase);
}
