using System.Diagnostics;
using System.Text.Json;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests;

/// <summary>`pmoflow demo` as a new user runs it: a real child process on a real PostgreSQL.</summary>
public sealed class DemoCommandTests : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly DatabaseFixture _db;
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-demo-").FullName;

    public DemoCommandTests(DatabaseFixture db) => _db = db;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Demo_FreshDatabase_PrintsTheSummaryAndWritesTheReport()
    {
        var env = new Dictionary<string, string> { ["PMOFLOW_DATABASE"] = _db.ConnectionString };

        var (code, stdout, stderr) = await RunAsync(env, "demo", "--out", _dir, "--format", "json");

        Assert.True(code == 0, stderr);
        // stdout: the JSON document (import + summary tables), then the report line.
        var json = stdout[..stdout.LastIndexOf("Report: ", StringComparison.Ordinal)];
        var doc = JsonDocument.Parse(json).RootElement;
        var summary = doc.GetProperty("summary").EnumerateArray().ToDictionary(r => r.GetProperty("figure").GetString()!, r => r.GetProperty("value"));
        // Oracle: the generated items file has one row per item.
        var items = File.ReadLines(Path.Combine(_dir, "items.csv")).Count() - 1;
        Assert.Equal(items, summary["items"].GetInt32());
        Assert.Equal("2025-12-31", summary["as_of"].GetString());
        Assert.True(summary["cycle_time_p85_days"].GetDouble() >= summary["cycle_time_p50_days"].GetDouble());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", summary["backlog_done_p85"].GetString());
        var events = File.ReadLines(Path.Combine(_dir, "events.csv")).Count() - 1;
        Assert.Equal(events, doc.GetProperty("import").EnumerateArray().Single().GetProperty("new_events").GetInt32());
        var report = stdout[(stdout.LastIndexOf("Report: ", StringComparison.Ordinal) + 8)..].Trim();
        Assert.True(File.Exists(report), report);
        var html = await File.ReadAllTextAsync(report);
        Assert.Contains("delivery", html, StringComparison.Ordinal);

        // The sample portfolio's KPI readings are stored, and the report has its "Value" section.
        var readingRows = File.ReadLines(Path.Combine(_dir, "kpi-readings.csv")).Count() - 1;
        Assert.Contains($"{readingRows} new KPI readings stored", stderr, StringComparison.Ordinal);
        using var reportJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(report)!, "report.json")));
        var value = reportJson.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "value");
        var ranking = value.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "value-ranking");
        Assert.Equal(["SELF-SERVICE", "ONBOARDING", "CHURN", "PLATFORM"], ranking.GetProperty("rows").EnumerateArray().Select(r => r[1].GetString()));
        Assert.Contains("id=\"section-value\"", html, StringComparison.Ordinal);

        // Again: nothing new is imported.
        var again = await RunAsync(env, "demo", "--out", _dir, "--format", "json");
        Assert.Equal(0, again.Code);
        var againDoc = JsonDocument.Parse(again.Stdout[..again.Stdout.LastIndexOf("Report: ", StringComparison.Ordinal)]).RootElement;
        Assert.Equal(0, againDoc.GetProperty("import").EnumerateArray().Single().GetProperty("new_events").GetInt32());
    }

    private Task<(int Code, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string> env, params string[] args) =>
        CliRunner.RunChildAsync(_dir, env, args);
}
