using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using PmoFlow.Server.Tests.Browser;
using PmoFlow.Server.Tests.Value;
using PmoFlow.Testing.Browser;

namespace PmoFlow.Server.Tests.Dashboards;

/// <summary>
/// Dashboards people arrange, on the whole server (simulated stream, sample portfolio with a script-payload initiative
/// name): drag to reorder in chromium, resize, remove, add, save; the layout survives a reload and a YAML export/import
/// round trip; hostile dashboard and panel names stay text on the page, in the YAML and in the API.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class DashboardTests(ChromiumFixture chromium, ValueServer server) : IClassFixture<ValueServer>
{
    private const string Hostile = "<img src=x onerror=window.__pwned=1>";

    private static string Path(string name) => "/api/dashboards/" + Uri.EscapeDataString(name);

    private static async Task<List<(string Show, string Width)>> LayoutAsync(IPage page) =>
        [.. (await page.EvaluateAsync<string[][]>(
            "() => Array.from(document.querySelectorAll('#dashboard article.dash-panel')).map(e => [e.dataset.show, e.dataset.width])"))
            .Select(p => (p[0], p[1]))];

    private static async Task DragAsync(IPage page, string source, string target)
    {
        // The mouse reaches what the viewport shows: make it tall enough to hold both panels.
        await page.SetViewportSizeAsync(1280, 2400);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        var from = await page.Locator(source).BoundingBoxAsync() ?? throw new InvalidOperationException(source + " is not shown");
        var to = await page.Locator(target).BoundingBoxAsync() ?? throw new InvalidOperationException(target + " is not shown");
        await page.Mouse.MoveAsync(from.X + (from.Width / 2), from.Y + (from.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X + (from.Width / 2) + 20, from.Y + (from.Height / 2) + 20, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.MoveAsync(to.X + (to.Width / 2), to.Y + 40, new MouseMoveOptions { Steps = 10 });
        await page.Mouse.UpAsync();
    }

    [Fact]
    public async Task Browser_ArrangedByDrag_SurvivesReloadAndYamlRoundTrip()
    {
        var name = "ops " + Hostile;
        using var client = server.Client();
        using (var put = await client.PutAsJsonAsync(Path(name), new
        {
            shared = true,
            panels = new object[]
            {
                new { show = "throughput", title = Hostile },
                new { show = "blocked-items" },
                new { show = "value-ranking", width = 4 },
                new { show = "cycle-time-histogram", height = 240 },
            },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await using var page = await DashboardPage.OpenAsync(chromium.Browser, server.BaseUrl, "/dashboards/" + Uri.EscapeDataString(name));
        await page.WaitForChartsAsync();
        Assert.Equal([("throughput", "2"), ("blocked-items", "2"), ("value-ranking", "4"), ("cycle-time-histogram", "2")], await LayoutAsync(page.Page));

        // Drag the fourth panel by its handle onto the first, as a user does (press, move in steps, release): it moves
        // in front of it.
        await DragAsync(page.Page, "#dashboard article.dash-panel:nth-child(4) .dash-handle", "#dashboard article.dash-panel:nth-child(1)");
        Assert.Equal(["cycle-time-histogram", "throughput", "blocked-items", "value-ranking"], (await LayoutAsync(page.Page)).Select(p => p.Show));
        Assert.Equal("dirty", await page.Page.GetAttributeAsync("#dash-status", "data-state"));

        // Wider, then remove; save.
        await page.Page.ClickAsync("#dashboard article.dash-panel:nth-child(3) .dash-wider");
        await page.Page.ClickAsync("#dashboard article.dash-panel:nth-child(2) .dash-remove");
        await page.Page.ClickAsync("#dash-save");
        await page.Page.WaitForSelectorAsync("#dash-status[data-state='saved']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 20_000 });

        // Reload: the saved layout comes back from PostgreSQL.
        await page.Page.ReloadAsync();
        await page.WaitForChartsAsync();
        var saved = await LayoutAsync(page.Page);
        Assert.Equal([("cycle-time-histogram", "2"), ("blocked-items", "3"), ("value-ranking", "4")], saved);

        // Add a panel through the form: it is saved after the others and drawn by the report's chart code.
        await page.Page.SelectOptionAsync("#dash-add select[name=show]", "wip");
        await page.Page.SelectOptionAsync("#dash-add select[name=width]", "1");
        await page.Page.FillAsync("#dash-add input[name=title]", Hostile + " wip");
        await page.Page.FillAsync("#dash-add input[name=asOf]", "-1w");
        await page.Page.ClickAsync("#dash-add button[type=submit]");

        // The script adds nothing to the page itself: the fourth panel appears when the reloaded page renders it.
        await page.Page.WaitForFunctionAsync("() => document.querySelectorAll('#dashboard article.dash-panel').length === 4", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.WaitForChartsAsync();
        var withWip = await LayoutAsync(page.Page);
        Assert.Equal([("cycle-time-histogram", "2"), ("blocked-items", "3"), ("value-ranking", "4"), ("wip", "1")], withWip);
        Assert.Equal("true", await page.Page.GetAttributeAsync("#dashboard article.dash-panel:nth-child(4) div.chart", "data-rendered"));
        await page.ScreenshotAsync("dashboard");

        // Hostile names are text: the panel titles and the initiative named like a script read back exactly, no element
        // was injected, nothing ran.
        var titles = await page.Page.Locator("#dashboard article.dash-panel h2").AllInnerTextsAsync();
        Assert.Equal(["Cycle time histogram", "Blocked items", "Portfolio ranking (WSJF)", Hostile + " wip"], titles);
        Assert.Contains(ValueServer.HostileName, await page.Page.InnerTextAsync("#dashboard article.dash-panel:nth-child(3) table"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Page.Locator("#pwned").CountAsync());
        Assert.Equal("ops " + Hostile, await page.Page.InnerTextAsync("#dash-name"));
        Assert.Equal(0, await page.Page.EvaluateAsync<int>("() => document.querySelectorAll('img').length"));
        Assert.Null(await page.Page.EvaluateAsync<int?>("() => window.__pwned ?? null"));

        // Export as YAML, delete, import: the same layout again.
        var yaml = await client.GetStringAsync(Path(name) + "/yaml");
        Assert.Contains($"dashboard: \"ops {Hostile}\"", yaml, StringComparison.Ordinal);
        Assert.Contains($"title: \"{Hostile} wip\"", yaml, StringComparison.Ordinal);
        Assert.Equal(4, yaml.Split('\n').Count(l => l.TrimStart().StartsWith("- show:", StringComparison.Ordinal)));
        using (var delete = await client.DeleteAsync(Path(name)))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        await page.Page.ReloadAsync();
        Assert.Empty(await LayoutAsync(page.Page));
        using (var import = await client.PostAsync("/api/dashboards/import", new StringContent(yaml, Encoding.UTF8, "application/yaml")))
        {
            Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        }

        await page.Page.ReloadAsync();
        await page.WaitForChartsAsync();
        Assert.Equal(withWip, await LayoutAsync(page.Page));
        Assert.Equal(yaml, await client.GetStringAsync(Path(name) + "/yaml"));

        // The list page shows the name as text too.
        await page.Page.GotoAsync(server.BaseUrl + "/dashboards");
        Assert.Contains("ops " + Hostile, await page.Page.Locator("#dashboards tbody").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Page.EvaluateAsync<int>("() => document.querySelectorAll('img').length"));
        Assert.True(page.PageErrors.Count == 0, string.Join("\n", page.PageErrors));
        Assert.Empty(page.ConsoleErrors);
        Assert.Empty(page.OffSiteRequests);
    }

    [Fact]
    public async Task Api_BadDashboards_AreRefusedNamingLineAndKey()
    {
        using var client = server.Client();
        using (var import = await client.PostAsync("/api/dashboards/import", new StringContent(
            "dashboard: bad\npanels:\n  - show: throughput\n    width: 9\n", Encoding.UTF8, "application/yaml")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
            var body = JsonDocument.Parse(await import.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("request body:4: panels[0].width: must be between 1 and 4 (columns of the grid)", body.GetProperty("errors").GetProperty("yaml")[0].GetString());
        }

        using (var put = await client.PutAsJsonAsync(Path("bad"), new { panels = new object[] { new { show = "Not An Id" }, new { show = "wip", stream = "nope", weeks = 0 } } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
            var errors = JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty("panels[0].show", out _));
            Assert.Contains("no stream is named 'nope'", errors.GetProperty("panels[1].stream")[0].GetString(), StringComparison.Ordinal);
            Assert.True(errors.TryGetProperty("panels[1].weeks", out _));
        }

        // This server has no API key: a private dashboard has no owner to belong to.
        using (var put = await client.PutAsJsonAsync(Path("mine"), new { shared = false, panels = Array.Empty<object>() }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        }

        using (var missing = await client.GetAsync(Path("nothing here")))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var list = JsonDocument.Parse(await client.GetStringAsync("/api/dashboards")).RootElement;
        Assert.DoesNotContain(list.EnumerateArray(), d => d.GetProperty("name").GetString() is "bad" or "mine");
    }

    [Fact]
    public async Task Panel_ForAPartTheReportDoesNotHold_SaysSoAndTheOthersStillShow()
    {
        using var client = server.Client();
        using (var put = await client.PutAsJsonAsync(Path("gaps"), new
        {
            panels = new object[] { new { show = "no-such-chart" }, new { show = "waste", week = "2030-W01" }, new { show = "cfd" } },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var html = await client.GetStringAsync("/dashboards/gaps");
        Assert.Contains("has no section, chart or table &#39;no-such-chart&#39;", html.Replace("&#x27;", "&#39;", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("This panel cannot be shown", html, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-p3-cfd\"", html, StringComparison.Ordinal);
    }
}
