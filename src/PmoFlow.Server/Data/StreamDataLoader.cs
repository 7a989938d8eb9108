using Npgsql;
using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Ingestion.Configuration;
using PmoFlow.Storage.Reading;

namespace PmoFlow.Server.Data;

/// <summary>Reads one value stream's work items and events from PostgreSQL as one history per item.</summary>
/// <remarks>Thread-safe; each call uses its own pooled connections.</remarks>
public sealed class StreamDataLoader(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The histories of the stream's sources: stored items in key order (each with its events, possibly none), then
    /// items known only from events. Events are streamed from the server and grouped as they arrive.
    /// </summary>
    public async Task<IReadOnlyList<ItemHistory>> LoadAsync(PmoFlowConfig config, StreamConfig stream, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(stream);
        var sources = config.SourcesOf(stream).Select(s => s.Name).ToList();
        var reader = new EventReader(dataSource);
        var items = await reader.ReadWorkItemsAsync(sources, ct).ConfigureAwait(false);
        var byItem = new Dictionary<(string Source, string Key), List<FlowEvent>>();
        List<FlowEvent>? current = null;
        await foreach (var e in reader.ReadEventsAsync(sources, ct).ConfigureAwait(false))
        {
            // Events arrive ordered by item, so the dictionary is touched once per item, not once per event.
            if (current is null || current[0].ItemKey != e.ItemKey || current[0].Source != e.Source)
            {
                if (!byItem.TryGetValue((e.Source, e.ItemKey), out current))
                {
                    current = [];
                    byItem[(e.Source, e.ItemKey)] = current;
                }
            }

            current.Add(e);
        }

        var histories = new List<ItemHistory>(Math.Max(items.Count, byItem.Count));
        var seen = new HashSet<(string, string)>();
        foreach (var item in items)
        {
            if (seen.Add((item.Source, item.Key)))
            {
                histories.Add(new ItemHistory(item, byItem.TryGetValue((item.Source, item.Key), out var list) ? list : []));
            }
        }

        histories.AddRange(byItem
            .Where(kv => !seen.Contains(kv.Key))
            .OrderBy(kv => kv.Key.Key, StringComparer.Ordinal)
            .ThenBy(kv => kv.Key.Source, StringComparer.Ordinal)
            .Select(kv => new ItemHistory(new WorkItem(kv.Key.Source, kv.Key.Key), kv.Value)));
        return histories;
    }
}
