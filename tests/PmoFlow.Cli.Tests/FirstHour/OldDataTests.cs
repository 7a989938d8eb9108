using System.Globalization;
using System.Text.Json;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests.FirstHour;

/// <summary>Issue 13 item 3: when a stream's last completion is older than the sample window, analyses and forecasts say so.</summary>
public sealed class OldDataTests
{
    private static string Sample(string file) => Path.Combine(TestPaths.RepositoryRoot, "samples", file);

    private static string[] Files => ["--config", Sample("pmoflow.yaml"), "--events", Sample("events.csv"), "--items-file", Sample("items.csv")];

    /// <summary>The committed sample's last completion, read off events.csv independently: the last move into Done.</summary>
    private static DateOnly LastCompletionInTheFile()
    {
        var lines = File.ReadLines(Sample("events.csv")).ToList();
        var header = lines[0].Split(',');
        var (ts, to) = (Array.IndexOf(header, "timestamp"), Array.IndexOf(header, "to_status"));
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        return lines.Skip(1).Select(l => l.Split(',')).Where(c => c.Length > to && c[to] == "Done")
            .Select(c => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(c[ts], CultureInfo.InvariantCulture), london).DateTime)).Max();
    }

    [Fact]
    public async Task ForecastWhen_AFixedAsOfLongAfterTheData_FailsSayingHowOldAndWhichAsOf()
    {
        var last = LastCompletionInTheFile();
        Assert.Equal(new DateOnly(2025, 12, 31), last);

        var (code, stdout, stderr) = await CliRunner.RunAsync(["forecast", "when", .. Files, "--as-of", "2026-12-04", "-n", "40"]);
        var json = await CliRunner.RunAsync(["forecast", "when", .. Files, "--as-of", "2026-12-04", "-n", "40", "-f", "json"]);

        Assert.Equal(5, code);
        Assert.DoesNotContain("│ all", stdout, StringComparison.Ordinal); // no percentile table
        // 2025-12-31 → 2026-12-04: 338 days.
        Assert.Contains("cannot forecast: ", stderr, StringComparison.Ordinal);
        Assert.Contains("The data is old: last completion 2025-12-31, 338 days ago; use --as-of 2025-12-31.", stderr, StringComparison.Ordinal);
        var old = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("oldData");
        Assert.Equal("2025-12-31", old.GetProperty("lastCompletion").GetString());
        Assert.Equal(338, old.GetProperty("daysAgo").GetInt32());

        // The as-of it suggests works.
        var suggested = await CliRunner.RunAsync(["forecast", "when", .. Files, "--as-of", "2025-12-31", "-n", "40"]);
        Assert.True(suggested.Code == 0, suggested.Stderr);
        Assert.DoesNotContain("old data", suggested.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithTodaysClock_NotesTheOldData_RecentAsOfDoesNot()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);
        var last = LastCompletionInTheFile();
        var days = today.DayNumber - last.DayNumber;
        Assert.True(days > 90, "the committed sample ends 2025-12-31: this test runs long after it");

        var now = await CliRunner.RunAsync(["metrics", .. Files, "--table", "percentiles"]);
        var recent = await CliRunner.RunAsync(["metrics", .. Files, "--table", "percentiles", "--as-of", "2026-01-15"]);
        var forecast = await CliRunner.RunAsync(["forecast", "how-many", .. Files, "--by", "+4w"]);

        Assert.True(now.Code == 0, now.Stderr);
        Assert.Contains($"pmoflow: old data: last completion 2025-12-31, {days} days ago; use --as-of 2025-12-31.", now.Stderr, StringComparison.Ordinal);
        Assert.True(recent.Code == 0, recent.Stderr);
        Assert.DoesNotContain("old data", recent.Stderr, StringComparison.Ordinal);
        Assert.Equal(5, forecast.Code);
        Assert.Contains($"The data is old: last completion 2025-12-31, {days} days ago; use --as-of 2025-12-31.", forecast.Stderr, StringComparison.Ordinal);
    }
}
