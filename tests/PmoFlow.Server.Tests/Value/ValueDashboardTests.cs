using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PmoFlow.Server.Tests.Browser;
using PmoFlow.Testing.Browser;

namespace PmoFlow.Server.Tests.Value;

/// <summary>
/// The value API and the dashboard's "Value" page on the server <c>pmoflow serve</c> runs, and the page in Debian's
/// chromium: portfolio ranking, KPI realisation against target, time to value.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed partial class ValueDashboardTests(ChromiumFixture chromium, ValueServer server) : IClassFixture<ValueServer>
{
    [Fact]
    public async Task PortfolioApi_MappedByTheServer_RanksTheSamplePortfolio()
    {
        using var client = server.Client();

        var root = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/streams/delivery/portfolio", UriKind.Relative));

        var ranking = root.GetProperty("ranking").EnumerateArray().ToList();
        Assert.Equal(["SELF-SERVICE", "ONBOARDING", "CHURN", "PLATFORM"], ranking.Select(r => r.GetProperty("initiativeId").GetString()));
        // NPV at 8 %: −250000 + 90000/1.08 + 120000/1.08² + 140000/1.08³ = 47350.5055.
        Assert.Equal(47350.5055, ranking[1].GetProperty("npv").GetDouble(), 3);
        Assert.Equal(ValueServer.HostileName, ranking[2].GetProperty("name").GetString());
    }

    [Fact]
    public async Task ValuePage_ShowsTheSameRankingAsTheApi_WithTrackerTextEscaped()
    {
        using var client = server.Client();
        var api = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/streams/delivery/portfolio", UriKind.Relative));

        using var response = await client.GetAsync(new Uri("/streams/delivery/value", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"section-value\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>window.__pwned", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b id=\"pwned\">", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;", html, StringComparison.Ordinal);

        // Each ranking row of the page (rank, initiative, ..., forecast date) matches the API's figures for it.
        var rows = TableRows(html, "table-value-ranking");
        Assert.Equal(4, rows.Count);
        foreach (var (row, expected) in rows.Zip(api.GetProperty("ranking").EnumerateArray()))
        {
            Assert.Equal(expected.GetProperty("initiativeId").GetString(), row[1]);
            var wsjf = expected.GetProperty("wsjf");
            Assert.Equal(wsjf.ValueKind == JsonValueKind.Null ? string.Empty : wsjf.GetDouble().ToString("F2", System.Globalization.CultureInfo.InvariantCulture), row[4]);
            var forecast = expected.GetProperty("forecastDate");
            Assert.Equal(forecast.ValueKind == JsonValueKind.Null ? string.Empty : forecast.GetString(), row[11]);
        }

        Assert.Equal(3, TableRows(html, "table-kpi-status").Count);
        Assert.Equal(4, TableRows(html, "table-time-to-value").Count);
    }

    [Fact]
    public async Task PostedReadings_ShowOnTheValuePageAtOnce()
    {
        using var client = server.Client();
        string ChurnRow(string html) => string.Join("|", TableRows(html, "table-kpi-status").Single(r => r[0] == "CHURN"));
        var before = ChurnRow(await client.GetStringAsync(new Uri("/streams/delivery/value", UriKind.Relative)));

        using var post = await client.PostAsJsonAsync(new Uri("/api/kpis/readings", UriKind.Relative), new object[]
        {
            new { initiative = "CHURN", kpi = "Monthly churn", date = "2025-02-28", value = 2.95 },
            new { initiative = "CHURN", kpi = "Monthly churn", date = "2025-03-31", value = 2.9 },
        });
        var after = ChurnRow(await client.GetStringAsync(new Uri("/streams/delivery/value", UriKind.Relative)));

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.EndsWith("|no_data", before, StringComparison.Ordinal);
        // (27, 2.95) and (58, 2.9) days after the 2025-02-01 baseline: slope −0.05/31 per day; at the target date
        // (day 302) 2.95 − 0.05 × 275 / 31 = 2.50645; attainment (2.50645 − 3) ÷ (2 − 3) = 0.4935 → off track.
        Assert.Equal("CHURN|Monthly churn|%|3|2|2025-11-30|2025-03-31|2.9|2.5065|0.4935|off_track", after);
    }

    [Fact]
    public async Task ValuePage_InChromium_EveryChartDrawsAndNoScriptRuns()
    {
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, server.BaseUrl, "/streams/delivery/value");
        var count = await page.WaitForChartsAsync();
        await page.ScreenshotAsync("dashboard-value");

        Assert.Empty(page.ConsoleErrors);
        Assert.Empty(page.PageErrors);
        Assert.Empty(page.OffSiteRequests);

        // Ranking, value delivered per week, one realisation chart per KPI (3), time to value.
        Assert.Equal(6, count);
        var ids = await page.Page.Locator("div.chart").EvaluateAllAsync<string[]>("els => els.map(e => e.id)");
        Assert.Equal(["chart-value-ranking", "chart-value-delivered", "chart-kpi-1", "chart-kpi-2", "chart-kpi-3", "chart-time-to-value"], ids);
        foreach (var id in ids)
        {
            Assert.Equal("true", await page.Page.Locator("#" + id).GetAttributeAsync("data-rendered"));
            Assert.True(await page.Page.Locator($"#{id} svg path, #{id} svg rect, #{id} svg text").CountAsync() > 10, id);
        }

        Assert.Contains("1. SELF-SERVICE", await page.Page.Locator("#chart-value-ranking").EvaluateAsync<string>(
            "el => Array.from(el.querySelectorAll('svg text')).map(t => t.textContent).join('\\n')"), StringComparison.Ordinal);
        Assert.Contains("Target line", await page.Page.Locator("#chart-kpi-2").EvaluateAsync<string>(
            "el => Array.from(el.querySelectorAll('svg text')).map(t => t.textContent).join('\\n')"), StringComparison.Ordinal);
        Assert.Null(await page.Page.EvaluateAsync<object?>("() => window.__pwned ?? null"));
        Assert.Equal(0, await page.Page.Locator("#pwned").CountAsync());
        Assert.Contains(ValueServer.HostileName, await page.Page.Locator("#table-value-ranking").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("Value", await page.Page.Locator("nav.top a.active").InnerTextAsync());
    }

    /// <summary>The text of each body row's cells of the table with this id (tags stripped, entities decoded).</summary>
    private static List<string[]> TableRows(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table {id}");
        var body = html[html.IndexOf("<tbody>", start, StringComparison.Ordinal)..html.IndexOf("</tbody>", start, StringComparison.Ordinal)];
        return [.. RowPattern().Matches(body)
            .Select(m => CellPattern().Matches(m.Groups[1].Value).Select(c => WebUtility.HtmlDecode(TagPattern().Replace(c.Groups[1].Value, string.Empty))).ToArray())
            .Where(cells => cells.Length > 1)];
    }

    [GeneratedRegex("<tr[^>]*>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<t[dh][^>]*>(.*?)</t[dh]>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
