using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PmoFlow.Ingestion.Telemetry;

/// <summary>
/// PmoFlow's own traces and metrics (the <c>PmoFlow</c> activity source and meter). Hosts that export telemetry
/// (<c>serve</c>, <c>worker</c>) listen to these names; without a listener every call here costs next to nothing.
/// Metric names and units are listed in docs/telemetry.md.
/// </summary>
public static class PmoFlowTelemetry
{
    /// <summary>The activity source and meter name.</summary>
    public const string Name = "PmoFlow";

    /// <summary>Spans of ingest runs and jobs.</summary>
    public static readonly ActivitySource Activities = new(Name);

    /// <summary>Every PmoFlow instrument.</summary>
    public static readonly Meter Meter = new(Name);

    private static readonly ConcurrentDictionary<string, (double Unix, string Kind)> NewestEvent = new(StringComparer.Ordinal);

    /// <summary>Events read by ingest runs (rows or tracker events), by source and kind.</summary>
    public static readonly Counter<long> EventsRead = Meter.CreateCounter<long>("pmoflow.ingest.events.read", "{event}", "Events read by ingest runs");

    /// <summary>Events stored for the first time.</summary>
    public static readonly Counter<long> EventsInserted = Meter.CreateCounter<long>("pmoflow.ingest.events.inserted", "{event}", "Events stored for the first time");

    /// <summary>Events already stored (skipped).</summary>
    public static readonly Counter<long> Duplicates = Meter.CreateCounter<long>("pmoflow.ingest.events.duplicates", "{event}", "Events already stored, skipped");

    /// <summary>Malformed records stored in the quarantine.</summary>
    public static readonly Counter<long> Quarantined = Meter.CreateCounter<long>("pmoflow.ingest.quarantined", "{record}", "Malformed records quarantined");

    /// <summary>Ingest runs by outcome.</summary>
    public static readonly Counter<long> IngestRuns = Meter.CreateCounter<long>("pmoflow.ingest.runs", "{run}", "Ingest runs by outcome");

    /// <summary>How long ingest runs take.</summary>
    public static readonly Histogram<double> IngestDuration = Meter.CreateHistogram<double>("pmoflow.ingest.duration", "s", "Duration of ingest runs");

    /// <summary>Events per second of each finished ingest run.</summary>
    public static readonly Histogram<double> IngestRate = Meter.CreateHistogram<double>("pmoflow.ingest.rate", "{event}/s", "Events read per second by an ingest run");

    /// <summary>Jobs run by kind and status.</summary>
    public static readonly Counter<long> JobRuns = Meter.CreateCounter<long>("pmoflow.job.runs", "{run}", "Scheduled job runs by kind and status");

    /// <summary>How long jobs take.</summary>
    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("pmoflow.job.duration", "s", "Duration of scheduled job runs");

    static PmoFlowTelemetry()
    {
        // The time of the newest event each source has delivered (Unix seconds); lag behind the tracker = now − this.
        Meter.CreateObservableGauge("pmoflow.ingest.newest_event_time", () =>
            NewestEvent.Select(e => new Measurement<double>(e.Value.Unix, new KeyValuePair<string, object?>("source", e.Key), new KeyValuePair<string, object?>("kind", e.Value.Kind))),
            "s", "Unix time of the newest event read from each source (lag behind the tracker = now - this)");
    }

    /// <summary>Records a finished ingest run's counters.</summary>
    public static void RecordIngest(string source, string kind, string outcome, long read, long inserted, long duplicates, long quarantined, TimeSpan duration, DateTimeOffset? newestEvent)
    {
        var tags = new TagList { { "source", source }, { "kind", kind } };
        EventsRead.Add(read, tags);
        EventsInserted.Add(inserted, tags);
        Duplicates.Add(duplicates, tags);
        Quarantined.Add(quarantined, tags);
        IngestDuration.Record(duration.TotalSeconds, tags);
        if (duration > TimeSpan.Zero)
        {
            IngestRate.Record(read / duration.TotalSeconds, tags);
        }

        if (newestEvent is { } newest)
        {
            NewestEvent.AddOrUpdate(source, (newest.ToUnixTimeMilliseconds() / 1000.0, kind), (_, old) => old.Unix >= newest.ToUnixTimeMilliseconds() / 1000.0 ? old : (newest.ToUnixTimeMilliseconds() / 1000.0, kind));
        }

        tags.Add("outcome", outcome);
        IngestRuns.Add(1, tags);
    }
}
