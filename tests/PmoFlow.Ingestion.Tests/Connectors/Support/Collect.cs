using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Connectors;

namespace PmoFlow.Ingestion.Tests.Connectors.Support;

/// <summary>Reads a connector to the end, like the event store would: batches in order, events deduplicated by identity.</summary>
public sealed class FakeStore
{
    public Dictionary<(string Item, string Key), FlowEvent> Events { get; } = [];

    public Dictionary<string, WorkItem> Items { get; } = [];

    public List<QuarantineRecord> Quarantined { get; } = [];

    public string? Cursor { get; private set; }

    public int Batches { get; private set; }

    /// <summary>Commits one batch; returns how many of its events were new.</summary>
    public int Commit(IngestBatch batch)
    {
        var added = 0;
        foreach (var e in batch.Events)
        {
            if (Events.TryAdd((e.ItemKey, e.EventKey), e))
            {
                added++;
            }
        }

        foreach (var i in batch.Items)
        {
            Items[i.Key] = i;
        }

        Quarantined.AddRange(batch.Quarantined);
        Cursor = batch.CursorAfter ?? Cursor;
        Batches++;
        return added;
    }

    /// <summary>Reads everything from the saved cursor; returns the number of new events.</summary>
    public async Task<int> IngestAsync(ITrackerConnector connector, int? maxBatches = null, CancellationToken cancellationToken = default)
    {
        var added = 0;
        var taken = 0;
        await foreach (var batch in connector.ReadAsync(Cursor, null, cancellationToken))
        {
            added += Commit(batch);
            if (++taken == maxBatches)
            {
                break;
            }
        }

        return added;
    }

    public IEnumerable<FlowEvent> Of(EventKind kind) => Events.Values.Where(e => e.Kind == kind);

    /// <summary>Status targets per item, ordered by instant then event key (as a timeline would read them).</summary>
    public Dictionary<string, List<string?>> StatusSequences() => Of(EventKind.Status)
        .GroupBy(e => e.ItemKey)
        .ToDictionary(g => g.Key, g => g.OrderBy(e => e.At).ThenBy(e => NumericPrefix(e.EventKey)).ThenBy(e => e.EventKey, StringComparer.Ordinal).Select(e => e.ToStatus).ToList());

    private static long NumericPrefix(string key)
    {
        var digits = new string([.. key.TakeWhile(char.IsAsciiDigit)]);
        return digits.Length is > 0 and < 19 ? long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) : long.MaxValue;
    }
}
