using PmoFlow.Ingestion.Configuration;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Storage;

namespace PmoFlow.Jobs.Services;

/// <summary>
/// Ingests a source through the ingest pipeline: CSV sources through <see cref="CsvSourceImporter"/> from the saved
/// cursor. Tracker connectors plug in by registering their own <see cref="IIngestService"/>.
/// </summary>
public sealed class IngestService(EventStore store, PmoFlowConfig config) : IIngestService
{
    /// <inheritdoc />
    public async Task<IngestSummary> IngestAsync(SourceConfig source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Csv is null)
        {
            throw new NotSupportedException($"Source '{source.Name}' is of kind {source.Kind}, and no connector for it is installed in this host.");
        }

        var cursor = await store.GetCursorAsync(source.Name, ct);
        var batches = CsvSourceImporter.Read(source.Name, source.Csv, ZoneOf(source), cursor);
        return await IngestPipeline.RunAsync(store, source.Name, source.Kind, IngestPipeline.AsAsync(batches), null, ct);
    }

    // A CSV's offset-less timestamps: the source's zone, else the zone of the first stream it feeds, else UTC.
    private TimeZoneInfo ZoneOf(SourceConfig source)
    {
        if (source.TimeZone is not null)
        {
            return TimeZoneInfo.FindSystemTimeZoneById(source.TimeZone);
        }

        var stream = config.Streams.FirstOrDefault(s => config.SourcesOf(s).Any(x => x.Name == source.Name));
        return stream?.Definition.TimeZone ?? TimeZoneInfo.Utc;
    }
}
