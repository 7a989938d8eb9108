using Npgsql;
using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Configuration;
using PmoFlow.Ingestion.Csv;
using PmoFlow.Storage;
using PmoFlow.Storage.Reading;

namespace PmoFlow.Ingestion.Analysis;

/// <summary>
/// Feeds a stream's items and events to the flow analysis, from PostgreSQL (streamed in item order) or straight
/// from CSV files (no database involved). Every host (CLI, server, jobs) loads streams through here.
/// </summary>
public static class StreamLoader
{
    /// <summary>Analyses a stream from the database: its sources' events are streamed item by item.</summary>
    public static Task<FlowAnalysis> AnalyzeFromDatabaseAsync(
        PmoFlowDatabase database, PmoFlowConfig config, StreamConfig stream, FlowQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        return AnalyzeFromDatabaseAsync(database.DataSource, config, stream, query, ct);
    }

    /// <summary>Analyses a stream from the database behind <paramref name="dataSource"/> (hosts that hold only a data source).</summary>
    public static async Task<FlowAnalysis> AnalyzeFromDatabaseAsync(
        NpgsqlDataSource dataSource, PmoFlowConfig config, StreamConfig stream, FlowQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(stream);
        var sources = SourceNames(config, stream);
        var reader = new EventReader(dataSource);
        var items = await ReadItemsAsync(reader, sources, ct);
        var seen = new HashSet<(string, string)>();
        var events = reader.ReadEventsAsync(sources, ct).ToBlockingEnumerable(ct);
        var histories = ItemHistory.GroupOrdered(events, (source, key) =>
        {
            seen.Add((source, key));
            return items.GetValueOrDefault((source, key));
        });
        return FlowAnalyzer.Analyze(stream.Definition, histories.Concat(ItemsWithoutEvents(items, seen)), query);
    }

    /// <summary>
    /// Reads a stream's histories into memory, one per item: the stored items in key order (each with its events,
    /// possibly none), then items known only from events, by key then source. For callers that analyse the same
    /// stream at several as-of instants or build reports (the same order as the dashboard's loader, so reports agree).
    /// </summary>
    /// <remarks>Events dated after a later query's as-of instant are ignored by the analysis, so one load serves any as-of.</remarks>
    public static async Task<IReadOnlyList<ItemHistory>> LoadHistoriesAsync(
        NpgsqlDataSource dataSource, PmoFlowConfig config, StreamConfig stream, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(stream);
        var sources = SourceNames(config, stream);
        var reader = new EventReader(dataSource);
        var items = await reader.ReadWorkItemsAsync(sources, ct);
        var byItem = new Dictionary<(string Source, string Key), List<FlowEvent>>();
        List<FlowEvent>? current = null;
        await foreach (var e in reader.ReadEventsAsync(sources, ct))
        {
            // Events arrive grouped by item, so the dictionary is touched once per item, not once per event.
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

    /// <summary>
    /// Reads CSV files straight into memory (no database): the events file, and the items file when given. Rows that
    /// cannot be read are returned as quarantine records so the caller can show them.
    /// </summary>
    public static (IReadOnlyList<WorkItem> Items, IReadOnlyList<FlowEvent> Events, IReadOnlyList<QuarantineRecord> Rejected) LoadFromFiles(
        PmoFlowConfig config, StreamConfig stream, string eventsPath, string? itemsPath)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(stream);
        // Use the stream's (first) csv source for the column mapping and source name, so the files read like an import.
        var source = config.SourcesOf(stream).FirstOrDefault(s => s.Csv is not null);
        var name = source?.Name ?? (stream.Definition.Sources.Count > 0 ? stream.Definition.Sources[0] : "file");
        var zone = source?.TimeZone is { } z ? TimeZoneInfo.FindSystemTimeZoneById(z) : stream.Definition.TimeZone;
        var reader = new CsvEventReader(name, zone, limits: config.Limits, timestampFormat: source?.Csv?.TimestampFormat);
        var items = new List<WorkItem>();
        var events = new List<FlowEvent>();
        var rejected = new List<QuarantineRecord>();
        if (itemsPath is not null)
        {
            foreach (var b in reader.ReadItems(itemsPath, source?.Csv?.ItemColumns, source?.Csv?.Delimiter ?? ","))
            {
                items.AddRange(b.Items);
                rejected.AddRange(b.Quarantined);
            }
        }

        var known = items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var b in reader.ReadEvents(eventsPath, source?.Csv?.EventColumns, source?.Csv?.Delimiter ?? ","))
        {
            events.AddRange(b.Events);
            rejected.AddRange(b.Quarantined);
            // Item facts carried on event rows (type, title, created_at) when there is no items file entry.
            items.AddRange(b.Items.Where(i => known.Add(i.Key)));
        }

        return (items, events, rejected);
    }

    /// <summary>The source names a stream reads (all sources when it names none).</summary>
    public static IReadOnlyList<string> SourceNames(PmoFlowConfig config, StreamConfig stream)
    {
        ArgumentNullException.ThrowIfNull(config);
        return [.. config.SourcesOf(stream).Select(s => s.Name)];
    }

    /// <summary>Builds the flow query for an as-of instant, a window and option overrides.</summary>
    public static FlowQuery Query(DateTimeOffset asOf, DateOnly? from, DateOnly? to, FlowOptions? options) =>
        new() { AsOf = asOf, From = from, To = to, Options = options };

    private static async Task<Dictionary<(string, string), WorkItem>> ReadItemsAsync(EventReader reader, IReadOnlyList<string> sources, CancellationToken ct)
    {
        var items = new Dictionary<(string, string), WorkItem>();
        foreach (var item in await reader.ReadWorkItemsAsync(sources, ct))
        {
            items[(item.Source, item.Key)] = item;
        }

        return items;
    }

    private static IEnumerable<ItemHistory> ItemsWithoutEvents(Dictionary<(string, string), WorkItem> items, HashSet<(string, string)> seen)
    {
        foreach (var (key, item) in items)
        {
            if (!seen.Contains(key))
            {
                yield return new ItemHistory(item, []);
            }
        }
    }
}
