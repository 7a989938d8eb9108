using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using PmoFlow.Streams.Configuration;
using PmoFlow.Ingestion.Connectors;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Core.Events;
using PmoFlow.Storage;
using PmoFlow.Storage.Reading;

namespace PmoFlow.Streams.Ingest;

/// <summary>A configured source whose settings have been read and checked, ready to ingest.</summary>
/// <param name="Config">The source's configuration.</param>
/// <param name="Tracker">The tracker options (null for a CSV source).</param>
public sealed record PreparedSource(SourceConfig Config, TrackerSourceOptions? Tracker);

/// <summary>How one ingest runs.</summary>
public sealed record IngestOptions
{
    /// <summary>CSV: read the files from the top even when the saved cursor says they were imported.</summary>
    public bool Full { get; init; }

    /// <summary>CSV: rows per transaction (default 20,000).</summary>
    public int BatchSize { get; init; } = 20_000;

    /// <summary>Committed batches as they go, or null.</summary>
    public IProgress<IngestProgress>? Progress { get; init; }

    /// <summary>Tracker pages as they are fetched, or null.</summary>
    public IProgress<ConnectorProgress>? ConnectorProgress { get; init; }
}

/// <summary>
/// Ingests configured sources from their saved cursors: trackers through their connectors, CSV files through
/// <see cref="CsvSourceImporter"/>, both through <see cref="IngestPipeline"/>. The one implementation behind
/// <c>pmoflow ingest</c> and the scheduled ingest job.
/// </summary>
/// <remarks>
/// A source that fails part-way is not an exception: its summary has outcome <c>failed</c>, the reason, and the
/// counters of the batches it committed before the failure (read back from its ingest run). Cancellation is
/// rethrown. Thread-safe for different sources; one source must not be ingested twice at once (the scheduler's
/// jobs are non-concurrent).
/// </remarks>
public sealed class SourceIngestService
{
    private readonly PmoFlowConfig _config;
    private readonly EventStore _store;
    private readonly IngestStatusReader _runs;
    private readonly ILoggerFactory? _loggers;

    /// <summary>Creates the service on the process's data source.</summary>
    /// <param name="config">The configuration (sources, streams for CSV time zones, the folder tracker key files are read from).</param>
    /// <param name="dataSource">The database.</param>
    /// <param name="loggers">Loggers for the connectors (retries, rate limits), or null.</param>
    public SourceIngestService(PmoFlowConfig config, NpgsqlDataSource dataSource, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(dataSource);
        _config = config;
        _store = new EventStore(dataSource);
        _runs = new IngestStatusReader(dataSource);
        _loggers = loggers;
    }

    /// <summary>
    /// Reads and checks a source's settings without fetching anything: a tracker's options (keys, credential
    /// location) or a CSV source's file headers. Call it for every source first so a configuration error stops a
    /// run before any source is ingested.
    /// </summary>
    /// <exception cref="ConfigException">A tracker option is missing or invalid (the message names the key and line).</exception>
    /// <exception cref="Ingestion.Csv.CsvFormatException">A CSV file's header does not fit its column mapping.</exception>
    public static PreparedSource Prepare(PmoFlowConfig config, SourceConfig source)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(source);
        if (source.Csv is { } csv)
        {
            CsvSourceImporter.Validate(csv);
            return new PreparedSource(source, null);
        }

        return new PreparedSource(source, TrackerOptionsReader.Read(config, source));
    }

    /// <summary>Prepares and ingests one source (see <see cref="Prepare"/> and <see cref="IngestAsync(PreparedSource, IngestOptions?, CancellationToken)"/>).</summary>
    public Task<IngestSummary> IngestAsync(SourceConfig source, IProgress<ConnectorProgress>? progress, CancellationToken ct) =>
        IngestAsync(Prepare(_config, source), new IngestOptions { ConnectorProgress = progress }, ct);

    /// <summary>Ingests one prepared source from its saved cursor, reporting connector pages to <paramref name="progress"/>.</summary>
    public Task<IngestSummary> IngestAsync(PreparedSource source, IProgress<ConnectorProgress>? progress, CancellationToken ct) =>
        IngestAsync(source, new IngestOptions { ConnectorProgress = progress }, ct);

    /// <summary>
    /// Ingests one prepared source from its saved cursor: the one orchestration behind <c>pmoflow import csv</c>,
    /// <c>pmoflow ingest</c>, the demo and the scheduled ingest job. Returns the run's summary, with outcome
    /// <c>failed</c> and the reason when the source failed (batches committed before the failure stay stored and are
    /// counted).
    /// </summary>
    /// <param name="source">The source.</param>
    /// <param name="options">Read from the top, batch size, progress sinks (null: the defaults).</param>
    /// <param name="ct">Cancels the run (rethrown; the run is recorded as cancelled).</param>
    public async Task<IngestSummary> IngestAsync(PreparedSource source, IngestOptions? options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new IngestOptions();
        var name = source.Config.Name;
        var cursor = await _store.GetCursorAsync(name, ct);
        var previousRun = await LatestRunAsync(name, ct);
        var clock = Stopwatch.StartNew();
        try
        {
            if (source.Config.Csv is { } csv)
            {
                var batches = CsvSourceImporter.Read(name, csv, _config.ZoneOf(source.Config), cursor, options.Full, options.BatchSize);
                return await IngestPipeline.RunAsync(_store, name, "csv", IngestPipeline.AsAsync(batches), options.Progress, ct);
            }

            var tracker = source.Tracker ?? throw new ArgumentException($"Source '{name}' was not prepared: its tracker options are missing.", nameof(source));
            using var connector = TrackerConnectors.Create(tracker, _loggers);
            return await IngestPipeline.RunAsync(_store, name, connector.Kind, connector.ReadAsync(cursor, options.ConnectorProgress, ct), options.Progress, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Batches committed before the failure stay stored, so the summary shows the run's own counters, not zeros.
            var run = await LatestRunAsync(name, CancellationToken.None);
            return run is not null && run.Id != previousRun?.Id
                ? new IngestSummary(name, run.Id, run.EventsRead, run.EventsInserted, run.Duplicates, run.ItemsUpserted,
                    run.Quarantined, clock.Elapsed, IngestOutcome.Failed, ex.Message)
                : new IngestSummary(name, 0, 0, 0, 0, 0, 0, clock.Elapsed, IngestOutcome.Failed, ex.Message);
        }
    }

    private async Task<IngestRunRecord?> LatestRunAsync(string source, CancellationToken ct)
    {
        var latest = await _runs.ReadRunsAsync(source, 1, ct);
        return latest.Count == 0 ? null : latest[0];
    }
}
