using System.Text.Json;
using PmoFlow.Core.Simulation;
using PmoFlow.Streams.Samples;

namespace PmoFlow.Cli.Tests.FirstHour;

/// <summary>Issue 13 item 6 and the table half of item 8: tables people can read.</summary>
public sealed class TableTests : IDisposable
{
    private static readonly string LongTitle = "A very long title " + string.Concat(Enumerable.Repeat("that goes on and on ", 15)) + "END";
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-cli-tables-").FullName;

    public TableTests()
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
              - { name: files, kind: csv, events: events.csv }
            """);
        // T1-10 is written first and T1-2 second: natural order is T1-1, T1-2, T1-10.
        // T1-1: active 5 Jan 10:00 → 6 Jan 10:00, review until 8 Jan 10:00: flow efficiency 1/3 → 33%.
        File.WriteAllText(Path.Combine(_dir, "events.csv"), $"""
            item_key,timestamp,from_status,to_status,title
            T1-10,2026-01-06T10:00:00Z,Open,In Progress,"{LongTitle}"
            T1-2,2026-01-06T11:00:00Z,Open,In Progress,Second
            T1-1,2026-01-05T10:00:00Z,Open,In Progress,First
            T1-1,2026-01-06T10:00:00Z,In Progress,Review,
            T1-1,2026-01-08T10:00:00Z,Review,Done,

