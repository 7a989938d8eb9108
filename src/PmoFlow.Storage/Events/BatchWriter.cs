using Npgsql;
using NpgsqlTypes;
using PmoFlow.Core.Events;

namespace PmoFlow.Storage;

/// <summary>The bulk statements of <see cref="EventStore.WriteBatchAsync"/>, each run inside the caller's transaction.</summary>
internal static class BatchWriter
{
    // Probing this many of a batch's keys tells a batch of new events from a re-sent one for the price of a few
    // index look-ups.
    internal const int ProbeSampleSize = 16;

    private const string DirectSavepoint = "direct_events";

    private const string EventColumns = "source, item_key, event_key, at, kind, from_status, to_status, field, value";

    /// <summary>Inserts the batch's new events; returns how many were inserted.</summary>
    /// <remarks>
    /// Two paths, the same result. New events (none of a sample of the batch's keys is stored) are copied straight
    /// into <c>events</c> under a savepoint: no staging table, no per-row conflict check beyond the primary key's
    /// own. If that copy meets a stored event after all (a partly re-sent batch, or a concurrent writer), the
    /// savepoint is rolled back and the batch takes the staged path, as does a batch whose sample found stored
    /// events: binary COPY into a temporary table, then an insert of the rows the primary key does not hold yet
    /// (an anti-join, which skips a stored event with one index probe, cheaper than a speculative insertion) with
    /// <c>ON CONFLICT DO NOTHING</c> for rows a concurrent writer adds meanwhile.
    /// </remarks>
    public static async Task<int> InsertEventsAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, long runId, IReadOnlyList<FlowEvent> events, CancellationToken ct)
    {
        // Sorted by identity so index insertion walks the key order and each item's events sit together on disk;
        // de-duplicated here, first wins, so neither path meets a duplicate of the batch itself.
        var rows = BatchRows.DistinctSortedEvents(events);
        if (!await AnyStoredAsync(conn, tx, BatchRows.Sample(rows, ProbeSampleSize), ct))
        {
            await tx.SaveAsync(DirectSavepoint, ct);
            try
            {
                var copied = await CopyEventsAsync(conn, $"COPY events ({EventColumns}, run_id) FROM STDIN (FORMAT BINARY)", rows, runId, ct);
                await tx.ReleaseAsync(DirectSavepoint, ct);
                return copied;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await tx.RollbackAsync(DirectSavepoint, ct);
            }
        }

        return await InsertStagedAsync(conn, tx, runId, rows, ct);
    }

    private static async Task<int> InsertStagedAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, long runId, FlowEvent[] rows, CancellationToken ct)
    {
        await ExecuteAsync(conn, tx, """
            CREATE TEMP TABLE stage_events (
                source text, item_key text, event_key text, at timestamptz, kind smallint,
                from_status text, to_status text, field text, value text
            ) ON COMMIT DROP
            """, ct);
        await CopyEventsAsync(conn, $"COPY stage_events ({EventColumns}) FROM STDIN (FORMAT BINARY)", rows, null, ct);

        // The staging table is read in copy order (a fresh heap), which is key order, so the probes and the
        // insertions walk the index in order.
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO events ({EventColumns}, run_id)
            SELECT {EventColumns}, $1
            FROM stage_events s
            WHERE NOT EXISTS (
                SELECT 1 FROM events e
                WHERE e.source = s.source AND e.item_key = s.item_key AND e.event_key = s.event_key)
            ON CONFLICT ON CONSTRAINT events_identity DO NOTHING
            """, conn, tx);
        insert.Parameters.Add(new NpgsqlParameter { Value = runId });
        return await insert.ExecuteNonQueryAsync(ct);
    }

    private static async Task<bool> AnyStoredAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, List<FlowEvent> sample, CancellationToken ct)
    {
        await using var probe = new NpgsqlCommand("""
            SELECT EXISTS (
                SELECT 1 FROM unnest($1::text[], $2::text[], $3::text[]) AS k (source, item_key, event_key)
                JOIN events e ON e.source = k.source AND e.item_key = k.item_key AND e.event_key = k.event_key)
            """, conn, tx);
        probe.Parameters.Add(new NpgsqlParameter { Value = sample.Select(e => e.Source).ToArray() });
        probe.Parameters.Add(new NpgsqlParameter { Value = sample.Select(e => e.ItemKey).ToArray() });
        probe.Parameters.Add(new NpgsqlParameter { Value = sample.Select(e => e.EventKey).ToArray() });
        return (bool)(await probe.ExecuteScalarAsync(ct))!;
    }

    private static async Task<int> CopyEventsAsync(
        NpgsqlConnection conn, string copySql, FlowEvent[] rows, long? runId, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync(copySql, ct);
        foreach (var e in rows)
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
            if (runId is { } id)
            {
                await copy.WriteAsync(id, NpgsqlDbType.Bigint, ct);
            }
        }

        return checked((int)await copy.CompleteAsync(ct));
    }

    /// <summary>
    /// Upserts the batch's items; per key a later non-null type/title/parent/value wins and the earliest known
    /// creation instant is kept. Returns the number of items inserted or changed: an item that would not change
    /// is not rewritten, so re-importing the same data writes nothing.
    /// </summary>
    public static async Task<int> UpsertItemsAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<WorkItem> items, CancellationToken ct)
    {
        // Folded per key here: ON CONFLICT DO UPDATE may not touch one row twice in a statement, and grouping on
        // the server cost more than the upsert itself.
        var rows = BatchRows.FoldItems(items);
        await ExecuteAsync(conn, tx, """
            CREATE TEMP TABLE stage_items (
                source text, key text, type text, title text, created timestamptz, parent text, business_value numeric
            ) ON COMMIT DROP
            """, ct);

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY stage_items (source, key, type, title, created, parent, business_value) FROM STDIN (FORMAT BINARY)",
            ct))
        {
            foreach (var item in rows)
            {
                await copy.StartRowAsync(ct);
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
            }

            await copy.CompleteAsync(ct);
        }

        await using var upsert = new NpgsqlCommand("""
            INSERT INTO work_items AS w (source, key, type, title, created, parent, business_value, updated_at)
            SELECT source, key, type, title, created, parent, business_value, now()
            FROM stage_items
            ON CONFLICT (source, key) DO UPDATE SET
                type = COALESCE(EXCLUDED.type, w.type),
                title = COALESCE(EXCLUDED.title, w.title),
                created = LEAST(w.created, EXCLUDED.created),
                parent = COALESCE(EXCLUDED.parent, w.parent),
                business_value = COALESCE(EXCLUDED.business_value, w.business_value),
                updated_at = now()
            WHERE (w.type, w.title, w.created, w.parent, w.business_value) IS DISTINCT FROM
                  (COALESCE(EXCLUDED.type, w.type), COALESCE(EXCLUDED.title, w.title), LEAST(w.created, EXCLUDED.created),
                   COALESCE(EXCLUDED.parent, w.parent), COALESCE(EXCLUDED.business_value, w.business_value))
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
