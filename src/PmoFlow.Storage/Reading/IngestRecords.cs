using PmoFlow.Core.Events;

namespace PmoFlow.Storage.Reading;

/// <summary>A configured source as stored: its kind and ingest cursor.</summary>
/// <param name="Name">The source name.</param>
/// <param name="Kind">The connector kind (csv, jira, ...).</param>
/// <param name="Cursor">The saved cursor, if any.</param>
/// <param name="UpdatedAt">When the row last changed (UTC).</param>
public sealed record SourceRecord(string Name, string Kind, string? Cursor, DateTimeOffset UpdatedAt);

/// <summary>One ingest run with its counters.</summary>
/// <param name="Id">The run id.</param>
/// <param name="Source">The source ingested.</param>
/// <param name="StartedAt">Start (UTC).</param>
/// <param name="EndedAt">End (UTC); null while running or when its process died.</param>
/// <param name="EventsRead">Events read.</param>
/// <param name="EventsInserted">New events stored.</param>
/// <param name="Duplicates">Events already stored.</param>
/// <param name="ItemsUpserted">Work item writes.</param>
/// <param name="Quarantined">Records quarantined.</param>
/// <param name="Outcome">running, succeeded, failed or cancelled (<see cref="IngestOutcome"/>).</param>
/// <param name="Error">The error text of a failed run.</param>
public sealed record IngestRunRecord(
    long Id,
    string Source,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    long EventsRead,
    long EventsInserted,
    long Duplicates,
    long ItemsUpserted,
    long Quarantined,
    string Outcome,
    string? Error);

/// <summary>A stored quarantine row.</summary>
/// <param name="Id">Row id.</param>
/// <param name="Source">The source.</param>
/// <param name="Location">file:line or URL.</param>
/// <param name="Raw">The raw record.</param>
/// <param name="Reason">Why it was quarantined.</param>
/// <param name="At">When it was stored (UTC).</param>
/// <param name="RunId">The ingest run that stored it.</param>
public sealed record QuarantineRow(long Id, string Source, string Location, string Raw, string Reason, DateTimeOffset At, long? RunId);
