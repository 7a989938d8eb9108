using Npgsql;
using NpgsqlTypes;
using PmoFlow.Core.Events;

namespace PmoFlow.Storage;

/// <summary>The bulk statements of <see cref="EventStore.WriteBatchAsync"/>, each run inside the caller's transaction.</summary>
internal static class BatchWriter
{
    /// <summary>Copies events into a staging table and inserts the new ones; returns how many were inserted.</summary>
    public static async Task<int> InsertEventsAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, long runId, IReadOnlyList<FlowEvent> events, CancellationToken ct)
    {
        await ExecuteAsync(conn, tx, """
            CREATE TEMP TABLE stage_events (
                source text, item_key text, event_key text, at timestamptz, kind smallint,
                from_status text, to_status text, field text, value text
            ) ON COMMIT DROP
            """, ct);

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY stage_events (source, item_key, event_key, at, kind, from_status, to_status, field, value) FROM STDIN (FORMAT BINARY)",
            ct))
        {
            foreach (var e in events)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(e.Source, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.ItemKey, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.EventKey, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.At.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync((short)e.Kind, NpgsqlDbType.Smallint, ct);
                await WriteTextAsync(copy, e.FromStatus, ct);
                await WriteTextAsync(copy, e.ToStatus, ct);
                await WriteTextAsync(copy, e.Field, ct);
                await WriteTextAsync(copy, e.Value, ct);
            }

            await copy.CompleteAsync(ct);
        }

        // Key order makes index insertion sequential and stores each item's events together on disk. In the
        // freshly copied staging table ctid is the copy order, so of two rows with one key the first one wins.
        await using var insert = new NpgsqlCommand("""
            INSERT INTO events (source, item_key, event_key, at, kind, from_status, to_status, field, value, run_id)
            SELECT source, item_key, event_key, at, kind, from_status, to_status, field, value, $1
            FROM stage_events
            ORDER BY source, item_key, event_key, ctid
            ON CONFLICT ON CONSTRAINT events_identity DO NOTHING
            """, conn, tx);
        insert.Parameters.Add(new NpgsqlParameter { Value = runId });
        return await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Upserts the batch's items; per key a later non-null type/title/parent/value wins and the earliest known
    /// creation instant is kept. Returns the number of items inserted or changed: an item that would not change
    /// is not rewritten, so re-importing the same data writes nothing.
    /// </summary>
    public static async Task<int> UpsertItemsAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<WorkItem> items, CancellationToken ct)
    {
        await ExecuteAsync(conn, tx, """
            CREATE TEMP TABLE stage_items (
                ord integer, source text, key text, type text, title text, created timestamptz, parent text,
                business_value numeric, labels text[]
            ) ON COMMIT DROP
            """, ct);

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY stage_items (ord, source, key, type, title, created, parent, business_value, labels) FROM STDIN (FORMAT BINARY)",
            ct))
        {
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(i, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(item.Source, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(item.Key, NpgsqlDbType.Text, ct);
                await WriteTextAsync(copy, item.Type, ct);
                await WriteTextAsync(copy, item.Title, ct);
                if (item.Created is { } created)
                {
                    await copy.WriteAsync(created.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                }
                else
                {
                    await copy.WriteNullAsync(ct);
                }

                await WriteTextAsync(copy, item.Parent, ct);
                if (item.BusinessValue is { } value)
                {
                    await copy.WriteAsync(value, NpgsqlDbType.Numeric, ct);
                }
                else
                {
                    await copy.WriteNullAsync(ct);
                }

                if (item.Labels is { } labels)
                {
                    await copy.WriteAsync(labels.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                }
                else
                {
                    await copy.WriteNullAsync(ct);
                }
            }

            await copy.CompleteAsync(ct);
        }

        // Folded per key first: ON CONFLICT DO UPDATE may not touch one row twice in a statement. The latest label set
        // of a key comes from DISTINCT ON (array_agg cannot collect arrays of different lengths).
        await using var upsert = new NpgsqlCommand("""
            WITH latest_labels AS (
                SELECT DISTINCT ON (source, key) source, key, labels
                FROM stage_items WHERE labels IS NOT NULL
                ORDER BY source, key, ord DESC
            )
            INSERT INTO work_items AS w (source, key, type, title, created, parent, business_value, labels, updated_at)
            SELECT s.source, s.key,
                   (array_agg(s.type ORDER BY s.ord DESC) FILTER (WHERE s.type IS NOT NULL))[1],
                   (array_agg(s.title ORDER BY s.ord DESC) FILTER (WHERE s.title IS NOT NULL))[1],
                   min(s.created),
                   (array_agg(s.parent ORDER BY s.ord DESC) FILTER (WHERE s.parent IS NOT NULL))[1],
                   (array_agg(s.business_value ORDER BY s.ord DESC) FILTER (WHERE s.business_value IS NOT NULL))[1],
                   ll.labels,
                   now()
            FROM stage_items s LEFT JOIN latest_labels ll ON ll.source = s.source AND ll.key = s.key
            GROUP BY s.source, s.key, ll.labels
            ON CONFLICT (source, key) DO UPDATE SET
                type = COALESCE(EXCLUDED.type, w.type),
                title = COALESCE(EXCLUDED.title, w.title),
                created = LEAST(w.created, EXCLUDED.created),
                parent = COALESCE(EXCLUDED.parent, w.parent),
                business_value = COALESCE(EXCLUDED.business_value, w.business_value),
                labels = COALESCE(EXCLUDED.labels, w.labels),
                updated_at = now()
            WHERE (w.type, w.title, w.created, w.parent, w.business_value, w.labels) IS DISTINCT FROM
                  (COALESCE(EXCLUDED.type, w.type), COALESCE(EXCLUDED.title, w.title), LEAST(w.created, EXCLUDED.created),
                   COALESCE(EXCLUDED.parent, w.parent), COALESCE(EXCLUDED.business_value, w.business_value),
                   COALESCE(EXCLUDED.labels, w.labels))
            """, conn, tx);
        return await upsert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Stores quarantine rows; returns how many.</summary>
    public static async Task<int> InsertQuarantineAsync(
        NpgsqlConnection conn, long runId, IReadOnlyList<QuarantineRecord> records, CancellationToken ct)
    {
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY quarantine (source, location, raw, reason, run_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var q in records)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(q.Source, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(WithoutNul(q.Location), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(WithoutNul(q.Raw), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(WithoutNul(q.Reason), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(runId, NpgsqlDbType.Bigint, ct);
            }

            await copy.CompleteAsync(ct);
        }

        return records.Count;
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);

    // Quarantine keeps malformed input, which may hold NUL characters PostgreSQL text cannot store.
    private static string WithoutNul(string text) =>
        text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', '\uFFFD') : text;

    private static async Task ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
