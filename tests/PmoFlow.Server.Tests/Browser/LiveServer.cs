using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using PmoFlow.Server.Hosting;
using PmoFlow.Server.Tests.Support;

namespace PmoFlow.Server.Tests.Browser;

/// <summary>The real server (Kestrel) on 127.0.0.1 and a free port, over the fixture's database.</summary>
public sealed class LiveServer : IAsyncLifetime
{
    private readonly ServerFixture _data = new();
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await _data.InitializeAsync();
        _app = ServerHost.BuildApp(_data.Options(port: 0));
        await _app.StartAsync();
        BaseUrl = _app.Urls.Single();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _data.DisposeAsync();
    }
}

/// <summary>One page of the live server in its own browser context, with console errors, page errors and off-site requests recorded.</summary>
internal sealed class DashboardPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private DashboardPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    public List<string> ConsoleErrors { get; } = [];

    public List<string> PageErrors { get; } = [];

    public List<string> OffSiteRequests { get; } = [];

    public static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }

    public static async Task<DashboardPage> OpenAsync(IBrowser browser, string baseUrl, string path)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var result = new DashboardPage(context, page);
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                result.ConsoleErrors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => result.PageErrors.Add(e);

        // No CDN, nothing off the server: any other request is refused and recorded.
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(baseUrl, StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                result.OffSiteRequests.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        await page.GotoAsync(baseUrl + path, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return result;
    }

    /// <summary>Waits until every chart container of the page has drawn (ECharts' "finished" event).</summary>
    public async Task<int> WaitForChartsAsync()
    {
        await Page.WaitForSelectorAsync("html[data-charts]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 20_000 });
        var count = await Page.Locator("div.chart[data-options]").CountAsync();
        if (count > 0)
        {
            await Page.WaitForSelectorAsync(
                $"div.chart[data-rendered='true'] >> nth={count - 1}",
                new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 20_000 });
        }

        return count;
    }

    public Task ScreenshotAsync(string name) => Page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath(name), FullPage = true });

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
