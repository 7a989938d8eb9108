using System.Globalization;
using System.Text.Json;
using PmoFlow.Storage.Portfolio;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests;

/// <summary>
/// Saved what-if scenarios in the weekly report and the report rendered from a saved dashboard, end to end on the
/// sample data in a real PostgreSQL (same set-up as the portfolio tests).
/// </summary>
public sealed partial class PortfolioCommandTests
{
    private const string Hostile = "<img src=x onerror=alert(1)>";

    [Fact]
    public async Task Report_SavedScenarios_BesideTheBaselineWithThePortfolioWhatIfFigures()
    {
        await GenerateAndImportSampleAsync();
        var scenarios = new ScenarioStore(_db.DataSource);
        await scenarios.SaveAsync("no churn", "no churn:drop=CHURN", DateTimeOffset.UnixEpoch, CancellationToken.None);
        await scenarios.SaveAsync("faster", "faster:throughputFactor=1.5,wipLimit=2", DateTimeOffset.UnixEpoch, CancellationToken.None);
        var outDir = Path.Combine(_dir, "report");

        // The report as of the end of 2025-09-30 in Europe/London, and pmoflow portfolio --what-if as of the same instant.
        var report = await CliRunner.RunAsync("report", "--config", Config, "--week", AsOf, "--as-of", "2025-09-30T22:59:59.9999999Z", "--out", outDir, "--format", "json");
        var cli = await CliRunner.RunAsync("portfolio", "--config", Config, "--as-of", AsOf, "--format", "json",
            "--what-if", "faster:throughputFactor=1.5,wipLimit=2", "--what-if", "no churn:drop=CHURN");
        Assert.True(report.Code == 0, report.Stderr);
        Assert.True(cli.Code == 0, cli.Stderr);

        using var reportJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        using var cliJson = JsonDocument.Parse(cli.Stdout);
        var value = reportJson.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "value");
        var rows = TableRows(value, "what-if");
        var want = cliJson.RootElement.GetProperty("what_if").EnumerateArray().ToList();

        // Saved scenarios come by name, after the baseline: the same rows the CLI prints for the same scenarios.
        Assert.Equal(["baseline", "faster", "no churn"], rows.Select(r => r["Scenario"]));
        Assert.Equal(want.Select(w => Text(w, "scenario")), rows.Select(r => r["Scenario"]));
        foreach (var (row, w) in rows.Zip(want))
        {
            Assert.Equal(Text(w, "value_by"), row["Value by"]);
            Assert.Equal(Decimal(w, "value_delivered"), Number(row["Value delivered"]));
            Assert.Equal(Decimal(w, "npv"), Number(row["NPV"]));
            Assert.Equal(Decimal(w, "cost_of_delay"), Number(row["Cost of delay vs baseline"]));
            Assert.Equal(Text(w, "wsjf_order"), row["WSJF order"]);
        }

        // Independent of both: value is counted 13 weeks (91 days) after the as-of day; dropping CHURN removes its NPV
        // (−80000 + 40000 × (1/1.08 + 1/1.08² + 1/1.08³) = 23083.88); the baseline costs nothing against itself.
        Assert.Equal("2025-12-30", rows[0]["Value by"]);
        Assert.Equal(23083.88m, Number(rows[0]["NPV"])!.Value - Number(rows[2]["NPV"])!.Value);
        Assert.Equal(0m, Number(rows[0]["Cost of delay vs baseline"]));
        Assert.Equal("SELF-SERVICE > ONBOARDING > PLATFORM", rows[2]["WSJF order"]);

        var initiatives = TableRows(value, "what-if-initiatives");
        var wantInitiatives = cliJson.RootElement.GetProperty("what_if_initiatives").EnumerateArray().ToList();
        Assert.Equal(wantInitiatives.Count, initiatives.Count);
        foreach (var (row, w) in initiatives.Zip(wantInitiatives))
        {
            Assert.Equal(Text(w, "scenario"), row["Scenario"]);
            Assert.Equal(Text(w, "initiative"), row["Initiative"]);
            Assert.Equal(Int(w, "priority")?.ToString(CultureInfo.InvariantCulture), row["Priority"]);
            Assert.Equal(Text(w, "status"), row["Status"]);
            Assert.Equal(Text(w, "date"), row["Date"]);
            Assert.Equal(Int(w, "days_late")?.ToString(CultureInfo.InvariantCulture), row["Days late"]);
            Assert.Equal(Decimal(w, "cost_of_delay"), Number(row["Cost of delay"]));
        }

