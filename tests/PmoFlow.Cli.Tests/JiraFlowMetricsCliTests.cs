namespace PmoFlow.Cli.Tests;

/// <summary>
/// <c>--profile jira-flow-metrics</c> on files: whole seconds per status stay, the policy-status clock, process-time age
/// of a paused item and an item done without starting, figures worked by hand from that tool's definitions.
/// </summary>
public sealed class JiraFlowMetricsCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-cli-jfm-").FullName;

    public JiraFlowMetricsCliTests()
    {
        File.WriteAllText(Path.Combine(_dir, "pmoflow.yaml"), """
            streams:
              - name: team
                timeZone: UTC
                sources: [files]
                stages:
                  - { name: Open, category: backlog, statuses: [Open] }
                  - { name: Doing, category: active, statuses: [In Progress] }
                  - { name: Review, category: wait, statuses: [Review] }
                  - { name: Done, category: done, statuses: [Done] }
            sources:
              - { name: files, kind: csv, events: events.csv, items: items.csv }
            """);
        File.WriteAllText(Path.Combine(_dir, "items.csv"), """
            key,created,type,title
            J-1,2026-01-05T00:00:00Z,Story,one
            J-2,2026-01-05T00:00:00Z,Story,two
            J-3,2026-01-05T00:00:00Z,Story,three

            """);
        // J-1: stays Open 86,400.4 s, In Progress 43,200.4 s, Review 43,200.4 s: whole seconds 86,400 + 43,200 + 43,200.
        // J-2: In Progress 6 Jan, back to Open 7 Jan (paused), In Progress again 8 Jan, open as of 10 Jan 00:00.
        // J-3: Open → Done on 7 Jan without ever starting.
        File.WriteAllText(Path.Combine(_dir, "events.csv"), """
            item_key,timestamp,from_status,to_status
            J-1,2026-01-06T00:00:00.400Z,Open,In Progress
            J-1,2026-01-06T12:00:00.800Z,In Progress,Review
            J-1,2026-01-07T00:00:01.200Z,Review,Done
            J-2,2026-01-06T00:00:00Z,Open,In Progress
            J-2,2026-01-07T00:00:00Z,In Progress,Open
            J-2,2026-01-08T00:00:00Z,Open,In Progress
            J-3,2026-01-07T00:00:00Z,Open,Done

            """);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Items_JiraFlowMetricsProfile_GivesTheHandWorkedFigures()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(
            "items", "--profile", "jira-flow-metrics", "--events", Path.Combine(_dir, "events.csv"), "--items", Path.Combine(_dir, "items.csv"),
            "--config", Path.Combine(_dir, "pmoflow.yaml"), "--as-of", "2026-01-10T00:00:00Z", "--format", "csv");

        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        string Cell(string key, string column) => lines.Single(l => l.StartsWith(key + ",", StringComparison.Ordinal)).Split(',')[Array.IndexOf(header, column)];

        // J-1: process time In Progress 43,200 s + Review 43,200 s = 1 day (elapsed would be 86,400.8 s);
        // lead time 86,400 + 86,400 s = 2 days.
        Assert.Equal("1", Cell("J-1", "cycle_time"));
        Assert.Equal("2", Cell("J-1", "lead_time"));
        Assert.Equal("2026-01-06T00:00:00.400Z", Cell("J-1", "start"));
        Assert.Equal("2026-01-07T00:00:01.200Z", Cell("J-1", "done"));

        // J-2: age under process time: 1 day (6 → 7 Jan) + 2 days (8 → 10 Jan); the paused day does not count.
        Assert.Equal("in-progress", Cell("J-2", "state"));
        Assert.Equal("3", Cell("J-2", "age"));

        // J-3: done without a start: cycle time 0, no start.
        Assert.Equal("done", Cell("J-3", "state"));
        Assert.Equal("0", Cell("J-3", "cycle_time"));
        Assert.Equal(string.Empty, Cell("J-3", "start"));
    }

    [Fact]
    public async Task Items_ProfileInTheStreamConfig_GivesTheSameFigures()
    {
        var config = File.ReadAllText(Path.Combine(_dir, "pmoflow.yaml")).Replace("    timeZone: UTC", "    timeZone: UTC\n    profile: jira-flow-metrics", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir, "profiled.yaml"), config);
        var (code, stdout, stderr) = await CliRunner.RunAsync(
            "items", "--events", Path.Combine(_dir, "events.csv"), "--items", Path.Combine(_dir, "items.csv"),
            "--config", Path.Combine(_dir, "profiled.yaml"), "--as-of", "2026-01-10T00:00:00Z", "--format", "csv");

        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        Assert.Equal("1", lines.Single(l => l.StartsWith("J-1,", StringComparison.Ordinal)).Split(',')[Array.IndexOf(header, "cycle_time")]);
        Assert.Equal("3", lines.Single(l => l.StartsWith("J-2,", StringComparison.Ordinal)).Split(',')[Array.IndexOf(header, "age")]);
    }

    [Fact]
    public async Task ForecastHowMany_WeekdayPoolsAndColdStart_RunMonteCarlo()
    {
        string[] common = ["--events", Path.Combine(_dir, "events.csv"), "--items-file", Path.Combine(_dir, "items.csv"),
            "--config", Path.Combine(_dir, "pmoflow.yaml"), "--as-of", "2026-01-10T00:00:00Z", "--format", "json", "--no-save", "--by", "2026-01-17"];
        string Engine(string stdout) => System.Text.Json.JsonDocument.Parse(stdout).RootElement.GetProperty("forecast").GetProperty("inputs").GetProperty("engine").GetString()!;

        var plain = await CliRunner.RunAsync(["forecast", "how-many", .. common]);
        Assert.True(plain.Code == 0, plain.Stderr);
        Assert.Equal("exact", Engine(plain.Stdout));

        // The profile's weekday/weekend pools, and a cold start alone: "how many" now draws them (daily Monte Carlo).
        var profiled = await CliRunner.RunAsync(["forecast", "how-many", "--profile", "jira-flow-metrics", .. common]);
        Assert.True(profiled.Code == 0, profiled.Stderr);
        Assert.Equal("monte-carlo", Engine(profiled.Stdout));
        var cold = await CliRunner.RunAsync(["forecast", "how-many", "-o", "coldStart=true", .. common]);
        Assert.True(cold.Code == 0, cold.Stderr);
        Assert.Equal("monte-carlo", Engine(cold.Stdout));
    }
}
