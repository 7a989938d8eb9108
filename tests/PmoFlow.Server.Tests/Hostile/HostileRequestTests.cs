using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PmoFlow.Server.Hosting;
using PmoFlow.Server.Security;
using PmoFlow.Server.Tests.Support;

namespace PmoFlow.Server.Tests.Hostile;

/// <summary>
/// Issue 19's findings against the server, each with its own reproduction: requests that used to crash, stall or leak
/// now get a 4xx/503 naming the limit, and the server keeps answering.
/// </summary>
public sealed class HostileRequestTests(ServerFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    private const string Key = "k3y-for-tests-0123456789";

    [Fact]
    public async Task PutPortfolio_100KBOfNestedBrackets_422NamingTheDepthLimit_ServerStillAnswers()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();

        using var put = await client.PutAsync("/api/portfolio", new StringContent(new string('[', 100_000), Encoding.UTF8, "application/yaml"));

        Assert.Equal((HttpStatusCode)422, put.StatusCode);
        var body = await put.Content.ReadAsStringAsync();
        Assert.Contains("request:1:65", body, StringComparison.Ordinal); // the 65th '[' passes depth 64
        Assert.Contains("limits.yaml.maxDepth", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task PutPortfolio_AliasesRepeatingOneReadingListForManyKpis_422AndNothingStored()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();

        // Finding 2: 100 KPIs alias one list of 2,000 readings (200,000 readings from a small body).
        var yaml = new StringBuilder("x: &r [");
        for (var i = 0; i < 2000; i++)
        {
            yaml.Append(i == 0 ? string.Empty : ", ").Append("{date: 2025-01-01, value: 1}");
        }

        yaml.Append("]\ninitiatives:\n  - id: A\n    name: A\n    kpis:\n");
        for (var k = 0; k < 100; k++)
        {
            yaml.Append("      - {name: k").Append(k).Append(", unit: n, direction: up, baseline: 0, target: 1, readings: *r}\n");
        }

        await using var conn = await fixture.Database.DataSource.OpenConnectionAsync();
        await using var count = new NpgsqlCommand("select count(*) from kpi_readings", conn);
        var before = (long)(await count.ExecuteScalarAsync())!;

        using var put = await client.PutAsync("/api/portfolio", new StringContent(yaml.ToString(), Encoding.UTF8, "application/yaml"));

        Assert.Equal((HttpStatusCode)422, put.StatusCode);
        var body = await put.Content.ReadAsStringAsync();
        Assert.Contains("limits.yaml.maxAliasNodes", body, StringComparison.Ordinal);
        Assert.Contains("request:6:", body, StringComparison.Ordinal); // the first alias repeats 1 + 2,000 × 5 = 10,001 nodes
        Assert.Equal(before, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task PostReadings_JsonNestedDeeperThanTheLimit_400_ServerStillAnswers()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();

        using var post = await client.PostAsync("/api/kpis/readings", new StringContent(new string('[', 5000) + new string(']', 5000), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    /// <summary>
    /// Bounded fuzz of the API bodies (fixed seed, 150 bodies per route): nesting, aliases, huge scalars, NULs, broken
    /// UTF-8 and JSON. Every answer is a 2xx or 4xx (never 500), and the server keeps answering.
    /// </summary>
    [Fact]
    public async Task Fuzz_ApiBodies_NeverA500()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();
        string[] pieces =
        [
            "[", "]", "{", "}", ",", ": ", "\n", "- ", "&a ", "*a", "<<: *a", "\"", "'", "\u0000", "\ud800", "initiatives", "id", "kpis",
            "readings", "date", "2025-01-01", "value", "1e999", "-0", "null", "true", "[*a, *a, *a]", "!!binary ", "{\"initiative\": \"A\"}",
        ];
        var random = new Random(1919);
        for (var n = 0; n < 150; n++)
        {
            var body = new StringBuilder();
            for (var i = random.Next(1, 300); i > 0; i--)
            {
                var piece = pieces[random.Next(pieces.Length)];
                body.Append(random.Next(25) == 0 ? string.Concat(Enumerable.Repeat(piece, random.Next(50, 3000))) : piece);
            }

            var bytes = new UTF8Encoding(false, false).GetBytes(body.ToString());
            if (random.Next(10) == 0)
            {
                bytes[random.Next(bytes.Length)] = 0xFF; // not UTF-8
            }

            foreach (var (method, url, type) in new[] { (HttpMethod.Put, "/api/portfolio", "application/yaml"), (HttpMethod.Post, "/api/kpis/readings", "application/json") })
            {
                using var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(bytes) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
                using var response = await client.SendAsync(request);
                Assert.True((int)response.StatusCode < 500, $"{url} answered {(int)response.StatusCode} to {PmoFlow.Core.Limits.RecordGuard.Printable(body.ToString()[..Math.Min(300, body.Length)])}");
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Theory]
    [InlineData("rebind.attacker.example", HttpStatusCode.BadRequest)]
    [InlineData("127.0.0.1.nip.io", HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("[::1]", HttpStatusCode.OK)]
    public async Task NoKey_HostHeader_OnlyLoopbackNamesAnswered(string host, HttpStatusCode expected)
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/streams/shop/items");
        request.Headers.Host = host + ":5080";

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(expected == HttpStatusCode.OK, body.Contains("\"key\":\"A\"", StringComparison.Ordinal));
        Assert.DoesNotContain("attacker", body, StringComparison.Ordinal); // the refused name is not echoed
    }

    [Fact]
    public async Task AllowedHosts_Configured_ThatNameAnswered()
    {
        var config = fixture.Config with { Limits = fixture.Config.Limits with { AllowedHosts = ["pmo.example.org"] } };
        await using var app = ServerHost.BuildApp(fixture.Options() with { Config = config }, b => b.WebHost.UseTestServer());
        await app.StartAsync();
        using var client = app.GetTestClient();

        async Task<HttpStatusCode> Get(string host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/streams");
            request.Headers.Host = host;
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Get("PMO.example.org"));
        Assert.Equal(HttpStatusCode.OK, await Get("127.0.0.1")); // the bound address itself
        Assert.Equal(HttpStatusCode.BadRequest, await Get("localhost.attacker.example"));
    }

    [Fact]
    public async Task Login_Cookie_IsASessionTokenNotTheKey()
    {
        await using var app = await fixture.StartTestAppAsync(Key);
        using var client = app.GetTestClient();

        async Task<string> Login()
        {
            using var good = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = Key, ["return"] = "/" }));
            return Assert.Single(good.Headers.GetValues("Set-Cookie")).Split(';')[0];
        }

        var first = await Login();
        var second = await Login();
        var value = first.Split('=', 2)[1];
        Assert.StartsWith(ApiKeys.Cookie + "=", first, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, Uri.UnescapeDataString(value), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)), value, StringComparison.Ordinal);
        Assert.NotEqual(first, second); // a fresh random token per login
        Assert.True(value.Length >= 43, value);

        using var withSession = new HttpRequestMessage(HttpMethod.Get, "/api/streams");
        withSession.Headers.Add("Cookie", first);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(withSession)).StatusCode);

        // The key itself in the cookie opens nothing (the cookie holds sessions only).
        using var keyAsCookie = new HttpRequestMessage(HttpMethod.Get, "/api/streams");
        keyAsCookie.Headers.Add("Cookie", $"{ApiKeys.Cookie}={Key}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(keyAsCookie)).StatusCode);
    }

    [Theory]
    [InlineData("/api/streams/shop/forecasts/when?items=1000000&trials=1000000", "1,000,000,000,000")]
    [InlineData("/api/streams/shop/forecasts/when?items=1001&trials=100000", "100,100,000")]
    [InlineData("/api/streams/shop/forecasts/how-many?by=2034-01-01&trials=1000000", "3,618,000,000")]
    public async Task Forecast_MoreWorkThanTheLimit_400NamingTheLimit(string url, string work)
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(work, body, StringComparison.Ordinal);
        Assert.Contains("limits.forecastWork", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeavyRoutes_EverySlotTaken_429WithRetryAfter_AnsweredAgainOnceASlotFrees()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();
        var heavy = app.Services.GetRequiredService<HeavyWorkLimiter>();
        Assert.Equal(Math.Max(1, Environment.ProcessorCount - 1), heavy.MaxConcurrent); // the default: cores less one
        var held = TakeAll(heavy);
        Assert.Null(heavy.TryEnter());

        foreach (var url in new[]
                 {
                     "/api/streams/shop/forecasts/when?items=5", "/api/streams/shop/forecasts/how-many",
                     "/api/streams/shop/reports/2023-W40", "/streams/hostile",
                 })
        {
            using var busy = await client.GetAsync(url);
            Assert.True(busy.StatusCode == HttpStatusCode.TooManyRequests, $"{url}: {busy.StatusCode}");
            Assert.Equal(TimeSpan.FromSeconds(5), busy.Headers.RetryAfter?.Delta);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/streams/shop/items")).StatusCode); // light routes go on
        held.ForEach(h => h.Dispose());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/streams/shop/forecasts/when?items=5")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/streams/shop/reports/2024-W05?format=md")).StatusCode);

        // A report already rendered in that format is answered from the cache without a slot; another format of it is
        // rendering work (heavy for a large stream) and waits for a slot like a new report.
        held = TakeAll(heavy);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/streams/shop/reports/2024-W05?format=md")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/streams/shop/reports/2024-W05?format=html")).StatusCode);
        held.ForEach(h => h.Dispose());
        Assert.Equal(0, heavy.Running);
    }

    private static List<IDisposable> TakeAll(HeavyWorkLimiter heavy) =>
        [.. Enumerable.Range(0, heavy.MaxConcurrent).Select(_ => heavy.TryEnter() ?? throw new InvalidOperationException("a slot was taken"))];

    [Fact]
    public async Task DatabaseDown_PortfolioAndStreamRoutes_503WithRetryAfter()
    {
        await using var down = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=2");
        await using var app = ServerHost.BuildApp(fixture.Options() with { DataSource = down }, b => b.WebHost.UseTestServer());
        await app.StartAsync();
        using var client = app.GetTestClient();

        foreach (var url in new[] { "/api/streams/shop/portfolio", "/api/streams/shop/metrics", "/api/kpis", "/api/portfolio" })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{url}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Contains("Database unavailable", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Finding 5's acceptance criterion: 40 maximal forecasts at once (items × trials at the limit, Monte Carlo on a
    /// stream whose trials all run to the ten-year horizon) leave <c>/health</c> answering within 200 ms on loopback:
    /// 95% of the probes taken while they run, and every probe within 2 s (the finding: up to 9.7 s). The shared test
    /// machine's own load shows in single probes (up to ~1 s seen, with ~280 ms before any forecast ran), so the
    /// message gives the probes before the load too.
    /// </summary>
    [Fact]
    public async Task FortyMaximalForecasts_HealthStaysUnder200ms()
    {
        await using var app = ServerHost.BuildApp(fixture.Options(port: 0));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromMinutes(2) };
        var baseline = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            using var health = await client.GetAsync("/health");
            baseline.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var max = fixture.Config.Limits.MaxForecastWork;
        var items = 1000;
        var url = $"/api/streams/shop/forecasts/when?items={items}&trials={max / items}&engine=monte-carlo&seed=1";

        var forecasts = Enumerable.Range(0, 40).Select(async _ =>
        {
            using var r = await client.GetAsync(url);
            return (r.StatusCode, r.Headers.RetryAfter?.Delta);
        }).ToList();
        var all = Task.WhenAll(forecasts);
        var latencies = new List<double>();
        while (!all.IsCompleted || latencies.Count < 5)
        {
            var watch = Stopwatch.StartNew();
            using var health = await client.GetAsync("/health");
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            await Task.Delay(25);
        }

        var results = await all;
        var ok = results.Count(r => r.StatusCode == HttpStatusCode.OK);
        var refused = results.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests && r.Delta == TimeSpan.FromSeconds(5));
        Assert.Equal(40, ok + refused);
        Assert.InRange(ok, 1, 39);
        latencies.Sort();
        var p95 = latencies[(int)Math.Ceiling(0.95 * latencies.Count) - 1];
        var message = $"/health under load: p95 {p95:F0} ms, max {latencies[^1]:F0} ms over {latencies.Count} probes " +
            $"({ok} forecasts ran, {refused} refused); before the load: max {baseline.Max():F0} ms";
        output.WriteLine(message);
        Assert.True(p95 < 200 && latencies[^1] < 2000, message);
    }
}
