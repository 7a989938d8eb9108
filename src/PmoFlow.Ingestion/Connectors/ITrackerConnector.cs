using PmoFlow.Core.Events;
using PmoFlow.Core.Model;

namespace PmoFlow.Ingestion.Connectors;

/// <summary>
/// Reads one tracker source (Jira, Azure DevOps, GitHub, GitLab) from a saved cursor and yields
/// normalised batches, in order, each carrying the cursor to save once it is committed.
/// </summary>
/// <remarks>
/// A batch's <see cref="IngestBatch.CursorAfter"/> only covers what that batch and the batches before
/// it contain: commit batches in order and save the cursor with each, and an interrupted read resumes
/// from the last committed cursor with nothing lost. A null cursor means "leave the saved cursor as it
/// is" (a page could not be read, so the next run reads it again). Event keys are stable, so reading
/// the same range twice yields the same events (the store inserts them only when new).
/// One connector reads one source at a time; it is not meant to be enumerated concurrently.
/// </remarks>
public interface ITrackerConnector : IDisposable
{
    /// <summary>The tracker kind as written in <c>pmoflow.yaml</c>: <c>jira</c>, <c>azure-devops</c>, <c>github</c> or <c>gitlab</c>.</summary>
    string Kind { get; }

    /// <summary>The configured source name stored with every event.</summary>
    string SourceName { get; }

    /// <summary>Reads everything changed since <paramref name="cursor"/> (null: from the beginning).</summary>
    /// <param name="cursor">The cursor saved after the last committed batch, or null.</param>
    /// <param name="progress">Optional progress sink (pages, items, events so far).</param>
    /// <param name="cancellationToken">Stops the read; batches already yielded stay valid.</param>
    IAsyncEnumerable<IngestBatch> ReadAsync(string? cursor, IProgress<ConnectorProgress>? progress, CancellationToken cancellationToken);

    /// <summary>The tracker's statuses with their categories, to seed a workflow's stages.</summary>
    Task<IReadOnlyList<TrackerStatus>> ReadStatusesAsync(CancellationToken cancellationToken);
}

/// <summary>Running totals of one read, reported after each page.</summary>
/// <param name="Source">The source name.</param>
/// <param name="Pages">Pages (HTTP responses of the main listing) read so far.</param>
/// <param name="TotalPages">Total pages when the tracker says so, else null.</param>
/// <param name="Items">Work items read so far.</param>
/// <param name="Events">Events produced so far.</param>
/// <param name="Quarantined">Records quarantined so far.</param>
public sealed record ConnectorProgress(string Source, int Pages, int? TotalPages, int Items, int Events, int Quarantined);

/// <summary>A tracker status and the stage category its tracker puts it in.</summary>
/// <param name="Name">The raw status name, as it appears in events.</param>
/// <param name="Category">The PmoFlow stage category it maps to by default.</param>
/// <param name="TrackerCategory">The tracker's own category name (e.g. Jira's <c>indeterminate</c>).</param>
public sealed record TrackerStatus(string Name, StageCategory Category, string TrackerCategory);
