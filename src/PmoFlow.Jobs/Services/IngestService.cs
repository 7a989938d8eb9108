using PmoFlow.Streams.Ingest;
using Microsoft.Extensions.Logging;
using Npgsql;
using PmoFlow.Streams.Configuration;
using PmoFlow.Ingestion.Pipeline;

namespace PmoFlow.Jobs.Services;

/// <summary>
/// The ingest job's work: <see cref="SourceIngestService"/>, the same code as <c>pmoflow ingest</c> (trackers through
/// their connectors, CSV through the importer, from the saved cursor).
/// </summary>
/// <remarks>
/// A source whose settings are wrong (a missing tracker key, a CSV header that does not fit) throws
/// <see cref="ConfigException"/> or a CSV format exception before anything is read; a source that fails while reading
/// returns a summary with outcome <c>failed</c>, its reason and the counters of the batches it committed.
/// </remarks>
public sealed class IngestService(PmoFlowConfig config, NpgsqlDataSource dataSource, ILoggerFactory? loggers = null) : IIngestService
{
    private readonly SourceIngestService _ingest = new(config, dataSource, loggers);

    /// <inheritdoc />
    public Task<IngestSummary> IngestAsync(SourceConfig source, CancellationToken ct) => _ingest.IngestAsync(source, null, ct);
}
