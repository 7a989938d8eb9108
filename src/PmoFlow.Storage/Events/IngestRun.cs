namespace PmoFlow.Storage;

/// <summary>One ingestion run of one source, as begun by <see cref="EventStore.BeginRunAsync"/>.</summary>
/// <param name="Id">The <c>ingest_runs</c> row id.</param>
/// <param name="Source">The source being ingested.</param>
/// <param name="StartedAt">When the run began (database clock, UTC).</param>
/// <remarks>
/// While the run is open its process holds a PostgreSQL advisory lock on a connection of its own (released by
/// <see cref="EventStore.CompleteRunAsync"/>, or by the server when the process dies): that is how a later run tells a
/// run whose process was killed from one still going.
/// </remarks>
public sealed record IngestRun(long Id, string Source, DateTimeOffset StartedAt)
{
    /// <summary>The connection holding the run's liveness lock; null once the run is completed.</summary>
    internal Npgsql.NpgsqlConnection? Guard { get; set; }

    /// <summary>Earlier runs of the source found abandoned (their process had ended) and marked failed when this run began.</summary>
    public IReadOnlyList<long> AbandonedRuns { get; internal set; } = [];
}

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
    /// <summary>Still running. A run whose process died is marked <see cref="Failed"/> by the next run of its source.</summary>
    public const string Running = "running";

    /// <summary>Every batch was written.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The run stopped on an error; committed batches stay.</summary>
    public const string Failed = "failed";

    /// <summary>The run was cancelled; committed batches stay.</summary>
    public const string Cancelled = "cancelled";
}
