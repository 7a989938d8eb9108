using System.Text.Json;

namespace PmoFlow.Cli.Tests;

/// <summary><c>history</c>, the histogram table, <c>progress</c> and full-precision JSON, on files (no database).</summary>
public sealed class ConventionsCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-cli-conv-").FullName;

    public ConventionsCommandsTests()
    {
        File.WriteAllText(Path.Combine(_dir, "pmoflow.yaml"), """
            streams:
              - name: team
                timeZone: UTC
                sources: [files]
                stages:
                  - { name: Open, category: backlog, statuses: [Open] }
                  - { name: Doing, category: active, statuses: [In Progress] }
                  - { name: Done, category: done, statuses: [Done] }
            sources:
              - { name: files, kind: csv, events: events.csv }
            """);
        // C-1: started 5 Jan 00:00, done 5 Jan 21:10:44 (76,244 s = 0.8824537 days). C-2: started 6 Jan 08:00, done 9 Jan 08:00.
        // C-3: parent E-1 like C-1 and C-2; started 7 Jan, open.
        File.WriteAllText(Path.Combine(_dir, "events.csv"), """
            item_key,timestamp,from_status,to_status,item_type,title,parent
            C-1,2026-01-04T00:00:00Z,,Open,Story,one,E-1
            C-1,2026-01-05T00:00:00Z,Open,In Progress,,,
            C-1,2026-01-05T21:10:44Z,In Progress,Done,,,
            C-2,2026-01-04T00:00:00Z,,Open,Story,two,E-1
            C-2,2026-01-06T08:00:00Z,Open,In Progress,,,
            C-2,2026-01-09T08:00:00Z,In Progress,Done,,,
            C-3,2026-01-04T00:00:00Z,,Open,Story,three,E-1
            C-3,2026-01-07T00:00:00Z,Open,In Progress,,,
            C-4,2026-01-04T00:00:00Z,,Open,Bug,four,E-2

            """);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) =>
        await CliRunner.RunAsync([.. args, "--config", Path.Combine(_dir, "pmoflow.yaml"), "--events", Path.Combine(_dir, "events.csv"), "--as-of", "2026-01-10"]);

    [Fact]
    public async Task Items_Json_CarriesFullPrecision()
    {
        var (code, stdout, stderr) = await Run("items", "--format", "json", "--option", "timeResolution=continuous");

        Assert.True(code == 0, stderr);
        var c1 = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Single(r => r.GetProperty("key").GetString() == "C-1");
        Assert.Equal(76_244 / 86_400.0, c1.GetProperty("cycle_time").GetDouble());
    }

    [Fact]
    public async Task History_OneItem_StaysWithTimes()
    {
        var (code, stdout, stderr) = await Run("history", "--item", "C-2", "--format", "json");

        Assert.True(code == 0, stderr);
        var rows = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["Open", "In Progress", "Done"], rows.Select(r => r.GetProperty("status").GetString()));
        // Open 4 Jan 00:00 → 6 Jan 08:00 = 2⅓ days; In Progress 3 days; Done 9 Jan 08:00 → as-of 10 Jan 24:00 (end of day) = 1⅔ days.
        Assert.Equal(2 + 8 / 24.0, rows[0].GetProperty("days").GetDouble(), 9);
        Assert.Equal(3.0, rows[1].GetProperty("days").GetDouble(), 9);
        Assert.Equal(1 + 16 / 24.0, rows[2].GetProperty("days").GetDouble(), 6);
        Assert.Equal("2026-01-09T08:00:00.000Z", rows[1].GetProperty("left").GetString());
        Assert.True(rows[2].GetProperty("is_current").GetBoolean());
        Assert.True(rows[2].GetProperty("is_first").GetBoolean());
        Assert.Equal(["key", "seq", "stage", "category", "status", "entered", "left", "days", "is_current", "is_first"],
            rows[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task History_UnknownItem_Exit2NamingIt()
    {
        var (code, _, stderr) = await Run("history", "--item", "NOPE-1");

        Assert.Equal(2, code);
        Assert.Contains("NOPE-1", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CycleTimeHistogram_OneDayBinsOrBinDays()
    {
        // Cycle times (inclusive local dates, UTC): C-1 5 → 5 Jan = 1 day; C-2 6 → 9 Jan = 4 days.
        var (code, stdout, stderr) = await Run("metrics", "--format", "json", "--from", "2026-01-01", "--to", "2026-01-10");
        Assert.True(code == 0, stderr);
        var bins = JsonDocument.Parse(stdout).RootElement.GetProperty("cycle_time_histogram").EnumerateArray().ToList();
        Assert.Equal(["0", "1", "2", "3", "4"], bins.Select(b => b.GetProperty("bin").GetString()));
        Assert.Equal([0, 1, 0, 0, 1], bins.Select(b => b.GetProperty("items").GetInt32()));

        var (code3, stdout3, _) = await Run("metrics", "--format", "json", "--from", "2026-01-01", "--to", "2026-01-10", "--bin-days", "3");
        Assert.Equal(0, code3);
        var wide = JsonDocument.Parse(stdout3).RootElement.GetProperty("cycle_time_histogram").EnumerateArray().ToList();
        Assert.Equal(["0-2", "3-5"], wide.Select(b => b.GetProperty("bin").GetString()));
        Assert.Equal([1, 1], wide.Select(b => b.GetProperty("items").GetInt32()));

        var (bad, _, badErr) = await Run("metrics", "--bin-days", "0");
        Assert.Equal(2, bad);
        Assert.Contains("--bin-days", badErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_PerParent_OnFiles()
    {
        var (code, stdout, stderr) = await Run("progress", "--format", "json");

        Assert.True(code == 0, stderr);
        var rows = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(["E-1", "E-2"], rows.Select(r => r.GetProperty("parent").GetString()));
        var e1 = rows[0];
        Assert.Equal((3, 0, 1, 2), (e1.GetProperty("raised").GetInt32(), e1.GetProperty("backlog").GetInt32(),
            e1.GetProperty("in_progress").GetInt32(), e1.GetProperty("done").GetInt32()));
        Assert.Equal("2026-01-05T00:00:00.000Z", e1.GetProperty("first_started").GetString());
        Assert.Equal("2026-01-09T08:00:00.000Z", e1.GetProperty("last_finished").GetString());
        Assert.Equal(1, rows[1].GetProperty("backlog").GetInt32());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("first_started").ValueKind);
    }

    [Fact]
    public async Task ForecastWhen_ExcludeDatesAndSwitches_ChangeTheSampleAndEngine()
    {
        // Window: the 90 days before 10 Jan; completions on 5 Jan (C-1) and 9 Jan (C-2).
        var (code, stdout, stderr) = await Run("forecast", "when", "--items", "2", "--format", "json", "--no-save");
        Assert.True(code == 0, stderr);
        var basis = JsonDocument.Parse(stdout).RootElement.GetProperty("forecast").GetProperty("inputs");
        Assert.Equal(2, basis.GetProperty("sample").GetProperty("completions").GetInt32());
        Assert.Equal("exact", basis.GetProperty("engine").GetString());

        var (code2, stdout2, stderr2) = await Run("forecast", "when", "--items", "2", "--format", "json", "--no-save",
            "--exclude-dates", "2026-01-09", "--exclude-dates", "2025-12-01..2025-12-31", "-o", "sampling=by-weekday", "-o", "coldStart=true", "--exclude-outliers");
        Assert.True(code2 == 0, stderr2);
        var inputs = JsonDocument.Parse(stdout2).RootElement.GetProperty("forecast").GetProperty("inputs");
        var sample = inputs.GetProperty("sample");
        Assert.Equal(1, sample.GetProperty("completions").GetInt32()); // 9 Jan left out
        Assert.Equal(90 - 1 - 31, sample.GetProperty("workingDays").GetInt32()); // 90 days less 9 Jan and December
        Assert.Equal("monte-carlo", inputs.GetProperty("engine").GetString());

        var (bad, _, badErr) = await Run("forecast", "when", "--items", "2", "--exclude-dates", "2026-13-01");
        Assert.Equal(2, bad);
        Assert.Contains("2026-13-01", badErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForecastWhen_Paths_PrintsSampleTrialPaths()
    {
        var (code, stdout, stderr) = await Run("forecast", "when", "--items", "2", "--format", "json", "--no-save", "--paths", "4");

        Assert.True(code == 0, stderr);
        var paths = JsonDocument.Parse(stdout).RootElement.GetProperty("paths").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4], paths.Select(p => p.GetProperty("path").GetInt32()).Distinct());
        // Each path starts at 0 today (10 Jan) and ends when 2 items are done (or at the horizon).
        Assert.All(paths.Where(p => p.GetProperty("workingDay").GetInt32() == 0), p => Assert.Equal(0, p.GetProperty("done").GetInt64()));
        Assert.All(paths.GroupBy(p => p.GetProperty("path").GetInt32()), g => Assert.Equal(2, g.Last().GetProperty("done").GetInt64()));

        var (csvCode, csv, _) = await Run("forecast", "when", "--items", "2", "--format", "csv", "--no-save", "--paths", "2");
        Assert.Equal(0, csvCode);
        Assert.Contains("# paths\npath,working_day,date,done\n1,0,2026-01-10,0\n", csv, StringComparison.Ordinal);
        var (bad, _, _) = await Run("forecast", "when", "--items", "2", "--paths", "0");
        Assert.Equal(2, bad);
    }
}