            """);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("json")]
    [InlineData("csv")]
    [InlineData("table")]
    public async Task Items_AreSortedByKeyInNaturalOrder(string format)
    {
        var (code, stdout, stderr) = await Run("items", "--events", P("events.csv"), "--as-of", "2026-01-10", "-f", format);

        Assert.True(code == 0, stderr);
        var keys = format switch
        {
            "json" => JsonDocument.Parse(stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("key").GetString()!).ToList(),
            "csv" => stdout.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToList(),
            _ => stdout.Split('\n').Where(l => l.StartsWith("│ T1-", StringComparison.Ordinal)).Select(l => l.Split('│')[1].Trim()).ToList(),
        };
        Assert.Equal(["T1-1", "T1-2", "T1-10"], keys);
    }

    [Fact]
    public async Task ItemsTable_CutsLongTitlesToTheWidth_KeepsTimestampsWhole_WideShowsAll()
    {
        var narrow = await Run("items", "--events", P("events.csv"), "--as-of", "2026-01-10");
        var wide = await Run("items", "--events", P("events.csv"), "--as-of", "2026-01-10", "--wide");

        Assert.True(narrow.Code == 0, narrow.Stderr);
        var lines = narrow.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Redirected output is 240 columns wide (Consoles.For); the long title is cut, not wrapped.
        Assert.All(lines, l => Assert.True(l.Length <= 240, $"{l.Length}: {l}"));
        var t10 = Assert.Single(lines, l => l.StartsWith("│ T1-10", StringComparison.Ordinal));
        Assert.Contains("A very long", t10, StringComparison.Ordinal);
        Assert.Contains("\u2026", t10, StringComparison.Ordinal);
        Assert.DoesNotContain("END", narrow.Stdout, StringComparison.Ordinal);
        // Every row is one line: three item rows, and each start timestamp is whole on its row.
        Assert.Equal(3, lines.Count(l => l.StartsWith("│ T1-", StringComparison.Ordinal)));
        Assert.Contains("2026-01-06 10:00Z", t10, StringComparison.Ordinal);
        Assert.Contains("2026-01-05 10:00Z", lines.Single(l => l.StartsWith("│ T1-1 ", StringComparison.Ordinal)), StringComparison.Ordinal);

        Assert.True(wide.Code == 0, wide.Stderr);
        var wideRow = Assert.Single(wide.Stdout.Split('\n'), l => l.StartsWith("│ T1-10", StringComparison.Ordinal));
        Assert.Contains(LongTitle, wideRow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tables_RoundForPeople_JsonKeepsTheFraction()
    {
        var table = await Run("items", "--events", P("events.csv"), "--as-of", "2026-01-10");
        var json = await Run("items", "--events", P("events.csv"), "--as-of", "2026-01-10", "-f", "json");

        var row = table.Stdout.Split('\n').Single(l => l.StartsWith("│ T1-1 ", StringComparison.Ordinal)).Split('│').Select(c => c.Trim()).ToList();
        // Flow efficiency 1 active day of 3: 33% for people; cycle time 5..8 Jan inclusive: 4.0 days.
        Assert.Contains("33%", row);
        Assert.Contains("4.0", row);
        var t1 = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().First();
        Assert.Equal(1.0 / 3, t1.GetProperty("flow_efficiency").GetDouble(), 3);
    }

    [Fact]
    public async Task Metrics_Table_PrintsOnlyTheNamedTables_AndAnUnknownNameIsExit2()
    {
        var (code, stdout, stderr) = await Run("metrics", "--events", P("events.csv"), "--as-of", "2026-01-10", "-f", "json", "--table", "percentiles", "--table", "cfd");
        var bad = await Run("metrics", "--events", P("events.csv"), "--table", "burnup");

        Assert.True(code == 0, stderr);
        Assert.Equal(["percentiles", "cfd"], JsonDocument.Parse(stdout).RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, bad.Code);
        Assert.Contains("--table 'burnup' is not one of percentiles, cycle_time_histogram, throughput_daily, throughput_weekly, wip_daily, cfd, arrivals, flow_distribution, flow_efficiency.", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_DailyTables_DefaultToTheLast12WeeksWithData_FromToShowTheWindow()
    {
        var sample = Path.Combine(_dir, "sample");
        // 200 simulated days from 2025-01-01; the as-of date lies 60 days after the data ends.
        var config = SampleDataWriter.Write(sample, new SimulationParameters { Days = 200, Teams = 1 });

        var byDefault = await CliRunner.RunAsync("metrics", "--config", config, "--events", Path.Combine(sample, "events.csv"), "--as-of", "2025-09-18", "-f", "json",
            "--table", "throughput_daily", "--table", "arrivals", "--table", "wip_daily", "--table", "cfd", "--table", "throughput_weekly");
        var chosen = await CliRunner.RunAsync("metrics", "--config", config, "--events", Path.Combine(sample, "events.csv"), "--as-of", "2025-09-18", "-f", "json",
            "--table", "throughput_daily", "--from", "2025-03-01", "--to", "2025-03-31");

        Assert.True(byDefault.Code == 0, byDefault.Stderr);
        var doc = JsonDocument.Parse(byDefault.Stdout).RootElement;
        var lastEvent = File.ReadLines(Path.Combine(sample, "events.csv")).Skip(1).Select(l => DateOnly.Parse(l.Split(',')[1][..10], System.Globalization.CultureInfo.InvariantCulture)).Max();
        foreach (var name in new[] { "throughput_daily", "arrivals", "wip_daily", "cfd" })
        {
            var dates = doc.GetProperty(name).EnumerateArray().Select(r => r.GetProperty("date").GetString()).ToList();
            Assert.Equal(84, dates.Count);
            Assert.Equal(lastEvent.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), dates[^1]);
            Assert.Equal(lastEvent.AddDays(-83).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), dates[0]);
        }

        // Weekly throughput is not a daily table: it keeps every week of the window.
        Assert.True(doc.GetProperty("throughput_weekly").GetArrayLength() > 12);
        Assert.True(chosen.Code == 0, chosen.Stderr);
        var march = JsonDocument.Parse(chosen.Stdout).RootElement.EnumerateArray().Select(r => r.GetProperty("date").GetString()).ToList();
        Assert.Equal(31, march.Count);
        Assert.Equal("2025-03-01", march[0]);
    }

    private string P(string name) => Path.Combine(_dir, name);

    private Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) =>
        CliRunner.RunAsync([.. args, "--config", P("pmoflow.yaml")]);
}
