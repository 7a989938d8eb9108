using System.Text.Json;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests.FirstHour;

/// <summary>Issue 13 item 13: the sample calendar's holidays are named, and forecasts list those they skipped.</summary>
public sealed class HolidaysSkippedTests
{
    private static string Sample(string file) => Path.Combine(TestPaths.RepositoryRoot, "samples", file);

    [Fact]
    public async Task ForecastWhen_OnTheSample_ListsTheHolidaysUpToItsLastDate_ByName()
    {
        string[] args = ["forecast", "when", "--config", Sample("pmoflow.yaml"), "--events", Sample("events.csv"), "--items-file", Sample("items.csv"),
            "--as-of", "2025-12-01", "-n", "60", "--exact", "--no-calibration"];

        var table = await CliRunner.RunAsync(args);
        var json = await CliRunner.RunAsync([.. args, "-f", "json"]);

        Assert.True(table.Code == 0, table.Stderr);
        var doc = JsonDocument.Parse(json.Stdout).RootElement;
        var last = doc.GetProperty("forecast").GetProperty("overall").GetProperty("percentiles").EnumerateArray()
            .Select(p => DateOnly.Parse(p.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Max();
        // Hand-worked: the bank holidays of England and Wales after 2025-12-01 are Christmas (Thu 25 Dec), Boxing Day
        // (Fri 26 Dec), New Year's Day (Thu 1 Jan 2026), then Good Friday 3 Apr 2026; 60 items at ~1.9 a working day
        // end in late January or February, so the three winter holidays lie inside the horizon and Good Friday does not.
        Assert.InRange(last, new DateOnly(2026, 1, 2), new DateOnly(2026, 4, 2));
        var row = Assert.Single(table.Stdout.Split('\n'), l => l.StartsWith("│ holidays_skipped", StringComparison.Ordinal));
        Assert.Contains("2025-12-25 Christmas Day, 2025-12-26 Boxing Day, 2026-01-01 New Year's Day", row, StringComparison.Ordinal);
        var skipped = doc.GetProperty("basis").GetProperty("holidaysSkipped").EnumerateArray()
            .Select(h => (h.GetProperty("date").GetString(), h.GetProperty("name").GetString())).ToList();
        Assert.Equal([("2025-12-25", "Christmas Day"), ("2025-12-26", "Boxing Day"), ("2026-01-01", "New Year's Day")], skipped);
    }

    [Fact]
    public void SampleCalendar_NamesEveryHoliday()
    {
        var config = PmoFlow.Streams.Configuration.ConfigLoader.Load(Sample("pmoflow.yaml"));
        var calendar = config.Streams[0].Definition.Calendar;

        Assert.Equal(24, calendar.Holidays.Count); // 8 a year, 2025..2027
        Assert.All(calendar.Holidays, h => Assert.NotNull(calendar.NameOf(h)));
        Assert.Equal("Good Friday", calendar.NameOf(new DateOnly(2026, 4, 3)));
        Assert.Equal("Boxing Day", calendar.NameOf(new DateOnly(2026, 12, 28))); // Sat 26 Dec 2026 moves to Monday 28th
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 12, 28)));
        Assert.Equal([new PmoFlow.Core.Model.Holiday(new DateOnly(2026, 12, 25), "Christmas Day"), new PmoFlow.Core.Model.Holiday(new DateOnly(2026, 12, 28), "Boxing Day")],
            calendar.HolidaysBetween(new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 31)));
    }
}
