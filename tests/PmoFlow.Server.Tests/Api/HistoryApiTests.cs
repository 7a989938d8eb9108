using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using PmoFlow.Server.Tests.Support;

namespace PmoFlow.Server.Tests.Api;

/// <summary><c>/api/streams/{stream}/history</c> on the hand-made "shop" stream (as of Mon 5 Feb 2024 12:00 UTC).</summary>
public sealed class HistoryApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IAsyncLifetime
{
    private WebApplication? _app;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        _app = await fixture.StartTestAppAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string url)
    {
        using var response = await _client!.GetAsync(url);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task History_OneItem_HandWorkedStays()
    {
        var (status, body) = await GetAsync("/api/streams/shop/history?item=b");

        Assert.Equal(HttpStatusCode.OK, status);
        var stays = body.GetProperty("stays").EnumerateArray().ToList();
        Assert.Equal(["Open", "In Progress", "Review", "Done"], stays.Select(s => s.GetProperty("status").GetString()));
        Assert.Equal(["Backlog", "Doing", "Review", "Done"], stays.Select(s => s.GetProperty("stage").GetString()));
        // 09:00 → 10:00 = 1/24 day; 23 Jan 10:00 → 25 Jan 10:00 = 2; → 30 Jan 10:00 = 5; → as-of 5 Feb 12:00 = 6 d 2 h.
        Assert.Equal(1 / 24.0, stays[0].GetProperty("days").GetDouble(), 12);
        Assert.Equal([2.0, 5.0], stays.Skip(1).Take(2).Select(s => s.GetProperty("days").GetDouble()));
        Assert.Equal(6 + 2 / 24.0, stays[3].GetProperty("days").GetDouble(), 12);
        Assert.Equal([false, false, false, true], stays.Select(s => s.GetProperty("isCurrent").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, stays[3].GetProperty("left").ValueKind);
        Assert.Equal(4, body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task History_AllItems_PagedAndBlockedSpellsDoNotSplitStays()
    {
        var (_, all) = await GetAsync("/api/streams/shop/history");
        // A 3, B 4, C 3, D 3, E 2 (blocked on 2 Feb, still one In Progress stay), F 1.
        Assert.Equal(16, all.GetProperty("total").GetInt32());
        var e = all.GetProperty("stays").EnumerateArray().Where(s => s.GetProperty("key").GetString() == "E").ToList();
        Assert.Equal(2, e.Count);
        Assert.Equal(10.125, e[1].GetProperty("days").GetDouble(), 9); // 26 Jan 09:00 → 5 Feb 12:00

        var (_, page) = await GetAsync("/api/streams/shop/history?limit=2&offset=3");
        Assert.Equal(["B", "B"], page.GetProperty("stays").EnumerateArray().Select(s => s.GetProperty("key").GetString()));
        Assert.Equal([1, 2], page.GetProperty("stays").EnumerateArray().Select(s => s.GetProperty("seq").GetInt32()));
    }

    [Fact]
    public async Task History_UnknownItemOrBadLimit_Problems()
    {
        var (notFound, problem) = await GetAsync("/api/streams/shop/history?item=ZZZ");
        Assert.Equal(HttpStatusCode.NotFound, notFound);
        Assert.Contains("'ZZZ'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (bad, _) = await GetAsync("/api/streams/shop/history?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        var (noStream, _) = await GetAsync("/api/streams/nope/history");
        Assert.Equal(HttpStatusCode.NotFound, noStream);
    }
}
