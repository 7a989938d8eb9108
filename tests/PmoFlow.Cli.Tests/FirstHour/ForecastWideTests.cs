using PmoFlow.Core.Simulation;
using PmoFlow.Streams.Samples;

namespace PmoFlow.Cli.Tests.FirstHour;

/// <summary>Issue 13 item 6 on forecasts: forecast tables cut long cells to the width like <c>items</c>, whole with <c>--wide</c>.</summary>
public sealed class ForecastWideTests : IDisposable
{
    private static readonly string LongName = "Checkout redesign " + string.Concat(Enumerable.Repeat("with a name that goes on and on ", 10)) + "END";
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-cli-forecast-wide-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ForecastFeatures_CutsLongFeatureNames_WideShowsThemWhole()
    {
        var config = SampleDataWriter.Write(_dir, new SimulationParameters { Days = 120, Teams = 1 });
        var features = Path.Combine(_dir, "features.yaml");
        File.WriteAllText(features, $"""
            features:
              - name: "{LongName}"
                items: 10
              - name: Search
                items: 5
            """);
        string[] args = ["forecast", "features", "--config", config, "--events", Path.Combine(_dir, "events.csv"), "--as-of", "2025-04-30", "--file", features, "--seed", "7"];

        var narrow = await CliRunner.RunAsync(args);
        var wide = await CliRunner.RunAsync([.. args, "--wide"]);

        Assert.True(narrow.Code == 0, narrow.Stderr);
        var lines = narrow.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Redirected output is 240 columns wide (Consoles.For): the name is cut with "…", not wrapped.
        Assert.All(lines, l => Assert.True(l.Length <= 240, $"{l.Length}: {l}"));
        var cut = lines.Where(l => l.StartsWith("│ Checkout redesign", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(cut);
        Assert.All(cut, l => Assert.Contains("\u2026", l, StringComparison.Ordinal));
        Assert.DoesNotContain("END", narrow.Stdout, StringComparison.Ordinal);

        Assert.True(wide.Code == 0, wide.Stderr);
        var whole = wide.Stdout.Split('\n').Where(l => l.StartsWith("│ Checkout redesign", StringComparison.Ordinal)).ToList();
        Assert.Equal(cut.Count, whole.Count);
        Assert.All(whole, l => Assert.Contains(LongName, l, StringComparison.Ordinal));
    }
}
