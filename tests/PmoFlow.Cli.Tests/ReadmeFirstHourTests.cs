using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using PmoFlow.Testing;
using PmoFlow.Testing.Browser;

namespace PmoFlow.Cli.Tests;

/// <summary>
/// The README's own commands, in order, as a new user runs them on today's date: <c>demo</c> on a fresh home, then
/// the quick-start examples (forecast, report, items, metrics), then <c>serve</c> in chromium: the overview shows
/// figures and the as-of picker changes them.
/// </summary>
public sealed partial class ReadmeFirstHourTests(DatabaseFixture db, ChromiumFixture chromium) : IClassFixture<DatabaseFixture>, IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("pmoflow-readme-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private Dictionary<string, string> Env => new() { ["PMOFLOW_DATABASE"] = db.ConnectionString, ["PMOFLOW_HOME"] = _home };

    [Fact]
    public async Task QuickStart_OnTodaysDate_EveryCommandAnswersWithFigures()
    {
        await new PmoFlow.Storage.SourceCatalog(db.DataSource).RemoveAsync("sample", CancellationToken.None);
        var demo = await CliRunner.RunChildAsync(_home, Env, "demo");
        Assert.True(demo.Code == 0, demo.Stderr);
        var config = Path.Combine(_home, "demo", "pmoflow.yaml");
        Assert.True(File.Exists(config), config);

        // pmoflow forecast when --stream delivery --items 40 --deadline +12w
        var when = await CliRunner.RunChildAsync(_home, Env, "forecast", "when", "--config", config, "--stream", "delivery", "--items", "40", "--deadline", "+12w", "--format", "csv");
        Assert.True(when.Code == 0, when.Stderr);
        var deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(83); // yesterday's data, as-of now: today + 12 weeks, give or take the zone
        Assert.Matches(@"\d{4}-\d{2}-\d{2}", when.Stdout);
        Assert.Contains("probability", when.Stdout, StringComparison.Ordinal);
        Assert.Contains("40", when.Stdout, StringComparison.Ordinal);
        Assert.True(Regex.Matches(when.Stdout, @"20\d\d-\d\d-\d\d").Select(m => DateOnly.ParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture)).Any(d => d >= deadline), when.Stdout);

        // pmoflow forecast how-many --stream delivery --by +30d
        var howMany = await CliRunner.RunChildAsync(_home, Env, "forecast", "how-many", "--config", config, "--stream", "delivery", "--by", "+30d", "--format", "csv");
        Assert.True(howMany.Code == 0, howMany.Stderr);
        Assert.Matches(@"(?m)^(50|70|85|95),[1-9]\d*", howMany.Stdout);

        // pmoflow report --stream delivery --week last --out reports/
        var reports = Path.Combine(_home, "reports");
        var report = await CliRunner.RunChildAsync(_home, Env, "report", "--config", config, "--stream", "delivery", "--week", "last", "--out", reports);
        Assert.True(report.Code == 0, report.Stderr);
        var html = await File.ReadAllTextAsync(Path.Combine(reports, "report.html"));
        Assert.Contains("class=\"headlines\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("partial-period", await File.ReadAllTextAsync(Path.Combine(reports, "report.json")), StringComparison.Ordinal);

        // pmoflow items --stream delivery --format csv
        var items = await CliRunner.RunChildAsync(_home, Env, "items", "--config", config, "--stream", "delivery", "--format", "csv");
        Assert.True(items.Code == 0, items.Stderr);
        Assert.True(items.Stdout.Split('\n').Length > 100, "the demo has hundreds of items");

        // pmoflow serve: the overview has figures, and the as-of picker changes them.
        using var serve = CliRunner.Start(_home, Env, "serve", "--config", config, "--port", "0", "--no-scheduler");
        try
        {
            var url = await ServingUrlAsync(serve);
            var page = await chromium.Browser.NewPageAsync();
            await page.GotoAsync(url + "/streams/delivery");
            var now = await CardValuesAsync(page);
            Assert.Contains(now, v => double.TryParse(Regex.Match(v, @"-?\d+(\.\d+)?").Value, CultureInfo.InvariantCulture, out var x) && x > 0);

            var earlier = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-120).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await page.FillAsync("#asof input[name=asOf]", earlier);
            await page.ClickAsync("#asof button");
            await page.WaitForURLAsync(new Regex("asOf=" + earlier));
            var then = await CardValuesAsync(page);
            Assert.NotEqual(now, then);
            Assert.Contains($"?asOf={earlier}", await page.GetAttributeAsync("nav a[href$='/items?asOf=" + earlier + "']", "href") ?? string.Empty, StringComparison.Ordinal);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
        }
    }

    private static async Task<IReadOnlyList<string>> CardValuesAsync(Microsoft.Playwright.IPage page) =>
        [.. await page.Locator("section.headlines .card .value").AllInnerTextsAsync()];

    private static async Task<string> ServingUrlAsync(Process serve)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await serve.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ServingLine().Match(line) is { Success: true } m)
            {
                return m.Groups[1].Value;
            }
        }

        throw new InvalidOperationException("serve ended before serving: " + await serve.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"PmoFlow is serving (http://[^ ]+) ")]
    private static partial Regex ServingLine();
}