        Assert.DoesNotContain(initiatives, r => r["Scenario"] == "no churn" && r["Initiative"] == "CHURN");
        Assert.Contains(initiatives, r => r["Scenario"] == "faster" && r["Days late"] is { } d && int.Parse(d, CultureInfo.InvariantCulture) < 0);
    }

    [Fact]
    public async Task Dashboard_ImportListExportRemove_AndTheReportFollowsItsOrder()
    {
        await GenerateAndImportSampleAsync();
        var file = Path.Combine(_dir, "ops.yaml");
        File.WriteAllText(file, $"""
            dashboard: "{Hostile} ops"
            panels:
              - show: blocked-items
                title: "{Hostile}"
              - show: throughput
                width: 4
                height: 240
                weeks: 4
              - show: value
                asOf: -1w
              - show: cycle-time
                week: 2025-W37

            """);

        var import = await CliRunner.RunAsync("dashboard", "import", file, "--config", Config);
        Assert.True(import.Code == 0, import.Stderr);
        Assert.Contains("4 panel(s), shared", import.Stdout, StringComparison.Ordinal);

        var list = await CliRunner.RunAsync("dashboard", "list", "--config", Config, "--format", "json");
        Assert.True(list.Code == 0, list.Stderr);
        var listed = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal(Hostile + " ops", listed.GetProperty("dashboard").GetString());
        Assert.Equal("shared", listed.GetProperty("owner").GetString());
        Assert.Equal(4, listed.GetProperty("panels").GetInt32());

        // The report from the dashboard: one section per panel, in the saved order, each the report's own part.
        var outDir = Path.Combine(_dir, "from-dashboard");
        var report = await CliRunner.RunAsync("report", "--config", Config, "--week", AsOf, "--as-of", "2025-09-30T22:59:59.9999999Z",
            "--out", outDir, "--dashboard", Hostile + " ops");
        Assert.True(report.Code == 0, report.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var sections = json.RootElement.GetProperty("sections").EnumerateArray().ToList();
        Assert.Equal(["panel-1", "panel-2", "panel-3", "panel-4"], sections.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal([Hostile, "Throughput", "Value", "Cycle time"], sections.Select(s => s.GetProperty("title").GetString()));
        Assert.Equal(["p1-blocked-items"], sections[0].GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        var throughput = sections[1].GetProperty("charts").EnumerateArray().Single();
        Assert.Equal("p2-throughput", throughput.GetProperty("id").GetString());
        Assert.Equal(240, throughput.GetProperty("heightPx").GetInt32());
        Assert.Equal(["p4-cycle-time-scatter", "p4-cycle-time-histogram"], sections[3].GetProperty("charts").EnumerateArray().Select(c => c.GetProperty("id").GetString()));

        // Each panel names its own week and as-of: the week of 2025-09-30 is 2025-W40; -1w is the end of 2025-09-23
        // (22:59 UTC in London's summer time), whose default week is the last complete one before it, 2025-W38;
        // 2025-W37 is asked for by name.
        string Note(int i) => sections[i].GetProperty("notes")[0].GetString()!;
        Assert.Equal("delivery · 2025-W40 · as of 2025-09-30 22:59 UTC", Note(0));
        Assert.Equal("delivery · 2025-W40 · as of 2025-09-30 22:59 UTC · 4 weeks of history", Note(1));
        Assert.Equal("delivery · 2025-W38 · as of 2025-09-23 22:59 UTC", Note(2));
        Assert.StartsWith("delivery · 2025-W37 · ", Note(3), StringComparison.Ordinal);

        // A 4-week window: the 28 days ending Sunday 2025-10-05 start on 2025-09-08; the daily axis runs to the as-of day.
        var days = throughput.GetProperty("option").GetProperty("xAxis").GetProperty("data").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Equal(("2025-09-08", "2025-09-30", 23), (days[0], days[^1], days.Count));

        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("id=\"section-panel-1\"", StringComparison.Ordinal) < html.IndexOf("id=\"section-panel-2\"", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(outDir, "p1-blocked-items.csv")));

        // Export: the same dashboard back as YAML (hostile text quoted), importable again after removal.
        var exported = Path.Combine(_dir, "exported.yaml");
        var export = await CliRunner.RunAsync("dashboard", "export", Hostile + " ops", "--out", exported, "--config", Config);
        Assert.True(export.Code == 0, export.Stderr);
        var yaml = File.ReadAllText(exported);
        Assert.Contains("dashboard: \"<img src=x onerror=alert(1)> ops\"", yaml, StringComparison.Ordinal);
        Assert.Equal(4, yaml.Split('\n').Count(l => l.TrimStart().StartsWith("- show:", StringComparison.Ordinal)));
        Assert.Equal(0, (await CliRunner.RunAsync("dashboard", "remove", Hostile + " ops", "--config", Config)).Code);
        Assert.Equal(2, (await CliRunner.RunAsync("dashboard", "export", Hostile + " ops", "--config", Config)).Code);
        Assert.Equal(0, (await CliRunner.RunAsync("dashboard", "import", exported, "--config", Config)).Code);
        var again = await CliRunner.RunAsync("dashboard", "export", Hostile + " ops", "--config", Config);
        Assert.Equal(yaml, again.Stdout);
    }

    [Fact]
    public async Task Dashboard_ImportBadFile_NamesFileLineAndKey_AndStoresNothing()
    {
        File.WriteAllText(Config, $"database: '{_db.ConnectionString}'\n" + """
            streams:
              - name: delivery
                stages:
                  - { name: Backlog, category: backlog }
                  - { name: Done, category: done }
            """);
        var file = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(file, "dashboard: ops\npanels:\n  - show: throughput\n  - show: cycle-time\n    width: 9\n");
        var run = await CliRunner.RunAsync("dashboard", "import", file, "--config", Config);
        Assert.Equal(3, run.Code);
        Assert.Contains("bad.yaml:5: panels[1].width: must be between 1 and 4", run.Stderr, StringComparison.Ordinal);

        File.WriteAllText(file, "dashboard: ops\npanels:\n  - show: throughput\n    stream: nope\n");
        run = await CliRunner.RunAsync("dashboard", "import", file, "--config", Config);
        Assert.Contains("bad.yaml:4: panels[0].stream: no stream is named 'nope'", run.Stderr, StringComparison.Ordinal);

        File.WriteAllText(file, "dashboard: ops\npanels:\n  - show: throughput\n    colour: red\n");
        run = await CliRunner.RunAsync("dashboard", "import", file, "--config", Config);
        Assert.Contains("bad.yaml:4: panels[0].colour: unknown key", run.Stderr, StringComparison.Ordinal);

        File.WriteAllText(file, "dashboard: \"ops\\n- show: x\"\npanels: []\n");
        run = await CliRunner.RunAsync("dashboard", "import", file, "--config", Config);
        Assert.Contains("bad.yaml:1: dashboard: must not hold control characters", run.Stderr, StringComparison.Ordinal);

        var none = await CliRunner.RunAsync("dashboard", "list", "--config", Config, "--format", "json");
        Assert.Empty(JsonDocument.Parse(none.Stdout).RootElement.EnumerateArray());

        // A private dashboard needs a key to own it; there is none in this run's environment or options.
        File.WriteAllText(file, "dashboard: mine\nshared: false\npanels: []\n");
        if (Environment.GetEnvironmentVariable("PMOFLOW_API_KEY") is null)
        {
            run = await CliRunner.RunAsync("dashboard", "import", file, "--config", Config);
            Assert.Equal(2, run.Code);
            Assert.Contains("private", run.Stderr, StringComparison.Ordinal);
        }

        var keyFile = Path.Combine(_dir, "key");
        File.WriteAllText(keyFile, "a-test-key-of-sixteen-chars\n");
        run = await CliRunner.RunAsync("dashboard", "import", file, "--config", Config, "--api-key-file", keyFile);
        Assert.True(run.Code == 0, run.Stderr);
        var list = await CliRunner.RunAsync("dashboard", "list", "--config", Config, "--format", "json", "--api-key-file", keyFile);
        var owners = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Select(d => d.GetProperty("owner").GetString()).ToList();
        Assert.Equal([Streams.Dashboards.DashboardOwners.OfKey("a-test-key-of-sixteen-chars")], owners);
        Assert.StartsWith("key:", owners[0], StringComparison.Ordinal);
    }
}
