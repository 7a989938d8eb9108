using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using PmoFlow.Server.Hosting;
using PmoFlow.Server.Tests.Support;

namespace PmoFlow.Server.Tests.Api;

/// <summary>Issue 13 item 3 on the API: a stream whose last completion is older than the sample window says so (<c>oldData</c>).</summary>
public sealed class OldDataApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Forecasts_AndMetrics_MonthsAfterTheLastCompletion_CarryTheOldDataNotice()
    {
        // The shop's last completion is D on 2024-02-01; the server's clock stands at 2024-09-01: 29 + 31 + 30 + 31 + 30 + 31 + 31 = 213 days.
        var options = fixture.Options() with { Clock = new FixedClock(new DateTimeOffset(2024, 9, 1, 12, 0, 0, TimeSpan.Zero)) };
        await using var app = ServerHost.BuildApp(options, b => b.WebHost.UseTestServer());
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var when = JsonDocument.Parse(await client.GetStringAsync("/api/streams/shop/forecasts/when"));
        using var howMany = JsonDocument.Parse(await client.GetStringAsync("/api/streams/shop/forecasts/how-many"));
        using var metrics = JsonDocument.Parse(await client.GetStringAsync("/api/streams/shop/metrics"));
        using var recent = JsonDocument.Parse(await client.GetStringAsync("/api/streams/shop/forecasts/when?asOf=2024-02-01"));

        Assert.Equal("cannotForecast", when.RootElement.GetProperty("forecast").GetProperty("status").GetString());
        foreach (var body in new[] { when, howMany, metrics })
        {
            var old = body.RootElement.GetProperty("oldData");
            Assert.Equal("2024-02-01", old.GetProperty("lastCompletion").GetString());
            Assert.Equal(213, old.GetProperty("daysAgo").GetInt32());
            Assert.Equal("last completion 2024-02-01, 213 days ago; use asOf=2024-02-01", old.GetProperty("message").GetString());
        }

        // As of the suggested date the data is recent: no notice, and a forecast.
        Assert.True(!recent.RootElement.TryGetProperty("oldData", out var none) || none.ValueKind == JsonValueKind.Null, recent.RootElement.ToString());
        Assert.Equal("ok", recent.RootElement.GetProperty("forecast").GetProperty("status").GetString());
    }
}
