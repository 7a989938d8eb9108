using Npgsql;
using NpgsqlTypes;
using PmoFlow.Core.Events;

namespace PmoFlow.Storage;

/// <summary>
/// Writes ingested batches: events (insert-if-new), work items (upsert), quarantine rows, run counters and the
/// source cursor, each batch in one transaction.
/// </summary>
/// <remarks>
/// Events go through binary COPY into a temporary staging table and then
/// <c>INSERT ... ON CONFLICT DO NOTHING</c> on (source, item_key, event_key), so re-ingesting data adds nothing and
/// duplicates within a batch are harmless. Memory: one batch at a time, streamed to the server. Thread-safe
/// (each call uses its own pooled connection); concurrent writers of the same events are serialised by the
/// unique index.
/// </remarks>
public sealed class EventStore(NpgsqlDataSource dataSource)
{
    /// <summary>Registers the source (or updates its kind) and opens an <c>ingest_runs</c> row with outcome 'running'.</summary>
    public async Task<IngestRun> BeginRunAsync(string source, string sourceKind, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceKind);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
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
        IngestRun run;
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            run = new IngestRun(reader.GetInt64(0), source, reader.GetFieldValue<DateTimeOffset>(1));
        }

        await tx.CommitAsync(ct);
        return run;
    }

    /// <summary>
    /// Writes one batch in one transaction: work items, new events, quarantine rows, the run's counters and (when
    /// <see cref="IngestBatch.CursorAfter"/> is set) the source cursor. All or nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A record of the batch belongs to another source than the run.</exception>
    public async Task<BatchResult> WriteBatchAsync(IngestRun run, IngestBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(batch);
        CheckSources(run.Source, batch);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await BatchWriter.SetUpTransactionAsync(conn, tx, ct);
        var items = batch.Items.Count == 0 ? 0 : await BatchWriter.UpsertItemsAsync(conn, tx, batch.Items, ct);
        var inserted = batch.Events.Count == 0 ? 0 : await BatchWriter.InsertEventsAsync(conn, tx, run.Id, batch.Events, ct);
        var quarantined = batch.Quarantined.Count == 0
            ? 0
            : await BatchWriter.InsertQuarantineAsync(conn, run.Id, batch.Quarantined, ct);
        var result = new BatchResult(batch.Events.Count, inserted, batch.Events.Count - inserted, items, quarantined);

        await using (var counters = new NpgsqlCommand("""
            UPDATE ingest_runs
            SET events_read = events_read + $2, events_inserted = events_inserted + $3, duplicates = duplicates + $4,
                items_upserted = items_upserted + $5, quarantined = quarantined + $6
            WHERE id = $1
            """, conn, tx))
        {
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

        if (batch.CursorAfter is not null)
        {
            await using var cursor = new NpgsqlCommand(
                "UPDATE sources SET cursor = $2, updated_at = now() WHERE name = $1", conn, tx);
            cursor.Parameters.Add(new NpgsqlParameter { Value = run.Source });
            cursor.Parameters.Add(new NpgsqlParameter { Value = batch.CursorAfter });
            await cursor.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return result;
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

        await using var cmd = dataSource.CreateCommand(
            "UPDATE ingest_runs SET ended_at = now(), outcome = $2, error = $3 WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = run.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = outcome });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
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
