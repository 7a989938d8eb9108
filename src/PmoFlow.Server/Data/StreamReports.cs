using PmoFlow.Ingestion.Analysis;
using Npgsql;
using PmoFlow.Ingestion.Configuration;
using PmoFlow.Jobs.Reports;
using PmoFlow.Reporting.Streams;

namespace PmoFlow.Server.Data;

/// <summary>Builds a stream's weekly report from the events stored in PostgreSQL.</summary>
public static class StreamReports
{
    /// <summary>Reads the stream's items and events and builds its report for the week holding <paramref name="week"/>.</summary>
    /// <param name="config">The configuration (streams, sources).</param>
    /// <param name="stream">The stream.</param>
    /// <param name="dataSource">The database.</param>
    /// <param name="week">A local date in the week to report on.</param>
    /// <param name="asOf">The instant the report is computed as of (the week's figures stop at its end).</param>
    /// <param name="ct">Cancels the read.</param>
    public static async Task<StreamReport> BuildAsync(
        PmoFlowConfig config, StreamConfig stream, NpgsqlDataSource dataSource, DateOnly week, DateTimeOffset asOf, CancellationToken ct)
    {
        var histories = await StreamLoader.LoadHistoriesAsync(dataSource, config, stream, ct).ConfigureAwait(false);
        var portfolio = await ReportPortfolios.LoadAsync(config, dataSource, ct).ConfigureAwait(false);
        return StreamReportFactory.Create(Request(config, stream, week, asOf, portfolio), histories);
    }

    /// <summary>The report request for a configured stream: its definition, the week, the as-of instant, its attribution and the portfolio.</summary>
    public static StreamReportRequest Request(PmoFlowConfig config, StreamConfig stream, DateOnly week, DateTimeOffset asOf, ReportPortfolio? portfolio)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new StreamReportRequest
        {
            Stream = stream.Definition,
            Week = week,
            AsOf = asOf,
            Attribution = ReportAttribution.For(config, stream),
            Portfolio = portfolio,
        };
    }
}
