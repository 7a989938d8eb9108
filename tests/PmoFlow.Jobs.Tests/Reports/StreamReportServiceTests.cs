using System.Text;
using PmoFlow.Streams.Portfolio;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Reports;
using PmoFlow.Streams.Reports;
using PmoFlow.Jobs.Services;
using PmoFlow.Jobs.Tests.Support;
using PmoFlow.Storage.Portfolio;
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
    public async Task Build_StoredPortfolioAndReadings_ReportHasTheValueSection()
    {
        // No portfolio file beside the configuration: the definition stored in the database (as `pmoflow kpi import`
        // leaves it) and the readings stored beside it feed the published report's "Value" section.
        await using var db = await TestDatabase.CreateAsync();
        var config = FlowExample.Write(db.ConnectionString);
        await new IngestService(config, db.DataSource).IngestAsync(config.Source("files"), CancellationToken.None);
        var doc = PortfolioYamlLoader.Load(new StringReader("""
            objectives:
              - { id: SPEED, weight: 1 }
            initiatives:
              - id: FAST
                name: Faster checkout
                start_date: 2026-03-01
                contributions: { SPEED: 1 }
                link: { filter: { key_prefixes: [A, B, C] } }
                cost_of_delay_per_week: 1000
                job_duration_weeks: 2
                kpis:
                  - { name: NPS, direction: higher_is_better, baseline: 10, target: 20, baseline_date: 2026-01-01, target_date: 2026-12-31 }
            """), "portfolio.yaml");
        await new PortfolioRepository(db.DataSource).SaveDefinitionAsync(doc.Portfolio, doc.Options, "portfolio.yaml", CancellationToken.None);
        await new KpiReadingStore(db.DataSource).AppendAsync(
            [new("FAST", "NPS", new DateOnly(2026, 2, 1), 11, "test"), new("FAST", "NPS", new DateOnly(2026, 3, 1), 12, "test")], CancellationToken.None);
        var stream = FlowExample.Stream(config);
        var period = ReportPeriods.Parse("2026-W11", PeriodGranularity.Week, stream.Zone, null);

        var report = await new StreamReportService(db.DataSource, config).BuildAsync(stream, period, CancellationToken.None);

        string Csv(string name) => Encoding.UTF8.GetString(report.Files.Single(f => f.Name == name).Content.Span).TrimStart('\uFEFF');
        Assert.Contains("## Value", report.Markdown, StringComparison.Ordinal);
        // WSJF = 1000 per week ÷ 2 weeks = 500; alignment 1 × 1 = 1.
        Assert.StartsWith("1,FAST,Faster checkout,SPEED,500.00,1000.00,,,,1.0000,", Csv("value-ranking.csv").Split("\r\n")[1], StringComparison.Ordinal);
        // NPS readings (31, 11) and (59, 12) days after 2026-01-01: slope 1/28 per day; at the target date (day 364)
        // 11 + (364 − 31) ÷ 28 = 22.892857; attainment (22.892857 − 10) ÷ (20 − 10) = 1.2893 → on track.
        Assert.Equal("FAST,NPS,,10,20,2026-12-31,2026-03-01,12,22.8929,1.2893,on_track", Csv("kpi-status.csv").Split("\r\n")[1]);
        // A done 03-05, B 03-08, C 03-10, counted inclusively from the start 03-01: 5 and 10 days.
        Assert.Equal("FAST,Faster checkout,2026-03-01,2026-03-05,2026-03-10,5,10,3,3", Csv("time-to-value.csv").Split("\r\n")[1]);
    }

    [Fact]
    public async Task Build_ReportDashboard_PanelsInItsOrder_SameBytesWhenRebuilt()
    {
        await using var db = await TestDatabase.CreateAsync();
        var config = FlowExample.Write(db.ConnectionString);
        await new IngestService(config, db.DataSource).IngestAsync(config.Source("files"), CancellationToken.None);
        var stream = FlowExample.Stream(config) with { Dashboard = "ops" };
        var period = ReportPeriods.Parse("2026-W11", PeriodGranularity.Week, stream.Zone, null);
        var service = new StreamReportService(db.DataSource, config);

        // Not saved yet: the run fails naming the dashboard (and is retried like any failed run).
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => service.BuildAsync(stream, period, CancellationToken.None));
        Assert.Contains("report.dashboard 'ops'", missing.Message, StringComparison.Ordinal);

        var dashboard = Streams.Dashboards.DashboardYaml.Parse(
            "dashboard: ops\npanels:\n  - { show: wip, title: \"<b>WIP</b>\" }\n  - { show: cycle-time }\n  - { show: throughput, asOf: -1w }\n", "ops.yaml", config);
        await new Streams.Dashboards.DashboardLibrary(db.DataSource).SaveAsync(dashboard, null, DateTimeOffset.UnixEpoch, CancellationToken.None);
        var report = await service.BuildAsync(stream, period, CancellationToken.None);
        var again = await service.BuildAsync(stream, period, CancellationToken.None);

        // The headline figures are the period's report's (W11: C done → 1); the sections are the panels, in order.
        Assert.Equal("Throughput: 1 item (\u22122 vs 2026-W10, worse)", report.Highlights[0]);
        var json = System.Text.Json.JsonDocument.Parse(Encoding.UTF8.GetString(report.Files[2].Content.Span)).RootElement;
        var sections = json.GetProperty("sections").EnumerateArray().ToList();
        Assert.Equal([("panel-1", "<b>WIP</b>"), ("panel-2", "Cycle time"), ("panel-3", "Throughput")],
            sections.Select(x => (x.GetProperty("id").GetString(), x.GetProperty("title").GetString())));
        // The period's as-of is its last instant (the end of Sunday 2026-03-15, 23:59:59.9999999 UTC in London's winter
        // time); -1w is the end of 2026-03-08, whose last complete week is 2026-W09.
        Assert.Equal("delivery · 2026-W11 · as of 2026-03-15 23:59 UTC", sections[0].GetProperty("notes")[0].GetString());
        Assert.Equal("delivery · 2026-W09 · as of 2026-03-08 23:59 UTC", sections[2].GetProperty("notes")[0].GetString());
        Assert.DoesNotContain("<b>WIP</b>", Encoding.UTF8.GetString(report.Files[0].Content.Span), StringComparison.Ordinal);
        Assert.Equal(report.Files.Select(f => f.Content.ToArray()), again.Files.Select(f => f.Content.ToArray()));
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
