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
        await new PmoFlow.Storage.SourceCatalog(_db.DataSource).RemoveAsync("sample", CancellationToken.None);

        var (code, stdout, stderr) = await RunAsync(env, "demo", "--out", _dir, "--format", "json");

        Assert.True(code == 0, stderr);
        // stdout: the JSON document (import + summary tables), then the report line.
        var json = stdout[..stdout.LastIndexOf("Report: ", StringComparison.Ordinal)];
        var doc = JsonDocument.Parse(json).RootElement;
        var summary = doc.GetProperty("summary").EnumerateArray().ToDictionary(r => r.GetProperty("figure").GetString()!, r => r.GetProperty("value"));
        // Oracle: the generated items file has one row per item.
        var items = File.ReadLines(Path.Combine(_dir, "items.csv")).Count() - 1;
        Assert.Equal(items, summary["items"].GetInt32());
        // The demo is live: its data ends yesterday in the sample's zone, and the summary is as of the end of that day.
        var yesterday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime).AddDays(-1);
        Assert.Equal(yesterday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), summary["as_of"].GetString());
        Assert.True(summary["cycle_time_p85_days"].GetDouble() >= summary["cycle_time_p50_days"].GetDouble());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", summary["backlog_done_p85"].GetString());
        // The forecast lists the bank holidays it stepped over, after the as-of date up to its P85 date, by name.
        // Oracle: the England and Wales rule (SampleHolidays) for those dates, independent of the stream's calendar.
        var asOfDate = DateOnly.ParseExact(summary["as_of"].GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var p85 = DateOnly.ParseExact(summary["backlog_done_p85"].GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var expected = PmoFlow.Core.Simulation.SampleHolidays.EnglandAndWalesNamed(asOfDate.Year, p85.Year)
            .Where(h => h.Date > asOfDate && h.Date <= p85)
            .Select(h => h.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " " + h.Name).ToList();
        Assert.Equal(expected.Count == 0 ? "none" : string.Join(", ", expected), summary["holidays_skipped"].GetString());
        // The backlog dates are calibrated by default and the summary says how (a P85 line, or why they are the raw model's).
        Assert.Matches(@"^(P85 calibrated on \d+ past forecasts|Not calibrated: )", summary["forecast_calibration"].GetString());
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

    [Fact]
    public async Task Demo_OnALaterDay_ReplacesTheSampleWithTheYearEndingYesterday()
    {
        var env = new Dictionary<string, string> { ["PMOFLOW_DATABASE"] = _db.ConnectionString };
        // Each test of this class starts from a database without the sample (the tests share one database).
        await new PmoFlow.Storage.SourceCatalog(_db.DataSource).RemoveAsync("sample", CancellationToken.None);
        var first = await RunAsync(env, "demo", "--out", _dir, "--format", "json");
        Assert.True(first.Code == 0, first.Stderr);

        // Pretend the first run happened three days ago: its sample ended four days before today.
        var marker = Path.Combine(_dir, "sample.json");
        var recorded = JsonDocument.Parse(await File.ReadAllTextAsync(marker)).RootElement;
        var end = DateOnly.ParseExact(recorded.GetProperty("End").GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var start = DateOnly.ParseExact(recorded.GetProperty("Start").GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(marker, JsonSerializer.Serialize(new
        {
            Seed = recorded.GetProperty("Seed").GetInt32(),
            Teams = recorded.GetProperty("Teams").GetInt32(),
            Start = start.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            End = end.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }));

        var again = await RunAsync(env, "demo", "--out", _dir, "--format", "json");

        Assert.True(again.Code == 0, again.Stderr);
        Assert.Contains($"ended {end.AddDays(-3):yyyy-MM-dd}", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("Replaced the stored 'sample' sample", again.Stderr, StringComparison.Ordinal);
        var doc = JsonDocument.Parse(again.Stdout[..again.Stdout.LastIndexOf("Report: ", StringComparison.Ordinal)]).RootElement;
        var summary = doc.GetProperty("summary").EnumerateArray().ToDictionary(r => r.GetProperty("figure").GetString()!, r => r.GetProperty("value"));
        // Oracle: the regenerated files. The stored sample is exactly them (no merge with the older sample).
        var items = File.ReadLines(Path.Combine(_dir, "items.csv")).Count() - 1;
        var events = File.ReadLines(Path.Combine(_dir, "events.csv")).Count() - 1;
        Assert.Equal(items, summary["items"].GetInt32());
        Assert.Equal(events, doc.GetProperty("import").EnumerateArray().Single().GetProperty("new_events").GetInt32());
        Assert.Equal(end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), summary["as_of"].GetString());
    }

    private Task<(int Code, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string> env, params string[] args) =>
        CliRunner.RunChildAsync(_dir, env, args);
}
