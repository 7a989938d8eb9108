using Npgsql;
using NpgsqlTypes;
using PmoFlow.Core.Events;

namespace PmoFlow.Storage;

/// <summary>
/// Writes ingested batches: events (insert-if-new), work items (upsert), quarantine rows, run counters and the
/// source cursor, the cursor always committed with or after its batch's data (see <see cref="WriteBatchAsync"/>).
/// </summary>
/// <remarks>
/// Events are keyed by (source, item_key, event_key): new ones go in by binary COPY, re-sent ones are skipped by an
/// anti-join on that key (<c>BatchWriter</c>), so re-ingesting data adds nothing and duplicates within a batch are
/// harmless. Memory: one batch at a time, streamed to the server. Thread-safe (each call uses its own pooled
/// connections); concurrent writers of the same events are serialised by the unique index.
/// </remarks>
public sealed class EventStore(NpgsqlDataSource dataSource) : IEventSink
{
    /// <summary>The first key of the two-key advisory locks that mark runs alive (ASCII "PMIR").</summary>
    internal const int RunLockClass = 0x504D4952;

    /// <summary>The error recorded on a run whose process ended without completing it.</summary>
    public const string AbandonedError = "abandoned: the process running it ended before it completed (found by run {0})";

    /// <summary>
    /// Registers the source (or updates its kind) and opens an <c>ingest_runs</c> row with outcome 'running'. Runs of
    /// the source still marked 'running' whose process has ended (its liveness lock is free) are marked 'failed' with
    /// <see cref="AbandonedError"/>; runs still going are left alone.
    /// </summary>
    /// <remarks>Holds one extra connection until <see cref="CompleteRunAsync"/>.</remarks>
    public async Task<IngestRun> BeginRunAsync(string source, string sourceKind, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceKind);
        var guard = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var run = await OpenRunAsync(guard, source, sourceKind, ct);
            run.Guard = guard;
            return run;
        }
        catch
        {
            await guard.DisposeAsync();
            throw;
        }
    }

    private static async Task<GuardedIngestRun> OpenRunAsync(NpgsqlConnection conn, string source, string sourceKind, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO sources (name, kind) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, updated_at = now()
            """, conn, tx))
        {
            upsert.Parameters.Add(new NpgsqlParameter { Value = source });
            upsert.Parameters.Add(new NpgsqlParameter { Value = sourceKind });
            await upsert.ExecuteNonQueryAsync(ct);
        }

        await using var insert = new NpgsqlCommand(
            "INSERT INTO ingest_runs (source) VALUES ($1) RETURNING id, started_at", conn, tx);
        insert.Parameters.Add(new NpgsqlParameter { Value = source });
        GuardedIngestRun run;
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            run = new GuardedIngestRun(reader.GetInt64(0), source, reader.GetFieldValue<DateTimeOffset>(1));
        }

        // Session-level: held after the commit, until the run completes or its process (connection) ends.
        await using (var lockRun = new NpgsqlCommand("SELECT pg_advisory_lock($1, $2)", conn, tx))
        {
            lockRun.Parameters.Add(new NpgsqlParameter { Value = RunLockClass });
            lockRun.Parameters.Add(new NpgsqlParameter { Value = RunLockKey(run.Id) });
            await lockRun.ExecuteNonQueryAsync(ct);
        }

        // A 'running' run whose lock can be taken has no live process. The lock is taken and given back at once.
        await using (var abandon = new NpgsqlCommand("""
            UPDATE ingest_runs
            SET outcome = 'failed', ended_at = now(), error = format($3, $2::text)
            WHERE source = $1 AND outcome = 'running' AND id <> $2
              AND pg_try_advisory_xact_lock($4, (id % 2147483647)::int)
            RETURNING id
            """, conn, tx))
        {
            abandon.Parameters.Add(new NpgsqlParameter { Value = source });
            abandon.Parameters.Add(new NpgsqlParameter { Value = run.Id });
            abandon.Parameters.Add(new NpgsqlParameter { Value = AbandonedError.Replace("{0}", "%s", StringComparison.Ordinal) });
            abandon.Parameters.Add(new NpgsqlParameter { Value = RunLockClass });
            var abandoned = new List<long>();
            await using (var reader = await abandon.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    abandoned.Add(reader.GetInt64(0));
                }
            }

            abandoned.Sort();
            run.AbandonedRuns = abandoned;
        }

        await tx.CommitAsync(ct);
        return run;
    }

    // Run ids are bigint; the lock's second key is an int (ids past 2^31 - 1 wrap, which only matters among 2^31 runs).
    private static int RunLockKey(long runId) => (int)(runId % int.MaxValue);

    /// <summary>
    /// Writes one batch: work items, new events, quarantine rows, the run's counters and (when
    /// <see cref="IngestBatch.CursorAfter"/> is set) the source cursor. A batch smaller than
    /// <see cref="MinEventsToSplit"/> (or any batch when <see cref="WriteParallelism"/> is 1) is one transaction: all or
    /// nothing. A larger one is split by item key into <see cref="WriteParallelism"/> parts written at once on their own
    /// connections (each part's items, events and counters in one transaction), then the quarantine rows and the cursor
    /// are committed once every part has committed. So the cursor never runs ahead of the data; when a part fails, the
    /// parts already committed stay (as committed batches do) and the cursor does not move, and because events are
    /// inserted only if new, reading the batch again stores each event exactly once.
    /// </summary>
    /// <exception cref="ArgumentException">A record of the batch belongs to another source than the run.</exception>
    public async Task<BatchResult> WriteBatchAsync(IngestRun run, IngestBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(batch);
        CheckSources(run.Source, batch);

        if (WriteParallelism == 1 || batch.Events.Count < MinEventsToSplit)
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            await BatchWriter.SetUpTransactionAsync(conn, tx, ct);
            var part = await WritePartAsync(conn, tx, run, batch.Items, batch.Events, ct);
            var quarantined = await FinishAsync(conn, tx, run, batch, ct);
            await tx.CommitAsync(ct);
            return part with
            {
                EventsRead = part.EventsRead + batch.DuplicatesInBatch,
                Duplicates = part.Duplicates + batch.DuplicatesInBatch,
                Quarantined = quarantined,
            };
        }

        var (itemParts, eventParts) = Split(batch, WriteParallelism);
        var parts = await Task.WhenAll(Enumerable.Range(0, WriteParallelism).Select(p => Task.Run(
            async () =>
            {
                await using var conn = await dataSource.OpenConnectionAsync(ct);
                await using var tx = await conn.BeginTransactionAsync(ct);
                await BatchWriter.SetUpTransactionAsync(conn, tx, ct);
                var result = await WritePartAsync(conn, tx, run, itemParts[p], eventParts[p], ct);
                await tx.CommitAsync(ct);
                return result;
            },
            ct)));

        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await BatchWriter.SetUpTransactionAsync(conn, tx, ct);
            var quarantined = await FinishAsync(conn, tx, run, batch, ct);
            await tx.CommitAsync(ct);
            return new BatchResult(
                parts.Sum(r => r.EventsRead) + batch.DuplicatesInBatch, parts.Sum(r => r.EventsInserted),
                parts.Sum(r => r.Duplicates) + batch.DuplicatesInBatch, parts.Sum(r => r.ItemsUpserted), quarantined);
        }
    }

    /// <summary>Batches with at least this many events are split into parallel parts (below it one connection is faster).</summary>
    public const int MinEventsToSplit = 8192;

    /// <summary>How many connections a large batch is written on at once (default: the processor count, 1 to 4).</summary>
    public int WriteParallelism
    {
        get => _writeParallelism;
        init => _writeParallelism = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least 1.");
    }

    private readonly int _writeParallelism = Math.Clamp(Environment.ProcessorCount, 1, 4);

    private static async Task<BatchResult> WritePartAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, IngestRun run, IReadOnlyList<WorkItem> items, IReadOnlyList<FlowEvent> events, CancellationToken ct)
    {
        var upserted = items.Count == 0 ? 0 : await BatchWriter.UpsertItemsAsync(conn, tx, items, ct);
        var inserted = events.Count == 0 ? 0 : await BatchWriter.InsertEventsAsync(conn, tx, run.Id, events, ct);
        var result = new BatchResult(events.Count, inserted, events.Count - inserted, upserted, 0);
        await AddCountersAsync(conn, tx, run, result, ct);
        return result;
    }

    /// <summary>Quarantine rows, their counter and the cursor: the batch's last step. Returns the quarantined count.</summary>
    private static async Task<int> FinishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IngestRun run, IngestBatch batch, CancellationToken ct)
    {
        var quarantined = batch.Quarantined.Count == 0 ? 0 : await BatchWriter.InsertQuarantineAsync(conn, run.Id, batch.Quarantined, ct);
        // Rows that repeated an event of the same batch were dropped by the reader: they count as read and as duplicates.
        await AddCountersAsync(conn, tx, run, new BatchResult(batch.DuplicatesInBatch, 0, batch.DuplicatesInBatch, 0, quarantined), ct);
        if (batch.CursorAfter is not null)
        {
            await using var cursor = new NpgsqlCommand(
                "UPDATE sources SET cursor = $2, updated_at = now() WHERE name = $1", conn, tx);
            cursor.Parameters.Add(new NpgsqlParameter { Value = run.Source });
            cursor.Parameters.Add(new NpgsqlParameter { Value = batch.CursorAfter });
            await cursor.ExecuteNonQueryAsync(ct);
        }

        return quarantined;
    }

    private static async Task AddCountersAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IngestRun run, BatchResult result, CancellationToken ct)
    {
        await using var counters = new NpgsqlCommand("""
            UPDATE ingest_runs
            SET events_read = events_read + $2, events_inserted = events_inserted + $3, duplicates = duplicates + $4,
                items_upserted = items_upserted + $5, quarantined = quarantined + $6
            WHERE id = $1
            """, conn, tx);
        counters.Parameters.Add(new NpgsqlParameter { Value = run.Id });
        foreach (var n in new[] { result.EventsRead, result.EventsInserted, result.Duplicates, result.ItemsUpserted, result.Quarantined })
        {
            counters.Parameters.Add(new NpgsqlParameter { Value = (long)n });
        }

        if (await counters.ExecuteNonQueryAsync(ct) != 1)
        {
            throw new InvalidOperationException($"Ingest run {run.Id} does not exist.");
        }
    }

    /// <summary>Splits a batch's items and events into parts by item key, so an item and its events land in one part.</summary>
    private static (List<WorkItem>[] Items, List<FlowEvent>[] Events) Split(IngestBatch batch, int parts)
    {
        var items = Enumerable.Range(0, parts).Select(_ => new List<WorkItem>()).ToArray();
        var events = Enumerable.Range(0, parts).Select(_ => new List<FlowEvent>(batch.Events.Count / parts + 16)).ToArray();
        foreach (var i in batch.Items)
        {
            items[PartOf(i.Key, parts)].Add(i);
        }

        foreach (var e in batch.Events)
        {
            events[PartOf(e.ItemKey, parts)].Add(e);
        }

        return (items, events);
    }

    // FNV-1a over the key's characters: stable across processes (string.GetHashCode is randomised per process).
    private static int PartOf(string key, int parts)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)parts);
    }

    /// <summary>Ends a run: sets its end time, outcome (<see cref="IngestOutcome"/>) and error text.</summary>
    public async Task CompleteRunAsync(IngestRun run, string outcome, string? error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (outcome is not (IngestOutcome.Succeeded or IngestOutcome.Failed or IngestOutcome.Cancelled))
        {
            throw new ArgumentException(
                $"Outcome must be '{IngestOutcome.Succeeded}', '{IngestOutcome.Failed}' or '{IngestOutcome.Cancelled}', not '{outcome}'.",
                nameof(outcome));
        }

        await using (var cmd = dataSource.CreateCommand(
            "UPDATE ingest_runs SET ended_at = now(), outcome = $2, error = $3 WHERE id = $1"))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = run.Id });
            cmd.Parameters.Add(new NpgsqlParameter { Value = outcome });
            cmd.Parameters.Add(new NpgsqlParameter { Value = error is null ? DBNull.Value : BatchWriter.Stored(error), NpgsqlDbType = NpgsqlDbType.Text });
            await cmd.ExecuteNonQueryAsync(ct);
        }

        if (run is GuardedIngestRun { Guard: { } guard } guarded)
        {
            guarded.Guard = null;
            try
            {
                // Pooled connections keep session locks until reused, so the lock is given back explicitly.
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1, $2)", guard);
                unlock.Parameters.Add(new NpgsqlParameter { Value = RunLockClass });
                unlock.Parameters.Add(new NpgsqlParameter { Value = RunLockKey(run.Id) });
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // A broken guard connection has lost its session, and the lock with it.
            }
            finally
            {
                await guard.DisposeAsync();
            }
        }
    }

    /// <summary>The saved cursor of <paramref name="source"/>; null when none is saved or the source is unknown.</summary>
    public async Task<string?> GetCursorAsync(string source, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT cursor FROM sources WHERE name = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = source });
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    private static void CheckSources(string source, IngestBatch batch)
    {
        // The cursor and counters belong to the run's source; records of another source would bypass its sources row.
        var stray = batch.Events.Select(e => e.Source)
            .Concat(batch.Items.Select(i => i.Source))
            .Concat(batch.Quarantined.Select(q => q.Source))
            .FirstOrDefault(s => !string.Equals(s, source, StringComparison.Ordinal));
        if (stray is not null)
        {
            throw new ArgumentException(
                $"The batch holds a record of source '{stray}' but the run ingests '{source}'.", nameof(batch));
        }
    }
}
