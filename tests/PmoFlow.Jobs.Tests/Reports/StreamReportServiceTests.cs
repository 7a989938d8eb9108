using System.Text;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Reports;
using PmoFlow.Jobs.Services;
using PmoFlow.Jobs.Tests.Support;
using PmoFlow.Testing;

namespace PmoFlow.Jobs.Tests.Reports;

public sealed class StreamReportServiceTests
{
    [Fact]
    public async Task Build_WeekFromStoredEvents_RealReportFilesAndHighlightsTheSameWhenRebuilt()
    {
        await using var db = await TestDatabase.CreateAsync();
        var config = FlowExample.Write(db.ConnectionString);
        await new IngestService(config, db.DataSource).IngestAsync(config.Source("files"), CancellationToken.None);
        var stream = FlowExample.Stream(config);
        var period = ReportPeriods.Parse("2026-W11", PeriodGranularity.Week, stream.Zone, null);
        var service = new StreamReportService(db.DataSource, config);

        var report = await service.BuildAsync(stream, period, CancellationToken.None);
        var again = await service.BuildAsync(stream, period, CancellationToken.None);

        Assert.Equal("delivery flow report, 2026-W11", report.Title);
        // W11 (03-09..03-15): C done 03-10 → 1; W10 (03-02..03-08): I, A, B → 3.
        Assert.Equal("Throughput: 1 item (\u22122 vs 2026-W10, worse)", report.Highlights[0]);
        // WIP at the end of 03-15: D, E, F, H (H started 03-11) → 4; at the end of 03-08 only D (A, B done; C, E, F not started) → 1.
        Assert.Contains("WIP: 4 items (+3 vs 2026-W10, worse)", report.Highlights);
        Assert.Equal(["report.html", "report.md", "report.json"], report.Files.Take(3).Select(f => f.Name));
        Assert.All(report.Files.Skip(3), f => Assert.EndsWith(".csv", f.Name, StringComparison.Ordinal));
        var html = Encoding.UTF8.GetString(report.Files[0].Content.Span);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("echarts", html, StringComparison.Ordinal);
        Assert.Equal(report.Markdown, Encoding.UTF8.GetString(report.Files[1].Content.Span));
        Assert.Equal(report.Files.Select(f => f.Content.ToArray()), again.Files.Select(f => f.Content.ToArray()));
        Assert.Equal(report.Highlights, again.Highlights);
    }

    [Fact]
    public async Task Build_EmptyStream_ReportWithNoDataNotAnError()
    {
        await using var db = await TestDatabase.CreateAsync();
        var config = FlowExample.Write(db.ConnectionString);
        var stream = FlowExample.Stream(config);
        var period = ReportPeriods.Parse("2026-W11", PeriodGranularity.Week, stream.Zone, null);

        var report = await new StreamReportService(db.DataSource, config).BuildAsync(stream, period, CancellationToken.None);

        Assert.Contains("Throughput: no data", report.Highlights);
    }
}
