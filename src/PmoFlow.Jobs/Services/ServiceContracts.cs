using PmoFlow.Streams.Snapshots;
using PmoFlow.Streams.Configuration;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;

namespace PmoFlow.Jobs.Services;

/// <summary>Ingests one source (the ingest job's work).</summary>
public interface IIngestService
{
    /// <summary>Reads the source from its saved cursor and stores new events.</summary>
    Task<IngestSummary> IngestAsync(SourceConfig source, CancellationToken ct);
}

/// <summary>Computes a stream's figures as of the end of a local day (what the daily snapshot stores).</summary>
public interface IMetricsProvider
{
    /// <summary>The figures at the end of <paramref name="asOf"/> (local to the stream's zone).</summary>
    Task<IReadOnlyList<MetricValue>> ComputeAsync(StreamJobs stream, DateOnly asOf, CancellationToken ct);

    /// <summary>
    /// The figures at the end of each of <paramref name="days"/>, in the same order (a back-fill). The default calls
    /// <see cref="ComputeAsync"/> per day; a provider that loads the stream once for all days overrides it.
    /// </summary>
    async Task<IReadOnlyList<IReadOnlyList<MetricValue>>> ComputeDaysAsync(StreamJobs stream, IReadOnlyList<DateOnly> days, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(days);
        var result = new List<IReadOnlyList<MetricValue>>(days.Count);
        foreach (var day in days)
        {
            result.Add(await ComputeAsync(stream, day, ct));
        }

        return result;
    }
}

/// <summary>Builds a stream's report for one period, rendered and ready to publish.</summary>
public interface IReportService
{
    /// <summary>Builds the report. Must be deterministic for a period whose events no longer change.</summary>
    Task<RenderedReport> BuildAsync(StreamJobs stream, PublishPeriod period, CancellationToken ct);
}

/// <summary>Checks stored forecasts against what actually happened (the weekly forecast-check job's work).</summary>
public interface IForecastCheckService
{
    /// <summary>Checks the stream's forecasts whose outcome is known by <paramref name="asOf"/>.</summary>
    Task<ForecastCheckResult> CheckAsync(StreamJobs stream, DateOnly asOf, CancellationToken ct);
}

/// <summary>What a forecast check found.</summary>
/// <param name="Checked">Forecasts whose outcome was compared.</param>
/// <param name="Hits">Of those, forecasts whose 85th percentile held.</param>
/// <param name="Detail">A one-line summary.</param>
public sealed record ForecastCheckResult(int Checked, int Hits, string Detail);

/// <summary>A report rendered for publishing.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Period">The period it covers.</param>
/// <param name="Title">One line, e.g. "delivery: week 2026-W13".</param>
/// <param name="Highlights">A few lines for chat messages.</param>
/// <param name="Markdown">The report as Markdown.</param>
/// <param name="Json">The report as one JSON document.</param>
/// <param name="Files">The files a folder publisher writes (names without folders).</param>
public sealed record RenderedReport(
    string Stream,
    PublishPeriod Period,
    string Title,
    IReadOnlyList<string> Highlights,
    string Markdown,
    string Json,
    IReadOnlyList<Reporting.RenderedFile> Files);
