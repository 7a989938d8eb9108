using Microsoft.Playwright;
using PmoFlow.Reporting.Model;
using PmoFlow.Testing.Browser;

namespace PmoFlow.Reporting.Tests.Browser;

/// <summary>A report written to disk and opened from file:// in its own browser context, with errors and requests recorded.</summary>
internal sealed class ReportPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private ReportPage(IBrowserContext context, IPage page, ReportFiles files)
    {
        _context = context;
        Page = page;
        Files = files;
    }

    public IPage Page { get; }

    public ReportFiles Files { get; }

    public List<string> ConsoleErrors { get; } = [];

    public List<string> PageErrors { get; } = [];

    public List<string> BlockedRequests { get; } = [];

    public static string OutputFolder(string name) => Path.Combine(AppContext.BaseDirectory, "browser-output", name);

    public static string ScreenshotPath(string name, string extension = "png")
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + "." + extension);
    }

    /// <summary>Writes the report, opens report.html from file:// and waits until every chart reports "finished".</summary>
    public static async Task<ReportPage> OpenAsync(IBrowser browser, ReportModel model, string name, bool bypassCsp = false)
    {
        var dir = OutputFolder(name);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        var files = await ReportWriter.WriteAsync(model, dir);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            BypassCSP = bypassCsp,
        });
        var page = await context.NewPageAsync();
        var report = new ReportPage(context, page, files);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                report.ConsoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => report.PageErrors.Add(error);

        // The report must work offline: anything but file:// is refused and recorded.
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file://", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                report.BlockedRequests.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });

        await page.GotoAsync(new Uri(files.Html).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await page.WaitForSelectorAsync("html[data-charts]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 15_000 });
        var expected = model.AllCharts().Count();
        await page.WaitForSelectorAsync(
            $"div.chart[data-rendered='true'] >> nth={expected - 1}",
            new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 15_000 });
        return report;
    }

    public Task<ChartState[]> ChartsAsync() => ChartProbe.ReadAsync(Page);

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath(name), FullPage = true });

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
