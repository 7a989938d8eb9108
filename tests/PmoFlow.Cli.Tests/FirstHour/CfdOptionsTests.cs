using System.Text.Json;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests.FirstHour;

/// <summary>Issue 13 item 8 on the CLI: <c>metrics --table cfd</c> under <c>-o cfdStart=window</c> and <c>-o cfdDone=hide</c>.</summary>
public sealed class CfdOptionsTests
{
    private static string Sample(string file) => Path.Combine(TestPaths.RepositoryRoot, "samples", file);

    private static async Task<List<Dictionary<string, JsonElement>>> CfdAsync(params string[] extra)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(
            ["metrics", "--config", Sample("pmoflow.yaml"), "--events", Sample("events.csv"), "--items-file", Sample("items.csv"),
             "--as-of", "2025-12-31", "--table", "cfd", "-f", "json", .. extra]);
        Assert.True(code == 0, stderr);
        return [.. JsonDocument.Parse(stdout).RootElement.EnumerateArray().Select(r => r.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()))];
    }

    [Fact]
    public async Task CfdStartWindow_CountsFromTheFirstDayShown_CfdDoneHide_DropsDone()
    {
        // The default daily window: the 12 weeks ending 2025-12-31, i.e. from 2025-10-09. The raw CFD from the day before.
        var window = await CfdAsync("-o", "cfdStart=window");
        var raw = await CfdAsync("--from", "2025-10-08");
        var plain = await CfdAsync();
        var hidden = await CfdAsync("-o", "cfdDone=hide");

        Assert.Equal("2025-10-09", window[0]["date"].GetString());
        var before = raw[0];
        Assert.Equal("2025-10-08", before["date"].GetString());
        var stages = new[] { "Backlog", "Analysis", "Ready for Dev", "In Development", "In Review", "Testing", "Awaiting Release", "Done" };
        var delivered = before["Done"].GetInt32();
        Assert.True(delivered > 100, $"{delivered} items delivered before the window");
        // Oracle: every band of the raw CFD less the items delivered by 2025-10-08, day by day.
        Assert.Equal(raw.Count - 1, window.Count);
        for (var d = 0; d < window.Count; d++)
        {
            Assert.Equal(raw[d + 1]["date"].GetString(), window[d]["date"].GetString());
            foreach (var s in stages)
            {
                Assert.Equal(Math.Max(0, raw[d + 1][s].GetInt32() - delivered), window[d][s].GetInt32());
            }
        }

        // cfdDone=hide: no Done column, every other column exactly as without the switch.
        Assert.Equal(["date", .. stages[..^1]], hidden[0].Keys);
        Assert.Equal(plain.Count, hidden.Count);
        for (var d = 0; d < plain.Count; d++)
        {
            Assert.All(stages[..^1], s => Assert.Equal(plain[d][s].GetInt32(), hidden[d][s].GetInt32()));
        }

        var bad = await CliRunner.RunAsync("metrics", "--events", Sample("events.csv"), "--config", Sample("pmoflow.yaml"), "-o", "cfdStart=today");
        Assert.Equal(2, bad.Code);
        Assert.Contains("'today' is not a valid cfdStart; choose one of first-event, window.", bad.Stderr, StringComparison.Ordinal);
    }
}
