using System.Runtime.CompilerServices;
using Npgsql;
using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Csv;
using PmoFlow.Storage;
using PmoFlow.Storage.Reading;
using PmoFlow.Streams.Configuration;

namespace PmoFlow.Streams.Loading;

/// <summary>
/// The one loader of a stream's data: from PostgreSQL (streamed, asynchronously, one item at a time) or straight from
/// CSV files (no database). Every door (CLI, server, jobs) reads streams through here, and every load hands out the
/// histories in <see cref="ItemHistory.Order"/> (item key, then source), so two doors never see two orders.
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

    /// <summary>Analyses a stream from the database behind <paramref name="dataSource"/>, streaming its histories.</summary>
    public static Task<FlowAnalysis> AnalyzeFromDatabaseAsync(
        NpgsqlDataSource dataSource, PmoFlowConfig config, StreamConfig stream, FlowQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return FlowAnalyzer.AnalyzeAsync(stream.Definition, ReadHistoriesAsync(dataSource, config, stream, ct), query, ct);
    }

    /// <summary>
    /// Streams a stream's histories from the database in <see cref="ItemHistory.Order"/>: every stored item (with its
    /// events, possibly none) and every item known only from events. Holds one item's events at a time.
    /// </summary>
    public static async IAsyncEnumerable<ItemHistory> ReadHistoriesAsync(
        NpgsqlDataSource dataSource, PmoFlowConfig config, StreamConfig stream, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(stream);
        var sources = SourceNames(config, stream);
        var reader = new EventReader(dataSource);
        var items = (await reader.ReadWorkItemsAsync(sources, ct).ConfigureAwait(false)).ToList();
        items.Sort((a, b) => Compare(a.Key, a.Source, b.Key, b.Source));
        var next = 0;
        List<FlowEvent>? current = null;
        await foreach (var e in reader.ReadEventsAsync(sources, ct).ConfigureAwait(false))
        {
            if (current is not null && (current[0].ItemKey != e.ItemKey || current[0].Source != e.Source))
            {
                foreach (var h in Merge(items, ref next, current))
                {
                    yield return h;
                }

                current = null;
            }

            current ??= [];
            current.Add(e);
        }

        if (current is not null)
        {
            foreach (var h in Merge(items, ref next, current))
            {
                yield return h;
            }
        }

        for (; next < items.Count; next++)
        {
            yield return new ItemHistory(items[next], []);
        }
    }

    /// <summary>Reads a stream's histories into memory (for callers that analyse one load at several as-of instants or build reports).</summary>
    /// <remarks>Events dated after a later query's as-of instant are ignored by the analysis, so one load serves any as-of.</remarks>
    public static async Task<IReadOnlyList<ItemHistory>> LoadHistoriesAsync(
        NpgsqlDataSource dataSource, PmoFlowConfig config, StreamConfig stream, CancellationToken ct)
    {
        var histories = new List<ItemHistory>();
        await foreach (var h in ReadHistoriesAsync(dataSource, config, stream, ct).ConfigureAwait(false))
        {
            histories.Add(h);
        }

        return histories;
    }

    /// <summary>
    /// Reads CSV files straight into memory (no database), mapped and zoned exactly as <c>pmoflow import csv</c> would
    /// store them (the stream's first CSV source gives the column mapping, the source name and the zone of
    /// timestamps without an offset, <see cref="PmoFlowConfig.ZoneOf"/>). Rows that cannot be read are returned as
    /// quarantine records so the caller can show them.
    /// </summary>
    public static FileLoad LoadFromFiles(PmoFlowConfig config, StreamConfig stream, string eventsPath, string? itemsPath)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(stream);
        var source = config.SourcesOf(stream).FirstOrDefault(s => s.Csv is not null);
        var name = source?.Name ?? (stream.Definition.Sources.Count > 0 ? stream.Definition.Sources[0] : "file");
        var zone = source is not null ? config.ZoneOf(source) : stream.Definition.TimeZone;
        var reader = new CsvEventReader(name, zone);
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

        var histories = FlowAnalyzer.Histories(stream.Definition, items, events).ToList();
        histories.Sort(ItemHistory.Order);
        return new FileLoad(histories, rejected);
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

    // Items without events that sort before the event group come first; the group's own item facts are taken when stored.
    private static List<ItemHistory> Merge(List<WorkItem> items, ref int next, List<FlowEvent> events)
    {
        var key = events[0].ItemKey;
        var source = events[0].Source;
        var result = new List<ItemHistory>(1);
        while (next < items.Count && Compare(items[next].Key, items[next].Source, key, source) < 0)
        {
            result.Add(new ItemHistory(items[next++], []));
        }

        WorkItem? item = null;
        if (next < items.Count && items[next].Key == key && items[next].Source == source)
        {
            item = items[next++];
        }

        result.Add(new ItemHistory(item ?? new WorkItem(source, key), events));
        return result;
    }

    private static int Compare(string keyA, string sourceA, string keyB, string sourceB)
    {
        var byKey = string.CompareOrdinal(keyA, keyB);
        return byKey != 0 ? byKey : string.CompareOrdinal(sourceA, sourceB);
    }
}

/// <summary>What a file load read: the histories, in <see cref="ItemHistory.Order"/>, and the rows that could not be read.</summary>
/// <param name="Histories">One history per item.</param>
/// <param name="Rejected">Rows that could not be read, with file:line and the reason.</param>
public sealed record FileLoad(IReadOnlyList<ItemHistory> Histories, IReadOnlyList<QuarantineRecord> Rejected);
