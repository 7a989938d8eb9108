using System.Text;
using Npgsql;
using PmoFlow.Ingestion.Analysis;
using PmoFlow.Ingestion.Configuration;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Services;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Rendering;
using PmoFlow.Reporting.Streams;

namespace PmoFlow.Jobs.Reports;

/// <summary>
/// The publish job's report: the stream's weekly flow report (<see cref="StreamReportFactory"/>, the same report as
/// <c>pmoflow report</c> and the dashboard) built from the stored events, rendered as <c>report.html</c>,
/// <c>report.md</c>, <c>report.json</c> and one CSV per table, with a few highlight lines for chat messages.
/// </summary>
/// <remarks>
/// <para>
/// The report covers the week holding the period's last local day and is computed as of the period's last instant
/// (<see cref="Periods.ReportPeriod.End"/> minus one tick), with that instant as its time stamp. For the default weekly period
/// that is exactly the ISO week before the fire; a day, month or schedule period gets the week-to-date report of
/// its last day, which the report itself marks as a partial week. Because the as-of instant depends only on the
/// period, rebuilding a period gives the same bytes as long as the period's events do not change.
/// </para>
/// <para>Thread-safe; each call reads the database with its own connections.</para>
/// </remarks>
public sealed class StreamReportService(NpgsqlDataSource dataSource, PmoFlowConfig config) : IReportService
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly UTF8Encoding Utf8Bom = new(encoderShouldEmitUTF8Identifier: true);

    /// <inheritdoc />
    public async Task<RenderedReport> BuildAsync(StreamJobs stream, Periods.ReportPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(period);
        var histories = await StreamLoader.LoadHistoriesAsync(dataSource, config, stream.Config, ct);
        var portfolio = await ReportPortfolios.LoadAsync(config, dataSource, ct);
        var model = Build(config, stream, period, histories, portfolio).Model;
        return Render(stream.Name, period, model);
    }

    /// <summary>Builds the stream's report for <paramref name="period"/> from histories held in memory (pure).</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="period">The period reported on.</param>
    /// <param name="histories">The stream's item histories.</param>
    /// <param name="portfolio">The portfolio of the "Value" section; null: no such section.</param>
    public static StreamReport Build(
        PmoFlowConfig config, StreamJobs stream, Periods.ReportPeriod period, IReadOnlyList<Core.Flow.ItemHistory> histories, ReportPortfolio? portfolio = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(period);
        var asOf = period.End.AddTicks(-1);
        return StreamReportFactory.Create(
            new StreamReportRequest
            {
                Stream = stream.Config.Definition,
                Week = LocalDays.DateOf(asOf, stream.Zone),
                AsOf = asOf,
                Attribution = ReportAttribution.For(config, stream.Config),
                Portfolio = portfolio,
            },
            histories);
    }

    /// <summary>Renders a report model into the files and messages publishers deliver.</summary>
    public static RenderedReport Render(string stream, Periods.ReportPeriod period, ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(model);
        var markdown = MarkdownReportRenderer.Render(model);
        var json = JsonReportRenderer.Render(model);
        var files = new List<ReportFile>
        {
            new("report.html", "text/html", Utf8.GetBytes(HtmlReportRenderer.Render(model))),
            new("report.md", "text/markdown", Utf8.GetBytes(markdown)),
            new("report.json", "application/json", Utf8.GetBytes(json)),
        };

        // Same names and encodings as ReportWriter (CSV with a byte-order mark, for Excel).
        files.AddRange(model.AllTables().Select(t => new ReportFile(t.Id + ".csv", "text/csv", WithBom(CsvTableRenderer.Render(t)))));
        return new RenderedReport(stream, period, model.Title, Highlights(model), markdown, json, files);
    }

    /// <summary>
    /// One line per headline figure ("Throughput: 12 items (+3 vs 2026-W12, better)"), then a line counting the
    /// data-quality warnings when there are any.
    /// </summary>
    public static IReadOnlyList<string> Highlights(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var previous = model.PreviousPeriod?.Label ?? "the previous period";
        var lines = model.Headlines
            .Select(h => $"{h.Label}: {FigureFormat.Value(h, h.Value)}"
                + (h.Change.Delta is null ? string.Empty : $" ({FigureFormat.Delta(h)} vs {previous}, {FigureFormat.Assessment(h.Change)})"))
            .ToList();
        if (model.Warnings.Count > 0)
        {
            lines.Add(model.Warnings.Count == 1 ? "1 data-quality warning (see the report)" : $"{model.Warnings.Count} data-quality warnings (see the report)");
        }

        return lines;
    }

    private static byte[] WithBom(string text) => [.. Utf8Bom.GetPreamble(), .. Utf8Bom.GetBytes(text)];
}
