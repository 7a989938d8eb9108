namespace PmoFlow.Core.Events;

/// <summary>
/// Where ingestion writes: runs, batches (events insert-if-new, items upserted, quarantine rows) and the source's cursor.
/// Ingestion depends only on this contract; the event store in Storage implements it.
/// </summary>
public interface IEventSink
{
    /// <summary>Registers the source and opens a run with outcome <see cref="IngestOutcome.Running"/>.</summary>
    Task<IngestRun> BeginRunAsync(string source, string sourceKind, CancellationToken ct);

    /// <summary>Writes one batch with its cursor (the cursor is committed with or after the batch's data).</summary>
    Task<BatchResult> WriteBatchAsync(IngestRun run, IngestBatch batch, CancellationToken ct);

    /// <summary>Ends a run with its outcome and, when it failed, the reason.</summary>
    Task CompleteRunAsync(IngestRun run, string outcome, string? error, CancellationToken ct);

    /// <summary>The source's saved cursor, or null before its first committed batch.</summary>
    Task<string?> GetCursorAsync(string source, CancellationToken ct);
}

/// <summary>One ingestion run of one source, as begun by <see cref="IEventSink.BeginRunAsync"/>.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Source">The source being ingested.</param>
/// <param name="StartedAt">When the run began (UTC).</param>
public record IngestRun(long Id, string Source, DateTimeOffset StartedAt);

/// <summary>What one <see cref="IEventSink.WriteBatchAsync"/> call stored.</summary>
/// <param name="EventsRead">Events in the batch.</param>
/// <param name="EventsInserted">Events that were new and were inserted.</param>
/// <param name="Duplicates">Events already stored, or repeated within the batch (<c>EventsRead - EventsInserted</c>).</param>
/// <param name="ItemsUpserted">Distinct work items inserted or changed (an unchanged item is not counted).</param>
/// <param name="Quarantined">Quarantine rows stored.</param>
public sealed record BatchResult(int EventsRead, int EventsInserted, int Duplicates, int ItemsUpserted, int Quarantined);

/// <summary>The outcomes an ingest run can end with (the values of <c>ingest_runs.outcome</c>).</summary>
public static class IngestOutcome
{
    /// <summary>Still running. A run whose process died is marked <see cref="Failed"/> by the next run of its source.</summary>
    public const string Running = "running";

    /// <summary>Every batch was written.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The run stopped on an error; committed batches stay.</summary>
    public const string Failed = "failed";

    /// <summary>The run was cancelled; committed batches stay.</summary>
    public const string Cancelled = "cancelled";
}
