using Npgsql;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Services;
using PmoFlow.Reporting;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Loading;
using PmoFlow.Streams.Reports;

namespace PmoFlow.Jobs.Reports;

/// <summary>
/// The publish job's report: the application layer's report for the period (<see cref="StreamReports.BuildForPeriod"/>,
/// the same report as <c>pmoflow report</c> and the dashboard) rendered into the files publishers deliver
/// (<see cref="ReportRendering"/>, the same names and encodings as <c>pmoflow report</c>) with highlight lines.
/// </summary>
/// <remarks>Thread-safe; each call reads the database with its own connections.</remarks>
public sealed class StreamReportService(NpgsqlDataSource dataSource, PmoFlowConfig config) : IReportService
{
    /// <inheritdoc />
    public async Task<RenderedReport> BuildAsync(StreamJobs stream, PublishPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(period);
        var histories = await StreamLoader.LoadHistoriesAsync(dataSource, config, stream.Config, ct);
        var portfolio = await ReportPortfolios.LoadAsync(config, dataSource, ct);
        var model = StreamReports.BuildForPeriod(config, stream.Config, period.End, histories, portfolio).Model;
        return Render(stream.Name, period, model);
    }

    /// <summary>Renders a report model into the files and messages publishers deliver.</summary>
    public static RenderedReport Render(string stream, PublishPeriod period, Reporting.Model.ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(model);
        var files = ReportRendering.Render(model);
        string Text(string name) => System.Text.Encoding.UTF8.GetString(files.First(f => f.Name == name).Content.Span);
        return new RenderedReport(stream, period, model.Title, StreamReports.Highlights(model), Text("report.md"), Text("report.json"), files);
    }
}
