using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using PmoFlow.Server.Tests.Browser;
using PmoFlow.Testing.Browser;

namespace PmoFlow.Server.Tests.Board;

/// <summary>The board API, page markup and the page in Debian's chromium, on the hand-worked stream of <see cref="BoardServer"/>.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class BoardTests(ChromiumFixture chromium, BoardServer server) : IClassFixture<BoardServer>
{
    private static readonly HttpClient Http = new();

    private async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Http.GetAsync(server.BaseUrl + path);
        Assert.Equal(expected, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Api_Board_ColumnsWipBandsAndBlock()
    {
        var board = await GetJsonAsync("/api/streams/board/board");

        Assert.Equal(3, board.GetProperty("p50").GetDouble());
        Assert.Equal(9, board.GetProperty("p85").GetDouble());
        var columns = board.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(["Backlog", "Doing", "Review", "Done"], columns.Select(c => c.GetProperty("stage").GetString()));
        Assert.Equal([1, 5, 1, 4], columns.Select(c => c.GetProperty("wip").GetInt32()));
        Assert.Equal([false, true, false, false], columns.Select(c => c.GetProperty("overLimit").GetBoolean()));
        var doing = columns[1].GetProperty("cards").EnumerateArray().ToList();
        Assert.Equal(["W3", "W5", "W6", "W1", "W4"], doing.Select(c => c.GetProperty("key").GetString()));
        Assert.Equal(["beyond-p85", "p50-p85", "p50-p85", "within-p50", "within-p50"], doing.Select(c => c.GetProperty("band").GetString()));
        Assert.Equal([20.0, 5, 7, 2, 1], doing.Select(c => c.GetProperty("daysInStage").GetDouble()));
        Assert.Equal("Vendor <b>late</b>", doing[0].GetProperty("blockedReason").GetString());
        Assert.Equal(3.1, doing[0].GetProperty("blockedDays").GetDouble());
        Assert.Equal("https://tracker.example/browse/W3", doing[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Api_Board_FiltersAsOfAndBadParameters()
    {
        var alpha = await GetJsonAsync("/api/streams/board/board?label=alpha");
        Assert.Equal(1, alpha.GetProperty("matching").GetInt32());
        Assert.Equal(5, alpha.GetProperty("columns")[1].GetProperty("wip").GetInt32());

        // As of the end of Mar 4: W5 in Review since that day; D4 still in Doing.
        var earlier = await GetJsonAsync("/api/streams/board/board?asOf=2024-03-04");
        Assert.Equal("2024-03-04T23:59:59.9999999+00:00", earlier.GetProperty("asOf").GetString());
        Assert.Equal(["W5"], earlier.GetProperty("columns")[2].GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("key").GetString()));

        // The as-of is the dashboard's shared one (dates, relative dates, instants; not after the data was read).
        var bad = await GetJsonAsync("/api/streams/board/board?asOf=someday", HttpStatusCode.BadRequest);
        Assert.Contains("someday", bad.ToString(), StringComparison.Ordinal);
        var later = await GetJsonAsync("/api/streams/board/board?asOf=2024-04-01"); // after the data was read: as of then
        Assert.Equal(BoardServer.Now, later.GetProperty("asOf").GetDateTimeOffset());
        var collapsed = await GetJsonAsync("/api/streams/board/board?collapsedCards=-1", HttpStatusCode.BadRequest);
        Assert.True(collapsed.GetProperty("errors").TryGetProperty("collapsedCards", out _));
        await GetJsonAsync("/api/streams/nope/board", HttpStatusCode.NotFound);
        await GetJsonAsync("/api/streams/board/board/initiatives", HttpStatusCode.NotFound); // no portfolio here
    }

    [Fact]
    public async Task Page_EscapesTrackerText()
    {
        var html = await Http.GetStringAsync(server.BaseUrl + "/streams/board/board");
        Assert.DoesNotContain("<script>window.__pwned", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Vendor &lt;b&gt;late&lt;/b&gt;", html, StringComparison.Ordinal);
        using var response = await Http.GetAsync(server.BaseUrl + "/streams/board/board");
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browser_BoardShowsEveryInProgressItemWithItsBandAndWip_FiltersNarrowIt()
    {
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, server.BaseUrl, "/streams/board/board");
        await page.ScreenshotAsync("board");
        Assert.Empty(page.ConsoleErrors);
        Assert.Empty(page.PageErrors);
        Assert.Empty(page.OffSiteRequests);
        Assert.Null(await page.Page.EvaluateAsync<int?>("() => window.__pwned ?? null"));

        var doing = page.Page.Locator("section.column[data-stage='Doing']");
        Assert.Equal("over-limit", (await doing.GetAttributeAsync("class"))!.Split(' ').Single(c => c == "over-limit"));
        Assert.Equal("5 / 2 over limit", (await doing.Locator(".wip").InnerTextAsync()).Trim());
        Assert.Equal(["W3", "W5", "W6", "W1", "W4"], await doing.Locator("li.card").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.key)"));
        Assert.Equal(["beyond-p85", "p50-p85", "p50-p85", "within-p50", "within-p50"],
            await doing.Locator("li.card").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.band)"));
        var review = page.Page.Locator("section.column[data-stage='Review']");
        Assert.Equal("1 / 1", (await review.Locator(".wip").InnerTextAsync()).Trim());
        Assert.Equal(["W2"], await review.Locator("li.card").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.key)"));

        // Bands draw as colours; the blocked card says why; the hostile title is text.
        var colours = await doing.Locator("li.card").EvaluateAllAsync<string[]>("els => els.map(e => getComputedStyle(e).borderLeftColor)");
        Assert.Equal("rgb(207, 34, 46)", colours[0]);
        Assert.Equal("rgb(212, 167, 44)", colours[1]);
        Assert.Equal("rgb(45, 164, 78)", colours[3]);
        Assert.Equal("Blocked 3.1 d: Vendor <b>late</b>", (await doing.Locator("li.card[data-key='W3'] .blocked-reason").InnerTextAsync()).Trim());
        Assert.Equal("<script>window.__pwned=1</script>", (await doing.Locator("li.card[data-key='W1'] .title").InnerTextAsync()).Trim());
        Assert.Equal("https://tracker.example/browse/W3", await doing.Locator("li.card[data-key='W3'] a.key").GetAttributeAsync("href"));

        // Done is collapsed to a count and opens on a click.
        var done = page.Page.Locator("section.column[data-stage='Done']");
        Assert.Equal("4 items", (await done.Locator("summary").InnerTextAsync()).Trim());
        Assert.False(await done.Locator("li.card").First.IsVisibleAsync());
        await done.Locator("summary").ClickAsync();
        Assert.True(await done.Locator("li.card").First.IsVisibleAsync());

        // Filter by type, then by parent.
        await page.Page.SelectOptionAsync("#board-filters select[name=type]", "bug");
        await Task.WhenAll(page.Page.WaitForURLAsync("**/board?**"), page.Page.ClickAsync("#board-filters button"));
        Assert.Empty(await page.Page.Locator("section.column[data-stage='Doing'] li.card").AllAsync());
        Assert.Equal(["W2"], await page.Page.Locator("section.column[data-stage='Review'] li.card").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.key)"));
        Assert.Equal("5 / 2 over limit", (await page.Page.Locator("section.column[data-stage='Doing'] .wip").InnerTextAsync()).Trim());
        Assert.StartsWith("3 of 11 items", (await page.Page.Locator("#board-summary").InnerTextAsync()).Trim(), StringComparison.Ordinal);

        await page.Page.SelectOptionAsync("#board-filters select[name=type]", string.Empty);
        await page.Page.SelectOptionAsync("#board-filters select[name=parent]", "EPIC-1");
        await Task.WhenAll(page.Page.WaitForURLAsync("**parent=EPIC-1**"), page.Page.ClickAsync("#board-filters button"));
        await page.ScreenshotAsync("board-filtered");
        Assert.Equal(["W3", "W1"], await page.Page.Locator("section.column[data-stage='Doing'] li.card").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.key)"));
        Assert.Empty(page.PageErrors);
    }
}
