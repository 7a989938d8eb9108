using Microsoft.Playwright;
using PmoFlow.Reporting.Tests.Support;
using PmoFlow.Testing.Browser;

namespace PmoFlow.Reporting.Tests.Browser;

/// <summary>The HTML report in a real browser (Debian's chromium, headless), opened from file:// with the network refused.</summary>
[Collection(ChromiumCollection.Name)]
public class HtmlReportBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Report_OpenedFromFile_NoConsoleErrorsNoPageErrorsNoNetwork()
    {
        await using var report = await ReportPage.OpenAsync(chromium.Browser, ReportBuilder.Build(SampleReports.Small()), "small");
        await report.ScreenshotAsync("small");

        Assert.Empty(report.ConsoleErrors);
        Assert.Empty(report.PageErrors);
        Assert.Empty(report.BlockedRequests);
        Assert.Equal("Checkout flow report, 2024-W05", await report.Page.TitleAsync());
    }

    [Fact]
    public async Task Report_EveryChart_DrawsAnSvgWithItsData()
    {
        var model = ReportBuilder.Build(SampleReports.Small());
        await using var report = await ReportPage.OpenAsync(chromium.Browser, model, "small-charts");

        // A label each chart can only draw from its own data (reference lines, legends, categories).
        var expectedText = new Dictionary<string, string>
        {
            ["chart-cycle-time-scatter"] = "P85: 9 days",
            ["chart-cycle-time-histogram"] = "P50: 4 days",
            ["chart-throughput"] = "Mean 0.86", // 0,1,2,0,1,2,0 over 7 days = 6/7
            ["chart-wip"] = "WIP limit 8",
            ["chart-cfd"] = "In Progress",
            ["chart-ageing-wip"] = "SLE 9 days",
            ["chart-flow-efficiency"] = "Stream 30%",
            ["chart-value-stream-map"] = "Lead time 10 days, active 3 days (30% flow efficiency)",
            ["chart-waste"] = "rework",
            ["chart-forecast-1-when"] = "Deadline 2024-02-22: 80% likely",
            ["chart-forecast-2-how-many"] = "P85: 10 or more",
        };
        var charts = await report.ChartsAsync();

        Assert.Equal(model.AllCharts().Select(c => "chart-" + c.Id), charts.Select(c => c.Id));
        Assert.Equal(expectedText.Keys.Order(), charts.Select(c => c.Id).Order());
        foreach (var chart in charts)
        {
            Assert.Equal("true", chart.Rendered);
            Assert.Null(chart.Error);
            Assert.True(chart.Width > 100 && chart.Height > 100, $"{chart.Id}: {chart.Width}x{chart.Height}");
            Assert.True(chart.Elements > 10, $"{chart.Id}: {chart.Elements} SVG elements");
            Assert.Contains(expectedText[chart.Id], chart.Text, StringComparison.Ordinal);
            await report.Page.Locator("#" + chart.Id).ScreenshotAsync(new LocatorScreenshotOptions { Path = ReportPage.ScreenshotPath("small-" + chart.Id) });
        }
    }

    [Fact]
    public async Task Report_TrackerTextWithScriptAndHtml_ShownAsTextAndNothingRuns()
    {
        var model = SampleReports.Hostile();

        // CSP bypassed: escaping alone must stop every payload (the CSP is a second line, tested separately).
        await using var report = await ReportPage.OpenAsync(chromium.Browser, model, "hostile", bypassCsp: true);
        var page = report.Page;

        // Show tooltips over points whose titles are payloads: ECharts builds tooltips as HTML.
        await page.EvaluateAsync("""
            () => {
              const tip = (id, series, index) => echarts.getInstanceByDom(document.getElementById(id))
                .dispatchAction({ type: 'showTip', seriesIndex: series, dataIndex: index });
              tip('chart-cycle-time-scatter', 0, 1);
            }
            """);
        await page.WaitForTimeoutAsync(300);
        var tooltip = await page.Locator("#chart-cycle-time-scatter").InnerTextAsync();
        await report.ScreenshotAsync("hostile");

        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Equal(0, await page.Locator("#pwned-b").CountAsync());
        Assert.Equal(0, await page.Locator("body [onerror], body [onload], img").CountAsync());
        Assert.Empty(report.PageErrors);

        Assert.Contains(SampleReports.Payloads[1], tooltip, StringComparison.Ordinal);
        var blocked = page.Locator("#table-blocked-items");
        Assert.True(await blocked.IsVisibleAsync());
        var tableText = await blocked.InnerTextAsync();
        foreach (var payload in SampleReports.Payloads.Take(4))
        {
            Assert.Contains(payload, tableText, StringComparison.Ordinal);
        }

        Assert.Contains(SampleReports.Payloads[0], await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(SampleReports.Payloads[3], await page.Locator(".warnings").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_ContentSecurityPolicy_BlocksAnInjectedScriptButNotTheReport()
    {
        var model = SampleReports.Empty();
        await using var report = await ReportPage.OpenAsync(chromium.Browser, model, "csp");

        // Append an inline script the way an escaping bug would: the CSP (hash allow-list) must refuse it.
        await report.Page.EvaluateAsync("""
            () => {
              const s = document.createElement('script');
              s.textContent = 'window.__pwned = 1';
              document.body.appendChild(s);
            }
            """);
        await report.Page.WaitForTimeoutAsync(200);

        Assert.Equal("undefined", await report.Page.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Contains(report.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));
        Assert.Equal(model.AllCharts().Count(), (await report.ChartsAsync()).Count(c => c.Rendered == "true"));
    }

    [Fact]
    public async Task Report_EmptyModel_ChartsSayNoDataWithoutErrors()
    {
        await using var report = await ReportPage.OpenAsync(chromium.Browser, SampleReports.Empty(), "empty");
        await report.ScreenshotAsync("empty");

        Assert.Empty(report.ConsoleErrors);
        Assert.Empty(report.PageErrors);
        var charts = await report.ChartsAsync();
        Assert.All(charts.Where(c => c.Id != "chart-value-stream-map"), c => Assert.Contains("No data", c.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_RealMavenJarTitles_RenderAsTextWithAttribution()
    {
        var model = SampleReports.FromMjar();
        await using var report = await ReportPage.OpenAsync(chromium.Browser, model, "mjar");
        await report.ScreenshotAsync("mjar");

        Assert.Empty(report.ConsoleErrors);
        Assert.Empty(report.PageErrors);
        var body = await report.Page.Locator("body").InnerTextAsync();
        Assert.Contains("Data: Apache Maven JAR Plugin Jira, via Montgomery, Lüders & Maalej (MSR 2022), CC BY 4.0", body, StringComparison.Ordinal);

        // A real title holding markup-like text ("... <includes> ..."), shown verbatim in the scatterplot's tooltip.
        var points = model.AllCharts().Single(c => c.Id == "cycle-time-scatter").Option["series"]![0]!["data"]!.AsArray();
        var index = points.Select((p, i) => (Title: p![3]!.GetValue<string>(), i)).First(p => p.Title.Contains('<', StringComparison.Ordinal));
        await report.Page.EvaluateAsync(
            "i => echarts.getInstanceByDom(document.getElementById('chart-cycle-time-scatter')).dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: i })",
            index.i);
        await report.Page.WaitForTimeoutAsync(300);
        Assert.Contains(index.Title.Trim(), await report.Page.Locator("#chart-cycle-time-scatter").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_PrintMedia_ChartsRedrawAndPdfIsWritten()
    {
        await using var report = await ReportPage.OpenAsync(chromium.Browser, ReportBuilder.Build(SampleReports.Small()), "print");
        await report.Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var pdf = ReportPage.ScreenshotPath("small-print", "pdf");
        await report.Page.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", PrintBackground = true });

        Assert.True(new FileInfo(pdf).Length > 10_000);
        Assert.All(await report.ChartsAsync(), c => Assert.True(c.Width > 100, c.Id));
        Assert.Empty(report.PageErrors);
    }
}
