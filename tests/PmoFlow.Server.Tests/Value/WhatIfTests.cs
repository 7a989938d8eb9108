using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PmoFlow.Server.Tests.Browser;
using PmoFlow.Testing.Browser;

namespace PmoFlow.Server.Tests.Value;

/// <summary>
/// Portfolio what-ifs over the API and the dashboard page, on the simulated stream with the sample portfolio. The
/// figures of each kind are worked by hand in the core's PortfolioWhatIfTests; here: an identity scenario equals the
/// baseline, doubled capacity is never later, a dropped initiative is gone, saved scenarios round-trip.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class WhatIfTests(ChromiumFixture chromium, ValueServer server) : IClassFixture<ValueServer>
{
    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(object body)
    {
        using var client = server.Client();
        using var response = await client.PostAsJsonAsync("/api/streams/delivery/portfolio/what-if", body);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static Dictionary<string, string?> Dates(JsonElement result) => result.GetProperty("initiatives").EnumerateArray()
        .ToDictionary(i => i.GetProperty("initiativeId").GetString()!, i => i.GetProperty("date").ValueKind == JsonValueKind.Null ? null : i.GetProperty("date").GetString());

    [Fact]
    public async Task Api_WhatIf_IdentityEqualsBaseline_MoreCapacityNeverLater_DropRemoves()
    {
        var (status, body) = await PostAsync(new
        {
            scenarios = new[] { "same:throughputFactor=1", "double:throughput.delivery=2,throughput.other=0.5", "no churn:drop=CHURN" },
            valueBy = "2025-12-31",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["baseline", "same", "double", "no churn"], results.Select(r => r.GetProperty("name").GetString()));
        var baseline = Dates(results[0]);
        Assert.Equal(baseline, Dates(results[1]));
        Assert.Equal(results[0].GetProperty("valueDelivered").GetDecimal(), results[1].GetProperty("valueDelivered").GetDecimal());
        Assert.Equal(0, results[1].GetProperty("costOfDelay").GetDouble());
        foreach (var (id, date) in Dates(results[2]))
        {
            if (date is not null && baseline[id] is { } b)
            {
                Assert.True(string.CompareOrdinal(date, b) <= 0, $"{id}: {date} later than {b}");
            }
        }

        Assert.True(results[2].GetProperty("costOfDelay").GetDouble() <= 0);
        Assert.DoesNotContain("CHURN", Dates(results[3]).Keys);
        Assert.DoesNotContain("CHURN", results[3].GetProperty("wsjfOrder").EnumerateArray().Select(x => x.GetString()));
        Assert.Contains("CHURN", results[0].GetProperty("wsjfOrder").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task Api_WhatIf_BadScenariosAre400s()
    {
        var (status, body) = await PostAsync(new { scenarios = new[] { "fine:wipLimit=2", "broken:speed=11" }, valueBy = "soon" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors");
        Assert.Contains("unknown key 'speed'", errors.GetProperty("scenarios[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("valueBy", out _));

        var (unknown, problem) = await PostAsync(new { scenarios = new[] { "ghost:drop=NOPE" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Contains("'NOPE'", problem.GetProperty("errors").GetProperty("scenarios")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_SavedScenarios_RoundTripAndJoinTheComparison()
    {
        using var client = server.Client();
        using (var put = await client.PutAsJsonAsync("/api/portfolio/scenarios/slow", new { spec = "slow:throughputFactor=0.5" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using (var mismatch = await client.PutAsJsonAsync("/api/portfolio/scenarios/other", new { spec = "slow:throughputFactor=0.5" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        }

        var list = JsonDocument.Parse(await client.GetStringAsync("/api/portfolio/scenarios")).RootElement;
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("name").GetString() == "slow" && s.GetProperty("spec").GetString() == "slow:throughputFactor=0.5");

        var (status, body) = await PostAsync(new { scenarios = Array.Empty<string>(), saved = true });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("slow", body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.True(body.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "slow").GetProperty("costOfDelay").GetDouble() >= 0);

        using (var delete = await client.DeleteAsync("/api/portfolio/scenarios/slow"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var again = await client.DeleteAsync("/api/portfolio/scenarios/slow");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Browser_EditingAScenario_UpdatesTheComparison()
    {
        await using var page = await DashboardPage.OpenAsync(chromium.Browser, server.BaseUrl, "/streams/delivery/what-if");
        await page.Page.FillAsync("#what-if-form textarea[name=scenarios]", "no churn:drop=CHURN\n<img src=x onerror=window.__pwned=1>:wipLimit=2");
        await page.Page.ClickAsync("#what-if-form button");
        await page.Page.WaitForSelectorAsync("#what-if-result[data-answered='ok']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await page.ScreenshotAsync("what-if");

        var names = await page.Page.Locator("#what-if-summary tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Equal(["baseline", "no churn", "<img src=x onerror=window.__pwned=1>"], names);
        var initiatives = await page.Page.Locator("#what-if-initiatives tbody tr").AllInnerTextsAsync();
        Assert.DoesNotContain(initiatives, r => r.StartsWith("no churn", StringComparison.Ordinal) && r.Contains("CHURN", StringComparison.Ordinal));
        Assert.Contains(initiatives, r => r.StartsWith("baseline", StringComparison.Ordinal) && r.Contains("CHURN", StringComparison.Ordinal));

        // Edit again: the comparison is replaced.
        await page.Page.FillAsync("#what-if-form textarea[name=scenarios]", "faster:throughputFactor=3");
        await page.Page.ClickAsync("#what-if-form button");
        await page.Page.WaitForFunctionAsync("() => document.querySelectorAll('#what-if-summary tbody tr').length === 2 && document.querySelector('#what-if-result').dataset.answered === 'ok'");
        Assert.Equal(["baseline", "faster"], await page.Page.Locator("#what-if-summary tbody tr td:first-child").AllInnerTextsAsync());
        Assert.Null(await page.Page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.True(page.PageErrors.Count == 0, string.Join("\n", page.PageErrors));
        Assert.Empty(page.ConsoleErrors);
    }
}
