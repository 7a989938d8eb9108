using PmoFlow.Core.Events;

namespace PmoFlow.Storage;

/// <summary>An ingest run opened by <see cref="EventStore.BeginRunAsync"/>, with its liveness guard.</summary>
/// <remarks>
/// While the run is open its process holds a PostgreSQL advisory lock on a connection of its own (released by
/// <see cref="EventStore.CompleteRunAsync"/>, or by the server when the process dies): that is how a later run tells a
/// run whose process was killed from one still going.
/// </remarks>
internal sealed record GuardedIngestRun(long Id, string Source, DateTimeOffset StartedAt) : IngestRun(Id, Source, StartedAt)
{
    /// <summary>The connection holding the run's liveness lock; null once the run is completed.</summary>
    public Npgsql.NpgsqlConnection? Guard { get; set; }
}
