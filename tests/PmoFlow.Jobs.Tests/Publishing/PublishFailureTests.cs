using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Publishing;
using PmoFlow.Jobs.Services;
using PmoFlow.Jobs.Tests.Support;
using PmoFlow.Testing;

namespace PmoFlow.Jobs.Tests.Publishing;

/// <summary>Failures inside a delivery are recorded with their reason and retried, never dropped.</summary>
public sealed class PublishFailureTests
{
    private static readonly PublishPeriod W13 = ReportPeriods.Parse("2026-W13", PeriodGranularity.Week, TimeZoneInfo.Utc, null);

    [Fact]
    public async Task Publish_DatabaseStatementFails_OnlyThatDeliveryFailsAndTheOtherIsDelivered()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = TestConfigs.NewFolder();
        var stream = Stream("publish: [ { kind: database }, { kind: folder, path: out } ]", folder);

        // The report's JSON is not JSON: the reports insert fails inside the delivery's transaction.
        var result = await Service(db.DataSource, new FixedReports("not json")).PublishAsync(stream, W13, CancellationToken.None);

        Assert.Equal([("database", "failed"), ("folder", "delivered")], result.Outcomes.Select(o => (o.Publisher, o.Status)));
        Assert.Contains("PostgresException", result.Outcomes[0].Detail, StringComparison.Ordinal);
        Assert.Equal(0, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM reports"));
        var rows = await Sql.RowsAsync(db.DataSource, "SELECT publisher, status, attempts, last_error IS NOT NULL FROM deliveries ORDER BY publisher");
        Assert.Equal([("database", "failed", 1, true), ("folder", "delivered", 1, false)], rows.Select(r => ((string)r[0]!, (string)r[1]!, (int)r[2]!, (bool)r[3]!)));

        // Fixed report: the next run delivers only the failed one.
        var retry = await Service(db.DataSource, new FixedReports("{}")).PublishAsync(stream, W13, CancellationToken.None);
        Assert.Equal([("database", "delivered"), ("folder", "already-delivered")], retry.Outcomes.Select(o => (o.Publisher, o.Status)));
        Assert.Equal(1, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM reports"));
    }

    [Fact]
    public async Task Publish_ReportCannotBeBuilt_EveryDeliveryFailedWithTheReason()
    {
        await using var db = await TestDatabase.CreateAsync();
        var stream = Stream("publish: [ { kind: database } ]", TestConfigs.NewFolder());

        var result = await Service(db.DataSource, new FixedReports(null)).PublishAsync(stream, W13, CancellationToken.None);

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(("failed", "database 'database': InvalidOperationException: the metrics engine is down"), (outcome.Status, outcome.Detail));
        Assert.Equal(1, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM deliveries WHERE status = 'failed'"));
    }

    private static StreamJobs Stream(string extra, string folder) =>
        JobsConfigReader.Read(TestConfigs.Parse(TestConfigs.OneStream(extra, zone: "UTC"), folder)).Streams.Single();

    private static PublishService Service(NpgsqlDataSource ds, IReportService reports) => new(
        ds,
        reports,
        new PublisherFactory(new SecretResolver(_ => null)),
        new DeliveryStore(ds),
        new PmoFlowSchedulerOptions(),
        NullLogger<PublishService>.Instance);

    /// <summary>A report with the given JSON, or a build failure when null.</summary>
    private sealed class FixedReports(string? json) : IReportService
    {
        public Task<RenderedReport> BuildAsync(StreamJobs stream, PublishPeriod period, CancellationToken ct) => json is null
            ? throw new InvalidOperationException("the metrics engine is down")
            : Task.FromResult(new RenderedReport(stream.Name, period, "t", [], "# t", json, [new PmoFlow.Reporting.RenderedFile("report.md", "text/markdown", "# t"u8.ToArray())]));
    }
}
