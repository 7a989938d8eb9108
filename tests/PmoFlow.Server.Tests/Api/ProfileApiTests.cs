using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using PmoFlow.Server.Tests.Support;

namespace PmoFlow.Server.Tests.Api;

/// <summary>The API's <c>profile</c> and <c>option</c> parameters on the "shop" stream (as of Mon 5 Feb 2024 12:00 UTC).</summary>
public sealed class ProfileApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IAsyncLifetime
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

    private static JsonElement Item(JsonElement body, string key) =>
        body.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("key").GetString() == key);

    [Fact]
    public async Task Items_JiraFlowMetricsProfile_IsSelectable()
    {
        // B: created 23 Jan 09:00 (Open), In Progress 23 Jan 10:00, Review 25 Jan 10:00, Done 30 Jan 10:00.
        var (status, body) = await GetAsync("/api/streams/shop/items?profile=jira-flow-metrics");
        Assert.Equal(HttpStatusCode.OK, status);
        var b = Item(body, "B");
        // Process time in the In Progress category (Doing 2 days + Review 5 days), whole seconds: 7.
        Assert.Equal(7.0, b.GetProperty("cycleTime").GetDouble());
        Assert.Equal(7 + 1 / 24.0, b.GetProperty("leadTime").GetDouble(), 12);

        // The stream's own conventions (pmoflow, inclusive dates): 30 − 23 + 1 = 8.
        var (_, plain) = await GetAsync("/api/streams/shop/items");
        Assert.Equal(8.0, Item(plain, "B").GetProperty("cycleTime").GetDouble());
    }

    [Fact]
    public async Task Metrics_ProfileAndOption_SetTheConventions_AndBadOnesAreProblems()
    {
        var (status, body) = await GetAsync("/api/streams/shop/metrics?profile=jira-flow-metrics&option=wip%3Dlead-time");
        Assert.Equal(HttpStatusCode.OK, status);
        var conventions = body.GetProperty("conventions");
        Assert.Equal("policy-statuses", conventions.GetProperty("clock").GetString());
        Assert.Equal("true", conventions.GetProperty("wholeSeconds").GetString());
        Assert.Equal("lead-time", conventions.GetProperty("wip").GetString());

        var (bad, problem) = await GetAsync("/api/streams/shop/metrics?profile=kanbanize");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("jira-flow-metrics", problem.GetProperty("errors").GetProperty("profile")[0].GetString(), StringComparison.Ordinal);
        var (badOption, optionProblem) = await GetAsync("/api/streams/shop/items?option=wip%3Dsometimes");
        Assert.Equal(HttpStatusCode.BadRequest, badOption);
        Assert.Contains("not a valid wip", optionProblem.GetProperty("errors").GetProperty("option")[0].GetString(), StringComparison.Ordinal);
    }
}
