namespace PmoFlow.Core.Events;

/// <summary>
/// A record that could not be turned into events, kept with the reason instead of being dropped.
/// </summary>
/// <param name="Source">The configured source name.</param>
/// <param name="Location">Where the record came from: <c>file:line</c> or the request URL.</param>
/// <param name="Raw">The raw record (a CSV line, a JSON fragment), as received.</param>
/// <param name="Reason">What is wrong with it, in words a user can act on.</param>
public sealed record QuarantineRecord(string Source, string Location, string Raw, string Reason);

/// <summary>
/// One unit of ingestion: the items and events read since the last cursor, the records quarantined
/// on the way, and the cursor to save once this batch is committed.
/// </summary>
/// <remarks>
/// The event store writes a batch in one transaction: events, items, quarantine rows, the ingest-run
/// counters and the source cursor move together, so a crash never leaves a cursor ahead of its data.
/// </remarks>
/// <param name="Items">Work items seen in this batch (inserted or updated by key).</param>
/// <param name="Events">Normalised events (inserted only when new).</param>
/// <param name="Quarantined">Malformed records with their reasons.</param>
/// <param name="CursorAfter">The source cursor after this batch; null leaves the saved cursor unchanged.</param>
public sealed record IngestBatch(
    IReadOnlyList<WorkItem> Items,
    IReadOnlyList<FlowEvent> Events,
    IReadOnlyList<QuarantineRecord> Quarantined,
    string? CursorAfter = null)
{
    /// <summary>
    /// Set when a page of the source's main listing could not be read (e.g. truncated JSON): the run cannot be complete,
    /// so it ends <c>failed</c> with this reason even though the batches around it were stored.
    /// </summary>
    public string? ListingProblem { get; init; }

    /// <summary>Rows of the batch's input that repeated an event already in the batch (dropped; counted as read and as duplicates).</summary>
    public int DuplicatesInBatch { get; init; }
}
