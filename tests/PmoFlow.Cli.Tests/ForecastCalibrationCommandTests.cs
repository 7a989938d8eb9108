using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PmoFlow.Cli.Tests;

/// <summary><c>forecast --model</c>, self-calibration's line, <c>--no-calibration</c> and the reliability table, on files.</summary>
public sealed class ForecastCalibrationCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-cli-cal-").FullName;

    public ForecastCalibrationCommandTests()
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
        // Three years from 2023-01-01: on day d, d mod 3 items are done (0, 1, 2, 0, ...), each started two days before.
        var sb = new StringBuilder("item_key,timestamp,from_status,to_status,item_type,title\n");
        var start = new DateTime(2023, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        var n = 0;
        for (var d = 2; d < 3 * 365; d++)
        {
            for (var k = 0; k < d % 3; k++)
            {
                n++;
                sb.Append(CultureInfo.InvariantCulture, $"T-{n},{start.AddDays(d - 2):yyyy-MM-ddTHH:mm:ssZ},Open,In Progress,Story,t\n");
                sb.Append(CultureInfo.InvariantCulture, $"T-{n},{start.AddDays(d):yyyy-MM-ddTHH:mm:ssZ},In Progress,Done,,\n");
            }
        }

        File.WriteAllText(Path.Combine(_dir, "events.csv"), sb.ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task When_Default_PrintsTheCalibrationLinePerPercentile_AndNoCalibrationDoesNot()
    {
        var calibrated = await Run("forecast", "when", "--items", "20", "--as-of", "2025-12-01");
        Assert.True(calibrated.Code == 0, calibrated.Stderr);
        // Weekly as-of dates 2025-11-24, 11-17, … back 364 days: 52, of which the two latest, whose next 20 items (about
        // 20 days at 1 a day) were not all done before 2025-12-01, are censored (not done yet).
        Assert.Contains("calibration: P85 calibrated on 52 past forecasts (2 not done yet): raw P85 held ", calibrated.Stdout, StringComparison.Ordinal);
        Assert.Equal(4, calibrated.Stdout.Split('\n').Count(l => l.StartsWith("calibration: P", StringComparison.Ordinal)));

        var raw = await Run("forecast", "when", "--items", "20", "--as-of", "2025-12-01", "--no-calibration");
        Assert.True(raw.Code == 0, raw.Stderr);
        Assert.DoesNotContain("calibration:", raw.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_ModelOptionAndStreamOption_AreRecordedInTheInputs()
    {
        var weekly = await Run("forecast", "when", "--items", "20", "--as-of", "2025-12-01", "--model", "weekly", "--format", "json");
        Assert.True(weekly.Code == 0, weekly.Stderr);
        var doc = JsonDocument.Parse(weekly.Stdout).RootElement;
        Assert.Equal("weekly", doc.GetProperty("forecast").GetProperty("inputs").GetProperty("model").GetString());
        Assert.Equal("monte-carlo", doc.GetProperty("forecast").GetProperty("inputs").GetProperty("engine").GetString());
        Assert.True(doc.GetProperty("calibration").GetProperty("applied").GetBoolean());
        Assert.Equal(50, doc.GetProperty("calibration").GetProperty("pastLevels").GetArrayLength());

        var byOption = await Run("forecast", "how-many", "--by", "2025-12-15", "--as-of", "2025-12-01", "-o", "forecastModel=block:7", "--format", "json");
        Assert.True(byOption.Code == 0, byOption.Stderr);
        Assert.Equal("block:7", JsonDocument.Parse(byOption.Stdout).RootElement.GetProperty("forecast").GetProperty("inputs").GetProperty("model").GetString());

        var bad = await Run("forecast", "when", "--items", "5", "--as-of", "2025-12-01", "--model", "hourly");
        Assert.Equal(2, bad.Code);
        Assert.Contains("daily, weekly, block:N", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_ModelAll_PrintsTheReliabilityTablePerModel()
    {
        var (code, stdout, stderr) = await Run(
            "forecast", "backtest", "--as-of", "2025-12-01", "--backtest-from", "2025-01-01", "--backtest-to", "2025-06-30", "--model", "all", "--format", "csv");
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("model,question,percentile,points,hit_rate,calibrated_hit_rate,pinball_loss,calibrated_pinball_loss", lines[0]);
        // 4 models × 2 questions × 4 percentiles; 26 weekly as-of dates scored each.
        Assert.Equal(32, lines.Length - 1);
        Assert.Equal(["daily", "weekly", "block:14", "rate-mix"], lines.Skip(1).Select(l => l.Split(',')[0]).Distinct());
        Assert.All(lines.Skip(1), l => Assert.Equal("26", l.Split(',')[3]));
        Assert.All(lines.Skip(1), l => Assert.NotEqual(string.Empty, l.Split(',')[5]));
    }

    private Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) =>
        CliRunner.RunAsync([.. args, "--events", Path.Combine(_dir, "events.csv"), "--config", Path.Combine(_dir, "pmoflow.yaml")]);
}
