using Npgsql;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Services;
using PmoFlow.Reporting;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Dashboards;
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
        if (stream.Dashboard is { } name)
        {
            // report.dashboard: the shared dashboard's panels, for the period's week and as-of (the same rule as
            // pmoflow report --dashboard); a dashboard that is not saved fails the run, which is retried like any other.
            var saved = await new DashboardLibrary(dataSource).FindAsync(name, null, ct)
                ?? throw new InvalidOperationException($"stream '{stream.Name}': report.dashboard '{name}' is not a saved shared dashboard (pmoflow dashboard import FILE).");
            var (week, asOf) = StreamReports.PeriodView(stream.Config, period.End);
            var fromDashboard = await DashboardReports.BuildAsync(config, stream.Config, saved.Dashboard, week, asOf, new StoredDashboardData(config, dataSource), ct);
            return Render(stream.Name, period, fromDashboard);
        }

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
