using Microsoft.Playwright;
using Xunit;

namespace PmoFlow.Testing.Browser;

/// <summary>
/// One headless Debian chromium for all browser tests, driven by Playwright with no browser download.
/// A missing /usr/bin/chromium fails every browser test with the install command (never skips).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Browser tests need Debian's chromium at {ExecutablePath}, which is missing. Install it with "
                + "`apt-get install -y chromium` (or run .ci/install-browser.sh). Do not run `playwright install`.");
        }

        // The .NET package never downloads browsers on its own; this keeps any tool it starts from trying.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
