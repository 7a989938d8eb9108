using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PmoFlow.Core.Events;
using PmoFlow.Core.Limits;
using PmoFlow.Ingestion.Telemetry;

namespace PmoFlow.Ingestion.Pipeline;

/// <summary>Progress of one source's ingestion, reported after each committed batch.</summary>
/// <param name="Source">The source.</param>
/// <param name="Batches">Batches committed so far.</param>
/// <param name="EventsRead">Events read so far.</param>
/// <param name="EventsInserted">New events stored so far.</param>
/// <param name="Quarantined">Records quarantined so far.</param>
/// <param name="BytesRead">How far into the events file the import is (file sources), or null.</param>
public sealed record IngestProgress(string Source, int Batches, long EventsRead, long EventsInserted, long Quarantined, long? BytesRead = null);

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

    /// <summary>Earlier runs of the source found abandoned when this one began (now marked failed).</summary>
    public IReadOnlyList<long> AbandonedRuns { get; init; } = [];

    /// <summary>The note the CLI prints about <see cref="AbandonedRuns"/>, or null when there were none.</summary>
    public string? AbandonedNote => AbandonedRuns.Count == 0
        ? null
        : $"{Source}: run{(AbandonedRuns.Count == 1 ? string.Empty : "s")} {string.Join(", ", AbandonedRuns)} had been abandoned "
          + "(the process running it ended before it completed) and " + (AbandonedRuns.Count == 1 ? "is" : "are")
          + " now marked failed; this run went on from the saved cursor, so nothing committed was lost.";
}

/// <summary>
/// Writes a source's batches through an <see cref="IEventSink"/> (the event store): one transaction per batch, the cursor
/// moving with it, and the ingest run recorded with its outcome. Memory holds one batch at a time.
/// </summary>
public static class IngestPipeline
{
    /// <summary>The log category of ingest runs' start and end lines.</summary>
    public const string LogCategory = "PmoFlow.Ingest";

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
        CancellationToken ct,
        InputLimits? limits = null,
        ILogger? logger = null)
    {
        limits ??= InputLimits.Default;
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(batches);
        logger ??= NullLogger.Instance;
        var clock = Stopwatch.StartNew();
        var run = await store.BeginRunAsync(source, kind, ct);
        using var activity = PmoFlowTelemetry.Activities.StartActivity("ingest " + source);
        activity?.SetTag("pmoflow.source", source);
        activity?.SetTag("pmoflow.source.kind", kind);
        activity?.SetTag("pmoflow.ingest.run_id", run.Id);
        logger.LogInformation("Ingest {Source} ({Kind}) run {RunId} started", source, kind, run.Id);
        long read = 0, inserted = 0, duplicates = 0, items = 0, quarantined = 0;
        DateTimeOffset? newest = null;
        var count = 0;
        string? listingProblem = null;
        void Finish(string outcome, string? error)
        {
            PmoFlowTelemetry.RecordIngest(source, kind, outcome, read, inserted, duplicates, quarantined, clock.Elapsed, newest);
            activity?.SetTag("pmoflow.ingest.outcome", outcome);
            activity?.SetTag("pmoflow.ingest.events_read", read);
            var level = outcome == "succeeded" ? LogLevel.Information : LogLevel.Warning;
            logger.Log(level, "Ingest {Source} run {RunId} {Outcome} in {DurationSeconds:F3} s: {EventsRead} read, {EventsInserted} new, {Duplicates} duplicates, {ItemsUpserted} items, {Quarantined} quarantined, {Batches} batches, {EventsPerSecond:F0} events/s{Error}",
                source, run.Id, outcome, clock.Elapsed.TotalSeconds, read, inserted, duplicates, items, quarantined, count,
                clock.Elapsed > TimeSpan.Zero ? read / clock.Elapsed.TotalSeconds : 0, error is null ? string.Empty : ": " + error);
        }

        try
        {
            await foreach (var batch in batches.WithCancellation(ct))
            {
                // Every source's records pass the same rules before they are stored (the CSV reader's arrive checked).
                var result = await store.WriteBatchAsync(run, RecordGuard.Apply(batch, limits), ct);
                listingProblem ??= batch.ListingProblem;
                foreach (var e in batch.Events)
                {
                    if (newest is null || e.At > newest)
                    {
                        newest = e.At;
                    }
                }

                count++;
                read += result.EventsRead;
                inserted += result.EventsInserted;
                duplicates += result.Duplicates;
                items += result.ItemsUpserted;
                quarantined += result.Quarantined;
                progress?.Report(new IngestProgress(source, count, read, inserted, quarantined, batch.BytesRead));
            }
        }
        catch (OperationCanceledException)
        {
            await store.CompleteRunAsync(run, IngestOutcome.Cancelled, "cancelled", CancellationToken.None);
            Finish("cancelled", null);
            throw;
        }
        catch (Exception ex)
        {
            await store.CompleteRunAsync(run, IngestOutcome.Failed, ex.Message, CancellationToken.None);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            Finish("failed", Core.Security.Redactor.Redact(ex.Message));
            throw;
        }

        // A listing page that could not be read means records may be missing: the run did not succeed, whatever it stored.
        var outcome = listingProblem is null ? IngestOutcome.Succeeded : IngestOutcome.Failed;
        var error = listingProblem is null
            ? null
            : Core.Security.Redactor.Redact($"the listing could not be read completely ({listingProblem}); what was read is stored, and the next run reads the rest again");
        await store.CompleteRunAsync(run, outcome, error, ct);
        Finish(outcome == IngestOutcome.Succeeded ? "succeeded" : "failed", error);
        return new IngestSummary(source, run.Id, read, inserted, duplicates, items, quarantined, clock.Elapsed, outcome, error)
        {
            AbandonedRuns = run.AbandonedRuns,
        };
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
