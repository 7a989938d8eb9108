using System.Diagnostics;
using PmoFlow.Core.Events;

namespace PmoFlow.Ingestion.Pipeline;

/// <summary>Progress of one source's ingestion, reported after each committed batch.</summary>
/// <param name="Source">The source.</param>
/// <param name="Batches">Batches committed so far.</param>
/// <param name="EventsRead">Events read so far.</param>
/// <param name="EventsInserted">New events stored so far.</param>
/// <param name="Quarantined">Records quarantined so far.</param>
public sealed record IngestProgress(string Source, int Batches, long EventsRead, long EventsInserted, long Quarantined);

/// <summary>What one source's ingestion did.</summary>
/// <param name="Source">The source.</param>
/// <param name="RunId">The ingest run's id.</param>
/// <param name="EventsRead">Events read.</param>
/// <param name="EventsInserted">New events stored.</param>
/// <param name="Duplicates">Events already stored (skipped).</param>
/// <param name="ItemsUpserted">Items inserted or updated.</param>
/// <param name="Quarantined">Records quarantined with a reason.</param>
/// <param name="Duration">Wall-clock duration.</param>
/// <param name="Outcome">succeeded, failed or cancelled.</param>
/// <param name="Error">The error message when it failed.</param>
public sealed record IngestSummary(
    string Source,
    long RunId,
    long EventsRead,
    long EventsInserted,
    long Duplicates,
    long ItemsUpserted,
    long Quarantined,
    TimeSpan Duration,
    string Outcome,
    string? Error)
{
    /// <summary>Events per second over the run.</summary>
    public double EventsPerSecond => Duration.TotalSeconds > 0 ? EventsRead / Duration.TotalSeconds : 0;
}

/// <summary>
/// Writes a source's batches through an <see cref="IEventSink"/> (the event store): one transaction per batch, the cursor
/// moving with it, and the ingest run recorded with its outcome. Memory holds one batch at a time.
/// </summary>
public static class IngestPipeline
{
    /// <summary>Runs one source's ingestion to the end, or to the first error or cancellation.</summary>
    /// <remarks>
    /// Batches already committed stay committed when a later one fails: the saved cursor points just past them,
    /// so the next run resumes there, and re-reading anything is harmless because events are inserted only if new.
    /// </remarks>
    public static async Task<IngestSummary> RunAsync(
        IEventSink store,
        string source,
        string kind,
        IAsyncEnumerable<IngestBatch> batches,
        IProgress<IngestProgress>? progress,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(batches);
        var clock = Stopwatch.StartNew();
        var run = await store.BeginRunAsync(source, kind, ct);
        long read = 0, inserted = 0, duplicates = 0, items = 0, quarantined = 0;
        var count = 0;
        try
        {
            await foreach (var batch in batches.WithCancellation(ct))
            {
                var result = await store.WriteBatchAsync(run, batch, ct);
                count++;
                read += result.EventsRead;
                inserted += result.EventsInserted;
                duplicates += result.Duplicates;
                items += result.ItemsUpserted;
                quarantined += result.Quarantined;
                progress?.Report(new IngestProgress(source, count, read, inserted, quarantined));
            }
        }
        catch (OperationCanceledException)
        {
            await store.CompleteRunAsync(run, IngestOutcome.Cancelled, "cancelled", CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            await store.CompleteRunAsync(run, IngestOutcome.Failed, ex.Message, CancellationToken.None);
            throw;
        }

        await store.CompleteRunAsync(run, IngestOutcome.Succeeded, null, ct);
        return new IngestSummary(source, run.Id, read, inserted, duplicates, items, quarantined, clock.Elapsed, IngestOutcome.Succeeded, null);
    }

    /// <summary>Adapts a synchronous batch sequence (the CSV reader) to the pipeline.</summary>
    public static async IAsyncEnumerable<IngestBatch> AsAsync(IEnumerable<IngestBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        foreach (var b in batches)
        {
            yield return b;
            await Task.Yield();
        }
    }
}
