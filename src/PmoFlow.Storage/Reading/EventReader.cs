using System.Runtime.CompilerServices;
using Npgsql;
using PmoFlow.Core.Events;

namespace PmoFlow.Storage.Reading;

/// <summary>Reads stored events and work items back for the numeric core.</summary>
/// <remarks>Thread-safe; each call uses its own pooled connection.</remarks>
public sealed class EventReader(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Streams the events of <paramref name="sources"/> ordered by item key, source, instant and event key, so
    /// each item's events arrive together and in time order. Rows are read from the server as they are consumed.
    /// </summary>
    /// <remarks>Keep the enumeration short-lived: it holds a connection until it ends or is disposed.</remarks>
    public async IAsyncEnumerable<FlowEvent> ReadEventsAsync(
        IReadOnlyCollection<string> sources, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0)
        {
            yield break;
        }

        // One source (the usual stream): "source = $1" lets the primary key (source, item_key, event_key) hand out
        // the rows in item order, and an Incremental Sort orders each item's few events by time, so rows stream from
        // the first one in constant memory. With ANY the planner cannot use the key's order and sorts everything.
        var oneSource = sources.Count == 1;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            SELECT source, item_key, event_key, at, kind, from_status, to_status, field, value
            FROM events
            WHERE {(oneSource ? "source = $1" : "source = ANY($1)")}
            ORDER BY item_key, source, at, event_key
            """, conn);
        cmd.Parameters.Add(oneSource
            ? new NpgsqlParameter { Value = sources.First() }
            : new NpgsqlParameter { Value = sources.ToArray() });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new FlowEvent(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                (EventKind)reader.GetInt16(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8));
        }
    }

    /// <summary>The work items of <paramref name="sources"/>, ordered by key then source.</summary>
    public async Task<IReadOnlyList<WorkItem>> ReadWorkItemsAsync(IReadOnlyCollection<string> sources, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var items = new List<WorkItem>();
        if (sources.Count == 0)
        {
            return items;
        }

        await using var cmd = dataSource.CreateCommand("""
            SELECT source, key, type, title, created, parent, business_value, labels
            FROM work_items
            WHERE source = ANY($1)
            ORDER BY key, source
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = sources.ToArray() });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new WorkItem(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetDecimal(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<string[]>(7)));
        }

        return items;
    }

    /// <summary>The number of stored events of <paramref name="sources"/> (null: of every source).</summary>
    public async Task<long> CountEventsAsync(IReadOnlyCollection<string>? sources, CancellationToken ct)
    {
        await using var cmd = sources is null
            ? dataSource.CreateCommand("SELECT count(*) FROM events")
            : dataSource.CreateCommand("SELECT count(*) FROM events WHERE source = ANY($1)");
        if (sources is not null)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = sources.ToArray() });
        }

        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
