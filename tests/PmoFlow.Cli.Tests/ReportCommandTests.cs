using System.Text.Json;
using PmoFlow.Core.Events;
using PmoFlow.Streams.Configuration;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Reporting.Streams;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests;

/// <summary>`pmoflow report` end to end: CSV imported into a real PostgreSQL, the report built from the stored events.</summary>
public sealed class ReportCommandTests : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly DatabaseFixture _db;
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-report-").FullName;

    public ReportCommandTests(DatabaseFixture db) => _db = db;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The connection string goes through the config file: environment variables are process-wide.</summary>
    private string WithDatabase(string configPath, string streamName, string sourceName)
    {
        var text = File.ReadAllText(configPath)
            .Replace($"name: {streamName}\n", $"name: {streamName}-r\n", StringComparison.Ordinal)
            .Replace($"sources: [{sourceName}]", $"sources: [{sourceName}-r]", StringComparison.Ordinal)
            .Replace($"- name: {sourceName}\n", $"- name: {sourceName}-r\n", StringComparison.Ordinal);
        File.WriteAllText(configPath, $"database: \"{_db.ConnectionString}\"\n" + text);
        return configPath;
    }

    [Fact]
    public async Task Report_HandMadeWeek_WritesEveryFileWithTheHandWorkedHeadlines()
    {
        // Week 2024-W05 (Mon Jan 29 .. Sun Feb 4), UTC. Done in the week: B (Jan 23 -> Jan 30: 8 days),
        // C (Jan 29 -> Jan 29: 1 day), D (Jan 30 -> Feb 1: 3 days). A was done in W04 (Jan 22 -> Jan 24: 3 days).
        // E is in progress from Jan 26 and blocked since Feb 2; F is still open.
        File.WriteAllText(Path.Combine(_dir, "events.csv"), """
            item_key,timestamp,from_status,to_status,event,title,value
            A,2024-01-22T09:00:00Z,,Open,created,Basket rounding,
            A,2024-01-22T10:00:00Z,Open,In Progress,status,Basket rounding,
            A,2024-01-24T10:00:00Z,In Progress,Done,status,Basket rounding,
            B,2024-01-23T09:00:00Z,,Open,created,Search <b>speed</b>,
            B,2024-01-23T10:00:00Z,Open,In Progress,status,Search <b>speed</b>,
            B,2024-01-25T10:00:00Z,In Progress,Review,status,Search <b>speed</b>,
            B,2024-01-30T10:00:00Z,Review,Done,status,Search <b>speed</b>,
            C,2024-01-29T08:00:00Z,,Open,created,Typo,
            C,2024-01-29T09:00:00Z,Open,In Progress,status,Typo,
            C,2024-01-29T17:00:00Z,In Progress,Done,status,Typo,
            D,2024-01-29T08:00:00Z,,Open,created,Coupons,
            D,2024-01-30T09:00:00Z,Open,In Progress,status,Coupons,
            D,2024-02-01T09:00:00Z,In Progress,Done,status,Coupons,
            E,2024-01-20T08:00:00Z,,Open,created,Payment provider,
            E,2024-01-26T09:00:00Z,Open,In Progress,status,Payment provider,
            E,2024-02-02T12:00:00Z,,,blocked,Payment provider,Waiting for vendor
            F,2024-01-31T08:00:00Z,,Open,created,Gift cards,

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        var config = Path.Combine(_dir, "pmoflow.yaml");
        File.WriteAllText(config, $"""
            database: "{_db.ConnectionString}"
            streams:
              - name: checkout
                timeZone: UTC
                sle: 5
                sources: [shop]
                stages:
                  - {"{"} name: Backlog, category: backlog, statuses: [Open] {"}"}
                  - {"{"} name: Doing, category: active, statuses: [In Progress] {"}"}
                  - {"{"} name: Review, category: wait, statuses: [Review] {"}"}
                  - {"{"} name: Done, category: done, statuses: [Done] {"}"}
            sources:
              - name: shop
                kind: csv
                events: events.csv
                timeZone: UTC
            """);
        var import = await CliRunner.RunAsync("import", "csv", "--config", config, "--format", "csv");
        Assert.True(import.Code == 0, import.Stderr);
        var outDir = Path.Combine(_dir, "out");

        var run = await CliRunner.RunAsync(
            "report", "--config", config, "--stream", "checkout", "--week", "2024-W05", "--out", outDir, "--as-of", "2024-02-10T12:00:00Z");

        Assert.True(run.Code == 0, run.Stderr);
        var printed = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            ["report.html", "report.md", "report.json", "items-beyond-sle.csv", "blocked-items.csv", "longest-waiting-stages.csv"],
            printed.Select(Path.GetFileName));
        Assert.All(printed, p => Assert.True(File.Exists(p), p));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "report.json")));
        var headlines = json.RootElement.GetProperty("headlines").EnumerateArray()
            .ToDictionary(h => h.GetProperty("metric").GetString()!, h => (h.GetProperty("value"), h.GetProperty("previous")));
        Assert.Equal(3, headlines["throughput"].Item1.GetDouble()); // B, C, D
        Assert.Equal(1, headlines["throughput"].Item2.GetDouble()); // A
        Assert.Equal(3, headlines["cycleTimeP50"].Item1.GetDouble()); // {1, 3, 8}
        Assert.Equal(8, headlines["cycleTimeP85"].Item1.GetDouble());
        Assert.Equal(1, headlines["wip"].Item1.GetDouble()); // E
        Assert.Equal(2, headlines["wip"].Item2.GetDouble()); // B and E at the end of Jan 28
        Assert.Equal(0.667, headlines["sleAttainment"].Item1.GetDouble(), 3); // C and D within 5 days
        Assert.Equal("2024-W05", json.RootElement.GetProperty("period").GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("attribution").ValueKind);

        var blocked = await File.ReadAllTextAsync(Path.Combine(outDir, "blocked-items.csv"));
        Assert.Contains("E,Payment provider,Doing,2024-02-02,2.5,Waiting for vendor", blocked, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(Path.Combine(outDir, "report.html"));
        // B's title is only on the scatterplot: chart options are JSON with < and > escaped.
        Assert.Contains("Search \\u003cb\\u003espeed", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Search <b>speed</b>", html, StringComparison.Ordinal);

        // --pdf prints the HTML with headless chromium; with --format md the HTML it printed from is not kept.
        var pdfDir = Path.Combine(_dir, "pdf");
        var pdf = await CliRunner.RunAsync(
            "report", "--config", config, "--stream", "checkout", "--week", "2024-W05", "--out", pdfDir, "--as-of", "2024-02-10T12:00:00Z", "--format", "md", "--pdf");
        Assert.True(pdf.Code == 0, pdf.Stderr);
        Assert.Equal(["report.md", "report.pdf"], pdf.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFileName));
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(Path.Combine(pdfDir, "report.pdf")))[..5]));
        Assert.False(File.Exists(Path.Combine(pdfDir, "report.html")));
    }

    [Fact]
    public async Task Report_ApacheMjarFromPostgres_SameHeadlinesAsTheInMemoryReportAndCreditsTheDataset()
    {
        var config = WithDatabase(CliRunner.ApacheConfig("MJAR", _dir), "mjar", "mjar");
        var import = await CliRunner.RunAsync("import", "csv", "--config", config, "--format", "csv");
        Assert.True(import.Code == 0, import.Stderr);
        var outDir = Path.Combine(_dir, "mjar-out");
        var asOf = new DateTimeOffset(2022, 1, 10, 0, 0, 0, TimeSpan.Zero);

        var run = await CliRunner.RunAsync(
            "report", "--config", config, "--week", "2022-01-05", "--out", outDir, "--as-of", "2022-01-10T00:00:00Z", "--format", "json,md");

        Assert.True(run.Code == 0, run.Stderr);
        Assert.Equal(["report.md", "report.json"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order().Reverse());

        // Oracle: the same CSV files read in memory (no database) through the same factory.
        var cfg = ConfigLoader.Load(config);
        var stream = cfg.Stream(null);
        var source = cfg.Sources.Single();
        var items = new List<WorkItem>();
        var events = new List<FlowEvent>();
        foreach (var batch in CsvSourceImporter.Read(source.Name, source.Csv!, TimeZoneInfo.Utc, null, full: true))
        {
            items.AddRange(batch.Items);
            events.AddRange(batch.Events);
        }

        var expected = StreamReportFactory.Create(
            new StreamReportRequest { Stream = stream.Definition, Week = new DateOnly(2022, 1, 5), AsOf = asOf }, items, events);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "report.json")));
        var values = json.RootElement.GetProperty("headlines").EnumerateArray()
            .Select(h => (h.GetProperty("value").ValueKind == JsonValueKind.Null ? (double?)null : h.GetProperty("value").GetDouble(),
                h.GetProperty("previous").ValueKind == JsonValueKind.Null ? (double?)null : h.GetProperty("previous").GetDouble()))
            .ToList();
        Assert.Equal(expected.Model.Headlines.Select(h => (h.Value, h.Previous)), values);
        Assert.NotNull(expected.Model.Headlines[0].Value); // the week holds completions: the comparison is not vacuous
        Assert.Equal(
            "Data: Apache Maven JAR Plugin Jira, via Montgomery, Lüders & Maalej (MSR 2022), CC BY 4.0",
            json.RootElement.GetProperty("attribution").GetString());
        var markdown = await File.ReadAllTextAsync(Path.Combine(outDir, "report.md"));
        Assert.Contains("Maven JAR Plugin Jira", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--week", "2024-13-45", "is not a week")]
    [InlineData("--format", "pdf", "is not one of all, html, md, json, csv")]
    [InlineData("--as-of", "the day before", "is neither a date")]
    [InlineData("--as-of", "1/2/2025 10:00 +01:00", "is neither a date")]
    public async Task Report_BadArgument_UsageErrorWithTheReason(string option, string value, string message)
    {
        var config = WithDatabase(CliRunner.ApacheConfig("MJAR", _dir), "mjar", "mjar");
        var run = await CliRunner.RunAsync("report", "--config", config, "--out", Path.Combine(_dir, "x"), option, value);

        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }
}
