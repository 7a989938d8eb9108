using System.Text.Json;

namespace PmoFlow.Cli.Tests;

/// <summary>The analysis commands on files (no database): contract columns, conventions, exit codes.</summary>
public sealed class AnalysisCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-cli-a-").FullName;

    public AnalysisCommandsTests()
    {
        File.WriteAllText(Path.Combine(_dir, "pmoflow.yaml"), """
            streams:
              - name: team
                timeZone: Europe/London
                sources: [files]
                stages:
                  - { name: Open, category: backlog, statuses: [Open] }
                  - { name: Doing, category: active, statuses: [In Progress] }
                  - { name: Review, category: wait, statuses: [Review] }
                  - { name: Done, category: done, statuses: [Done] }
            sources:
              - { name: files, kind: csv, events: events.csv }
            """);
        // A-1: started Mon 5 Jan 10:00, in review from Tue 6 Jan 10:00, done Wed 7 Jan 10:00 (UTC = London in winter).
        // A-2: started Thu 8 Jan, still in progress.
        File.WriteAllText(Path.Combine(_dir, "events.csv"), """
            item_key,timestamp,from_status,to_status,item_type,title
            A-1,2026-01-05T10:00:00Z,Open,In Progress,Story,"=HYPERLINK(""x"")"
            A-1,2026-01-06T10:00:00Z,In Progress,Review,,
            A-1,2026-01-07T10:00:00Z,Review,Done,,
            A-2,2026-01-08T09:00:00Z,Open,In Progress,Bug,Second <b>item</b>

            """);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Items_OnFiles_PrintsTheDocumentedColumnsAndHandWorkedFigures()
    {
        var (code, stdout, stderr) = await Run("items", "--events", "events.csv", "--as-of", "2026-01-10", "--format", "json");

        Assert.True(code == 0, stderr);
        var rows = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(
            ["key", "type", "title", "created", "start", "done", "cycle_time", "lead_time", "time_to_value", "flow_efficiency",
             "blocked_days", "rework_moves", "state", "age", "p_done_7d", "p_done_14d", "p_done_30d"],
            rows[0].EnumerateObject().Select(p => p.Name));
        var a1 = rows.Single(r => r.GetProperty("key").GetString() == "A-1");
        // Inclusive days: 7 Jan − 5 Jan + 1 = 3.
        Assert.Equal(3, a1.GetProperty("cycle_time").GetDouble());
        // Active 5 Jan 10:00 → 6 Jan 10:00 (1 day) of 2 days from start to done: 0.5.
        Assert.Equal(0.5, a1.GetProperty("flow_efficiency").GetDouble(), 6);
        Assert.Equal("done", a1.GetProperty("state").GetString());
        var a2 = rows.Single(r => r.GetProperty("key").GetString() == "A-2");
        Assert.Equal("in-progress", a2.GetProperty("state").GetString());
        // Age on 10 Jan of an item started 8 Jan: 10 − 8 + 1 = 3.
        Assert.Equal(3, a2.GetProperty("age").GetDouble());
        Assert.Equal(JsonValueKind.Null, a2.GetProperty("cycle_time").ValueKind);
    }

    [Fact]
    public async Task Items_JiraAgileMetricsProfile_CountsDaysExclusively()
    {
        var (code, stdout, _) = await Run("items", "--events", "events.csv", "--as-of", "2026-01-10", "--format", "json", "--profile", "jira-agile-metrics");

        Assert.Equal(0, code);
        var a1 = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Single(r => r.GetProperty("key").GetString() == "A-1");
        Assert.Equal(2, a1.GetProperty("cycle_time").GetDouble()); // 7 Jan − 5 Jan, no +1
    }

    [Fact]
    public async Task Items_OptionOverride_ChangesOneSwitch()
    {
        var (code, stdout, _) = await Run("items", "--events", "events.csv", "--as-of", "2026-01-10", "--format", "csv", "--option", "dayCount=exclusive");

        Assert.Equal(0, code);
        var header = stdout.Split('\n')[0].Split(',');
        var row = stdout.Split('\n').Single(l => l.StartsWith("A-1,", StringComparison.Ordinal));
        Assert.Equal("2", Field(row, Array.IndexOf(header, "cycle_time")));
        // The title starting with '=' is neutralised for spreadsheets.
        Assert.Contains("'=HYPERLINK", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_UnknownOption_ExitsWithUsageError()
    {
        var (code, _, stderr) = await Run("items", "--events", "events.csv", "--option", "dayCount=sometimes");

        Assert.Equal(2, code);
        Assert.Contains("not a valid dayCount", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_Json_HoldsEveryMetricTable()
    {
        var (code, stdout, stderr) = await Run("metrics", "--events", "events.csv", "--as-of", "2026-01-10", "--from", "2026-01-05", "--to", "2026-01-10", "--format", "json");

        Assert.True(code == 0, stderr);
        var doc = JsonDocument.Parse(stdout).RootElement;
        foreach (var t in new[] { "percentiles", "throughput_daily", "throughput_weekly", "wip_daily", "cfd", "arrivals", "flow_distribution", "flow_efficiency" })
        {
            Assert.True(doc.EnumerateObject().Any(p => p.Name.StartsWith(t, StringComparison.Ordinal)), $"missing table {t} in {string.Join(",", doc.EnumerateObject().Select(p => p.Name))}");
        }

        var daily = doc.EnumerateObject().First(p => p.Name == "throughput_daily").Value.EnumerateArray().ToList();
        Assert.Equal(6, daily.Count); // 5..10 Jan, zero days included
        Assert.Equal(1, daily.Sum(d => d.GetProperty("items").GetInt32()));
    }

    [Fact]
    public async Task Waste_And_Quality_Run()
    {
        var waste = await Run("waste", "--events", "events.csv", "--as-of", "2026-01-10", "--format", "csv");
        var quality = await Run("quality", "--events", "events.csv", "--as-of", "2026-01-10", "--format", "csv");

        Assert.Equal(0, waste.Code);
        Assert.Contains("# waste", waste.Stdout, StringComparison.Ordinal);
        Assert.Contains("# value_stream_map", waste.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, quality.Code);
    }

    [Fact]
    public async Task ForecastWhen_TooFewCompletionsStillForecastsAndSameSeedRepeats()
    {
        var first = await Run("forecast", "when", "--events", "events.csv", "--as-of", "2026-01-10", "--items", "2", "--format", "json", "--seed", "7", "--monte-carlo");
        var second = await Run("forecast", "when", "--events", "events.csv", "--as-of", "2026-01-10", "--items", "2", "--format", "json", "--seed", "7", "--monte-carlo");

        Assert.True(first.Code == 0, first.Stderr);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Contains("warning:", first.Stderr, StringComparison.Ordinal); // one completion in the window: a warning
    }

    [Fact]
    public async Task ForecastWhen_NoCompletionInWindow_ExitsCannotForecastWithReason()
    {
        var (code, _, stderr) = await Run("forecast", "when", "--events", "events.csv", "--as-of", "2026-01-10", "--items", "5", "--window", "2025-01-01..2025-02-01");

        Assert.Equal(5, code);
        Assert.Contains("cannot forecast", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_WritesAStarterConfigThatLoads()
    {
        var path = Path.Combine(_dir, "starter.yaml");

        var (code, _, _) = await Run("init", "--path", path);
        var config = PmoFlow.Streams.Configuration.ConfigLoader.Load(path);

        Assert.Equal(0, code);
        Assert.Equal("delivery", config.Streams[0].Definition.Name);
        Assert.Equal(5, config.Streams[0].Definition.Workflow.Stages.Count);
        var again = await Run("init", "--path", path);
        Assert.Equal(2, again.Code); // refuses to overwrite without --force
    }

    private static string Field(string csvLine, int index) => csvLine.Split(',')[index];

    private async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var withConfig = args.Contains("init") ? args : [.. args, "--config", Path.Combine(_dir, "pmoflow.yaml")];
        var cwd = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(_dir);
        try
        {
            return await CliRunner.RunAsync(withConfig);
        }
        finally
        {
            Directory.SetCurrentDirectory(cwd);
        }
    }
}
