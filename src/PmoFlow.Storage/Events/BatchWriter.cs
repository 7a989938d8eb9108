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
            // Synchronous writes into the importer's buffer (a flush writes to the socket only when it fills): an
            // awaited call per value costs more CPU than the value's own encoding.
            foreach (var e in events)
            {
                ct.ThrowIfCancellationRequested();
                copy.StartRow();
                copy.Write(e.Source, NpgsqlDbType.Text);
                copy.Write(e.ItemKey, NpgsqlDbType.Text);
                copy.Write(e.EventKey, NpgsqlDbType.Text);
                copy.Write(e.At.UtcDateTime, NpgsqlDbType.TimestampTz);
                copy.Write((short)e.Kind, NpgsqlDbType.Smallint);
                WriteText(copy, e.FromStatus);
                WriteText(copy, e.ToStatus);
                WriteText(copy, e.Field);
                WriteText(copy, e.Value);
            }

            await copy.CompleteAsync(ct);
        }

        // The usual case first: leave out what is stored already (an anti-join on the identity index) and insert the
        // rest plainly, which costs about a third less than ON CONFLICT's speculative insertion of every row. Key order
        // makes index insertion sequential and stores each item's events together on disk. In the freshly copied
        // staging table ctid is the copy order, so of two rows with one key the first one wins (DISTINCT ON).
        // The planner would otherwise hash the whole events table for every batch (its statistics lag far behind a
        // bulk import): probing the identity index per staged row keeps a batch's cost independent of the table's size.
        await ExecuteAsync(conn, tx, "SAVEPOINT insert_new_events; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off", ct);
        try
        {
            var inserted = await InsertAsync(conn, tx, runId, """
                INSERT INTO events (source, item_key, event_key, at, kind, from_status, to_status, field, value, run_id)
                SELECT DISTINCT ON (s.source, s.item_key, s.event_key)
                       s.source, s.item_key, s.event_key, s.at, s.kind, s.from_status, s.to_status, s.field, s.value, $1
                FROM stage_events s
                WHERE NOT EXISTS (
                    SELECT 1 FROM events e WHERE e.source = s.source AND e.item_key = s.item_key AND e.event_key = s.event_key)
                ORDER BY s.source, s.item_key, s.event_key, s.ctid
                """, ct);
            await ExecuteAsync(conn, tx, "RELEASE SAVEPOINT insert_new_events; SET LOCAL enable_hashjoin TO DEFAULT; SET LOCAL enable_mergejoin TO DEFAULT", ct);
            return inserted;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another writer stored some of these events after this transaction's snapshot: insert what is still new.
            await ExecuteAsync(conn, tx, "ROLLBACK TO SAVEPOINT insert_new_events", ct);
            return await InsertAsync(conn, tx, runId, """
                INSERT INTO events (source, item_key, event_key, at, kind, from_status, to_status, field, value, run_id)
                SELECT source, item_key, event_key, at, kind, from_status, to_status, field, value, $1
                FROM stage_events
                ORDER BY source, item_key, event_key, ctid
                ON CONFLICT ON CONSTRAINT events_identity DO NOTHING
                """, ct);
        }
    }

    private static async Task<int> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long runId, string sql, CancellationToken ct)
    {
        await using var insert = new NpgsqlCommand(sql, conn, tx);
        insert.Parameters.Add(new NpgsqlParameter { Value = runId });
        return await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Upserts the batch's items; per key a later non-null type/title/parent/value/labels wins and the earliest known
    /// creation instant is kept. Returns the number of items inserted or changed: an item that would not change
    /// is not rewritten, so re-importing the same data writes nothing.
    /// </summary>
    public static async Task<int> UpsertItemsAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<WorkItem> items, CancellationToken ct)
    {
        // Folded per key here (ON CONFLICT DO UPDATE may not touch one row twice in a statement), which is far cheaper
        // than aggregating per key on the server.
        var folded = Fold(items);
        await ExecuteAsync(conn, tx, """
            CREATE TEMP TABLE stage_items (
                source text, key text, type text, title text, created timestamptz, parent text,
                business_value numeric, labels text[]
            ) ON COMMIT DROP
            """, ct);

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY stage_items (source, key, type, title, created, parent, business_value, labels) FROM STDIN (FORMAT BINARY)",
            ct))
        {
            foreach (var item in folded)
            {
                copy.StartRow();
                copy.Write(item.Source, NpgsqlDbType.Text);
                copy.Write(item.Key, NpgsqlDbType.Text);
                WriteText(copy, item.Type);
                WriteText(copy, item.Title);
                if (item.Created is { } created)
                {
                    copy.Write(created.UtcDateTime, NpgsqlDbType.TimestampTz);
                }
                else
                {
                    copy.WriteNull();
                }

                WriteText(copy, item.Parent);
                if (item.BusinessValue is { } value)
                {
                    copy.Write(value, NpgsqlDbType.Numeric);
                }
                else
                {
                    copy.WriteNull();
                }

                if (item.Labels is { } labels)
                {
                    copy.Write(labels.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                }
                else
                {
                    copy.WriteNull();
                }
            }

            await copy.CompleteAsync(ct);
        }

        await using var upsert = new NpgsqlCommand("""
            INSERT INTO work_items AS w (source, key, type, title, created, parent, business_value, labels, updated_at)
            SELECT source, key, type, title, created, parent, business_value, labels, now()
            FROM stage_items
            ORDER BY source, key
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

    /// <summary>One item per (source, key), in first-seen order: later non-null facts win, the earliest creation is kept.</summary>
    internal static List<WorkItem> Fold(IReadOnlyList<WorkItem> items)
    {
        var index = new Dictionary<(string Source, string Key), int>(items.Count);
        var folded = new List<WorkItem>(items.Count);
        foreach (var later in items)
        {
            if (!index.TryGetValue((later.Source, later.Key), out var at))
            {
                index[(later.Source, later.Key)] = folded.Count;
                folded.Add(later);
                continue;
            }

            var earlier = folded[at];
            folded[at] = new WorkItem(
                later.Source,
                later.Key,
                later.Type ?? earlier.Type,
                later.Title ?? earlier.Title,
                earlier.Created is null ? later.Created : later.Created is null || earlier.Created <= later.Created ? earlier.Created : later.Created,
                later.Parent ?? earlier.Parent,
                later.BusinessValue ?? earlier.BusinessValue,
                later.Labels ?? earlier.Labels);
        }

        return folded;
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

    private static void WriteText(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, NpgsqlDbType.Text);
        }
    }

    // Quarantine keeps malformed input, which may hold NUL characters PostgreSQL text cannot store.
    private static string WithoutNul(string text) =>
        text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', '\uFFFD') : text;

    private static async Task ExecuteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
