using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PmoFlow.Server.Hosting;
using PmoFlow.Server.Security;
using PmoFlow.Server.Tests.Support;

namespace PmoFlow.Server.Tests.Api;

/// <summary>The API key rule, the OpenAPI document and the pages' escaping, on a TestServer.</summary>
public sealed class SecurityAndDocumentTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Key = "k3y-for-tests-0123456789";

    [Fact]
    public async Task ApiKey_Configured_RequiredOnEveryRouteButHealthLoginAndAssets()
    {
        await using var app = await fixture.StartTestAppAsync(Key);
        using var client = app.GetTestClient();

        using (var none = await client.GetAsync("/api/streams"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
            Assert.Contains("X-Api-Key", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/streams/shop/metrics"))
        {
            wrong.Headers.Add(ApiKeys.Header, Key + "x");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        }

        using (var right = new HttpRequestMessage(HttpMethod.Get, "/api/streams/shop/metrics"))
        {
            right.Headers.Add(ApiKeys.Header, Key);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(right)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/openapi.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/streams/shop/portfolio")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/kpis")).StatusCode);
        using (var post = await client.PostAsync("/api/kpis/readings", new StringContent("[]", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/assets/echarts.min.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/login")).StatusCode);

        // A page without the key goes to the login page, keeping where it was going.
        using var page = await client.GetAsync("/streams/shop/items?state=done");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?return=%2Fstreams%2Fshop%2Fitems%3Fstate%3Ddone", page.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Login_RightKey_SetsAStrictHttpOnlyCookieThatOpensThePages()
    {
        await using var app = await fixture.StartTestAppAsync(Key);
        using var client = app.GetTestClient();

        using var bad = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "nope", ["return"] = "/" }));
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.False(bad.Headers.Contains("Set-Cookie"));

        using var good = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = Key,
            ["return"] = "//evil.example/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal("/", good.Headers.Location?.OriginalString); // no open redirect
        var cookie = Assert.Single(good.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/streams/shop");
        withCookie.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(withCookie)).StatusCode);
    }

    [Fact]
    public async Task NoKey_Loopback_OpenToEveryRoute()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/streams")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/streams/shop/items")).StatusCode);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.20")]
    [InlineData("::")]
    public void BuildApp_NonLoopbackWithoutKey_Refused(string host)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ServerHost.BuildApp(fixture.Options(host: host)));
        Assert.Contains(ApiKeys.EnvironmentVariable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildApp_NonLoopbackWithKey_Allowed()
    {
        await using var app = ServerHost.BuildApp(fixture.Options(apiKey: Key, host: "0.0.0.0"), b => b.WebHost.UseTestServer());
        Assert.NotNull(app);
    }

    [Fact]
    public void ApiKeys_Resolve_FileBeatsEnvironmentAndShortKeysAreRefused()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "  from-the-file-0123456789  \nsecond line\n");
            Assert.Equal("from-the-file-0123456789", ApiKeys.Resolve(file, _ => "from-the-environment-0123"));
            Assert.Equal("from-the-environment-0123", ApiKeys.Resolve(null, n => n == ApiKeys.EnvironmentVariable ? "from-the-environment-0123" : null));
            Assert.Null(ApiKeys.Resolve(null, _ => "   "));
            Assert.Throws<InvalidOperationException>(() => ApiKeys.Resolve(null, _ => "short"));
            Assert.Throws<InvalidOperationException>(() => ApiKeys.Resolve(file + ".missing"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("localhost", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("example.org", false)]
    public void IsLoopback_Addresses(string host, bool expected) => Assert.Equal(expected, ApiKeys.IsLoopback(host));

    [Fact]
    public async Task OpenApi_EveryMappedApiRouteIsDescribed()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi.json"));
        var documented = doc.RootElement.GetProperty("paths").EnumerateObject()
            .ToDictionary(p => p.Name.Length > 1 ? p.Name.TrimEnd('/') : p.Name, p => p.Value);

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal) || e.RoutePattern.RawText == "/health")
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (Path: "/" + e.RoutePattern.RawText!.Trim('/'), Method: m.ToLowerInvariant())))
            .Distinct()
            .ToList();

        // streams, metrics, items, history, when, how-many, reports, health; portfolio, kpis, kpis/readings (POST),
        // the portfolio definition (GET and PUT); the board and the portfolio board; what-if, scenarios (GET),
        // scenario (PUT, DELETE): at least these; routes added later are described the same way.
        Assert.True(routes.Count >= 19, $"{routes.Count} routes");
        Assert.Contains(("/api/streams/{stream}/history", "get"), routes);
        Assert.Contains(("/api/streams/{stream}/board", "get"), routes);
        Assert.All(routes, r => Assert.True(
            documented.TryGetValue(r.Path, out var item) && item.TryGetProperty(r.Method, out _),
            $"{r.Method} {r.Path} is not described"));
        Assert.Contains(("/api/kpis/readings", "post"), routes);
        Assert.Contains(("/api/portfolio", "put"), routes);

        // Pages, assets and the document itself are not part of the API.
        Assert.DoesNotContain(documented.Keys, p => p.StartsWith("/streams", StringComparison.Ordinal) || p.StartsWith("/assets", StringComparison.Ordinal) || p == "/login" || p == "/openapi.json");
        Assert.StartsWith("3.1.", doc.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("PmoFlow API", doc.RootElement.GetProperty("info").GetProperty("title").GetString());
        var scheme = doc.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey");
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());

        // Generated from the endpoints' metadata: names, bound and declared parameters, response schemas.
        var items = documented["/api/streams/{stream}/items"].GetProperty("get");
        Assert.Equal("Items", items.GetProperty("operationId").GetString());
        var parameters = items.GetProperty("parameters").EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("in").GetString())).ToList();
        Assert.Contains(("stream", "path"), parameters);
        Assert.Contains(("state", "query"), parameters);
        Assert.Contains(("limit", "query"), parameters);
        var state = items.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "state");
        Assert.Equal(["backlog", "in-progress", "done", "abandoned", "removed-before-start"], state.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        var okSchema = items.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("#/components/schemas/ItemsResponse", okSchema.GetProperty("$ref").GetString());
        var itemsSchema = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("ItemsResponse").GetProperty("properties");
        Assert.True(itemsSchema.TryGetProperty("total", out _) && itemsSchema.TryGetProperty("items", out _), itemsSchema.ToString());
        Assert.True(items.GetProperty("responses").TryGetProperty("404", out _));
        var when = documented["/api/streams/{stream}/forecasts/when"].GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["stream", "items", "deadline", "percentiles", "engine", "trials", "seed", "asOf"], when);
        var kpis = documented["/api/kpis"].GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Contains("initiative", kpis);
    }

    [Fact]
    public async Task ApiExplorer_ServedAtApiDocs_PointingAtTheDocument()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();

        using var page = await client.GetAsync("/api/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("swagger-ui", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var config = await client.GetStringAsync("/api/docs/index.js");
        Assert.Contains("/openapi.json", config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiExplorer_WithAKey_IsAPageThatGoesToTheLogin()
    {
        await using var app = await fixture.StartTestAppAsync(Key);
        using var client = app.GetTestClient();

        using var page = await client.GetAsync("/api/docs/index.html");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login?return=", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/openapi.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Pages_HostileStream_PayloadsEscapedAndCspSent()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();

        foreach (var url in new[] { "/streams/hostile", "/streams/hostile/items", "/streams/hostile/forecast", "/" })
        {
            using var response = await client.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, url);
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal); // no inline script at all
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<b id=\"pwned-b\">", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<svg onload", html, StringComparison.Ordinal);
        }

        var items = await client.GetStringAsync("/streams/hostile/items");
        Assert.Contains("&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;", items, StringComparison.Ordinal);
        Assert.Contains("&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;", items, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_UnknownStream_404Page()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();
        using var response = await client.GetAsync("/streams/%3Cb%3Enope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("&lt;b&gt;nope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemsPage_Filters_ShowOnlyMatchingRows()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();

        var html = await client.GetStringAsync("/streams/shop/items?state=done&type=story");
        Assert.Contains("3 items", html, StringComparison.Ordinal); // A, B, D
        Assert.Contains("<td>Coupon codes</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>Typo on the button</td>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/streams/shop/items?state=lost")).StatusCode);
    }
}
