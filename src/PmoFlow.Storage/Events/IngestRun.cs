namespace PmoFlow.Storage;

/// <summary>One ingestion run of one source, as begun by <see cref="EventStore.BeginRunAsync"/>.</summary>
/// <param name="Id">The <c>ingest_runs</c> row id.</param>
/// <param name="Source">The source being ingested.</param>
/// <param name="StartedAt">When the run began (database clock, UTC).</param>
public sealed record IngestRun(long Id, string Source, DateTimeOffset StartedAt);

/// <summary>What one <see cref="EventStore.WriteBatchAsync"/> call stored.</summary>
/// <param name="EventsRead">Events in the batch.</param>
/// <param name="EventsInserted">Events that were new and were inserted.</param>
/// <param name="Duplicates">Events already stored, or repeated within the batch (<c>EventsRead - EventsInserted</c>).</param>
/// <param name="ItemsUpserted">Distinct work items inserted or changed (an unchanged item is not counted).</param>
/// <param name="Quarantined">Quarantine rows stored.</param>
public sealed record BatchResult(int EventsRead, int EventsInserted, int Duplicates, int ItemsUpserted, int Quarantined);

/// <summary>The outcomes an ingest run can end with (the values of <c>ingest_runs.outcome</c>).</summary>
public static class IngestOutcome
{
    /// <summary>Still running (or its process died before completing it).</summary>
    public const string Running = "running";

    /// <summary>Every batch was written.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The run stopped on an error; committed batches stay.</summary>
    public const string Failed = "failed";

    /// <summary>The run was cancelled; committed batches stay.</summary>
    public const string Cancelled = "cancelled";
}
