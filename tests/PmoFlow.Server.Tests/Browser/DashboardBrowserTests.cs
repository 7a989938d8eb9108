using Microsoft.Playwright;
using PmoFlow.Server.Tests.Support;
using PmoFlow.Testing.Browser;

namespace PmoFlow.Server.Tests.Browser;

/// <summary>The dashboard in Debian's chromium (headless) against the real server on 127.0.0.1.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class DashboardBrowserTests(ChromiumFixture chromium, LiveServer server) : IClassFixture<LiveServer>
{
    private static void AssertClean(DashboardPage page)
    {
        Assert.Empty(page.ConsoleErrors);
        Assert.Empty(page.PageErrors);
        Assert.Empty(page.OffSiteRequests);
    }

    [Fact]
    public async Task StreamsPage_Loads_ListsTheStreamsWithNoErrors()
    {
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, server.BaseUrl, "/");
        await page.ScreenshotAsync("dashboard-streams");

        AssertClean(page);
        Assert.Equal(["shop", "hostile", "mjar"], await page.Page.Locator("#streams tbody tr td:first-child").AllInnerTextsAsync());
    }

    [Fact]
    public async Task Overview_EveryChartDrawsItsData()
    {
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, server.BaseUrl, "/streams/shop");
        var count = await page.WaitForChartsAsync();
        await page.ScreenshotAsync("dashboard-overview-shop");
        var charts = await ChartProbe.ReadAsync(page.Page);

        AssertClean(page);

        // The report's twelve charts: scatter, histogram, throughput, WIP, CFD, ageing, efficiency, value stream map,
        // waste, the two forecasts (2 open items; how many by Mar 4) and the burn-up fan behind the first.
        Assert.Equal(12, count);
        var expectedText = new Dictionary<string, string>
        {
            ["chart-cycle-time-scatter"] = "P85: 8 days", // {1, 3, 3, 8} over the trailing 12 weeks
            ["chart-cycle-time-histogram"] = "P50: 3 days",
            ["chart-throughput"] = "Mean",
            ["chart-wip"] = "WIP limit 5", // Doing 3 + Review 2
            ["chart-cfd"] = "Review",
            ["chart-ageing-wip"] = "SLE 5 days",
            ["chart-flow-efficiency"] = "Doing",
            ["chart-value-stream-map"] = "Lead time",
            ["chart-waste"] = "beyond SLE",
            ["chart-forecast-1-when"] = "Deadline 2024-03-04",
            ["chart-forecast-1-fan"] = "P85",
            ["chart-forecast-2-how-many"] = "or more",
        };
        Assert.Equal(expectedText.Keys.Order(), charts.Select(c => c.Id).Order());
        foreach (var chart in charts)
        {
            Assert.Equal("true", chart.Rendered);
            Assert.Null(chart.Error);
            Assert.True(chart.Width > 100 && chart.Height > 100, $"{chart.Id}: {chart.Width}x{chart.Height}");
            Assert.True(chart.Elements > 10, $"{chart.Id}: {chart.Elements} SVG elements");
            Assert.Contains(expectedText[chart.Id], chart.Text, StringComparison.Ordinal);
            await page.Page.Locator("#" + chart.Id).ScreenshotAsync(new LocatorScreenshotOptions { Path = DashboardPage.ScreenshotPath("dashboard-" + chart.Id) });
        }

        // The headline cards are the report's: 2024-W06 has begun today (Monday) with nothing done yet.
        Assert.Equal("0 items", (await page.Page.Locator(".card[data-metric='Throughput'] .value").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task ItemsPage_FilterForm_ShowsOnlyTheMatchingItems()
    {
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, server.BaseUrl, "/streams/shop/items");
        Assert.Equal(6, await page.Page.Locator("#items tbody tr").CountAsync());

        await page.Page.SelectOptionAsync("select[name=state]", "done");
        await page.Page.FillAsync("input[name=q]", "o"); // "Basket rounding", "Typo on the button", "Coupon codes"
        await Task.WhenAll(page.Page.WaitForURLAsync("**/items?**"), page.Page.ClickAsync("#item-filters button"));
        await page.ScreenshotAsync("dashboard-items-filtered");

        AssertClean(page);
        Assert.Equal(["A", "C", "D"], await page.Page.Locator("#items tbody tr td:first-child").AllInnerTextsAsync());
        Assert.Equal("done", await page.Page.Locator("select[name=state]").InputValueAsync());
    }

    [Fact]
    public async Task ForecastPage_BothForms_AnswerLiveThroughTheApi()
    {
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, server.BaseUrl, "/streams/shop/forecast");

        await page.Page.ClickAsync("#form-when button");
        await page.Page.WaitForSelectorAsync("#result-when[data-answered='true']", new PageWaitForSelectorOptions { Timeout = 15_000 });
        await page.Page.FillAsync("#form-how-many input[name=by]", "2024-03-04");
        await page.Page.ClickAsync("#form-how-many button");
        await page.Page.WaitForSelectorAsync("#result-how-many[data-answered='true']", new PageWaitForSelectorOptions { Timeout = 15_000 });
        await page.ScreenshotAsync("dashboard-forecast");

        AssertClean(page);
        var when = await page.Page.Locator("#result-when").InnerTextAsync();
        Assert.Contains("When will 2 items be done?", when, StringComparison.Ordinal);
        Assert.Contains("P50\t2024-03-14", when, StringComparison.Ordinal); // Feb 5 + 38 days (negative binomial, p = 4/90)
        Assert.Contains("Deadline 2024-03-04: 35.5% likely", when, StringComparison.Ordinal);
        // Four completions are too few past forecasts to calibrate on: the answer is the raw model's and says so.
        Assert.Contains("Not calibrated: only ", when, StringComparison.Ordinal);
        var howMany = await page.Page.Locator("#result-how-many").InnerTextAsync();
        Assert.Contains("P50\t1", howMany, StringComparison.Ordinal); // P(X >= 1) = 0.72 for Binomial(28, 4/90)
        Assert.Contains("P85\t0", howMany, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForecastPage_BadInput_ShowsTheProblemAsText()
    {
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, server.BaseUrl, "/streams/shop/forecast");

        await page.Page.FillAsync("#form-how-many input[name=by]", "2024-01-01");
        await page.Page.ClickAsync("#form-how-many button");
        await page.Page.WaitForSelectorAsync("#result-how-many[data-answered='error']", new PageWaitForSelectorOptions { Timeout = 15_000 });

        Assert.Contains("must be after today", await page.Page.Locator("#result-how-many").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(page.PageErrors);
    }

    [Theory]
    [InlineData("/streams/hostile")]
    [InlineData("/streams/hostile/items")]
    [InlineData("/streams/hostile/items?state=in-progress")]
    public async Task HostileTitles_ShownAsTextAndNoScriptRuns(string path)
    {
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, server.BaseUrl, path);
        if (path == "/streams/hostile")
        {
            await page.WaitForChartsAsync();

            // Tooltips are HTML built by ECharts: show one over a point whose title is a payload.
            await page.Page.EvaluateAsync("""
                () => echarts.getInstanceByDom(document.getElementById('chart-cycle-time-scatter'))
                  .dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 })
                """);
            await page.Page.WaitForTimeoutAsync(300);
        }

        await page.ScreenshotAsync("dashboard-hostile" + path.Replace('/', '-').Replace('?', '-').Replace('=', '-'));

        Assert.Equal("undefined", await page.Page.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Equal(0, await page.Page.Locator("#pwned-b").CountAsync());
        Assert.Equal(0, await page.Page.Locator("main img, main svg[onload]").CountAsync());
        Assert.Empty(page.PageErrors);
        var text = await page.Page.Locator("main").InnerTextAsync();
        var shown = ServerData.Payloads.Where(p => text.Contains(p, StringComparison.Ordinal)).ToList();
        Assert.True(shown.Count >= 3, $"only {shown.Count} payloads shown as text: {text[..Math.Min(400, text.Length)]}");
    }
}
