using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Simulation;
using PmoFlow.Core.Value;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Portfolio;
using PmoFlow.Streams.Samples;
using PmoFlow.Server.Value;
using PmoFlow.Storage;
using PmoFlow.Testing;

namespace PmoFlow.Server.Tests.Value;

/// <summary>The value endpoints on an in-memory test server over a real PostgreSQL (a fresh database per test).</summary>
public sealed class ValueEndpointsTests : IAsyncLifetime
{
    private static readonly SimulationParameters Simulation = new() { Teams = 1, Days = 240, Seed = 9 };
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-value-api-").FullName;
    private TestDatabase _db = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private PmoFlowConfig _config = null!;
    private SimulationResult _sim = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, "samples", "portfolio.yaml"), Path.Combine(_dir, "portfolio.yaml"));
        _sim = DeliverySimulator.Run(Simulation);
        _config = ConfigLoader.Parse(SampleDataWriter.Yaml(_sim), Path.Combine(_dir, "pmoflow.yaml"));

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(_db.DataSource);
        builder.Services.AddValueApi(new ValueApiOptions
        {
            Config = _config,
            Forecast = new PortfolioFlowOptions { Forecast = new InitiativeForecastOptions { Forecast = new ForecastOptions { Trials = 1000, Seed = 3 } } },
        });
        _app = builder.Build();
        _app.MapValueEndpoints();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task GetPortfolio_StoredStream_MatchesTheValueCoreInMemory()
    {
        var sim = _sim;
        await StoreAsync(sim);

        using var response = await _client.GetAsync(new Uri("/api/streams/DELIVERY/portfolio?asOf=2025-07-31", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("delivery", root.GetProperty("stream").GetString());
        var ranking = root.GetProperty("ranking").EnumerateArray().ToList();
        Assert.Equal(["SELF-SERVICE", "ONBOARDING", "CHURN", "PLATFORM"], ranking.Select(r => r.GetProperty("initiativeId").GetString()));
        // NPV at 8 %: −250000 + 90000/1.08 + 120000/1.08² + 140000/1.08³ = 47350.5055.
        Assert.Equal(47350.5055, ranking[1].GetProperty("npv").GetDouble(), 3);

        // The same evaluation in memory, straight from the simulator.
        var stream = _config.Stream("delivery").Definition;
        var asOf = ValueEndpoints.EndOfLocalDay(new DateOnly(2025, 7, 31), stream.TimeZone);
        var analysis = FlowAnalyzer.Analyze(stream, sim.Items, sim.Events, new FlowQuery { AsOf = asOf });
        var doc = PortfolioYamlLoader.LoadFile(Path.Combine(_dir, "portfolio.yaml"));
        var expected = PortfolioFlow.Evaluate(doc.Portfolio, doc.Options, stream, analysis, sim.Items, new PortfolioFlowOptions
        {
            Forecast = new InitiativeForecastOptions { Forecast = new ForecastOptions { Trials = 1000, Seed = 3 } },
        });
        foreach (var (row, want) in ranking.Zip(expected.Result.Ranking))
        {
            Assert.Equal(want.ValueDelivered, row.GetProperty("valueDelivered").ValueKind == JsonValueKind.Null ? null : row.GetProperty("valueDelivered").GetDecimal());
            Assert.Equal(want.ForecastDate?.ToString("yyyy-MM-dd"), row.GetProperty("forecastDate").GetString());
            Assert.Equal((want.LinkedItems, want.CompletedItems), (row.GetProperty("linkedItems").GetInt32(), row.GetProperty("completedItems").GetInt32()));
        }

        Assert.Contains(expected.Result.Ranking, r => r.ForecastDate is not null);
        var section = root.GetProperty("value");
        Assert.Equal(3, section.GetProperty("kpis").GetArrayLength());
        Assert.Equal(4, section.GetProperty("timeToValue").GetArrayLength());
        Assert.Contains(root.GetProperty("warnings").EnumerateArray(),
            w => w.GetProperty("location").GetProperty("line").GetInt32() > 0 && w.GetProperty("initiativeId").GetString() == "PLATFORM");
    }

    [Fact]
    public async Task GetPortfolio_UnknownStreamOrBadDate_IsAProblem()
    {
        using var unknown = await _client.GetAsync(new Uri("/api/streams/nope/portfolio", UriKind.Relative));
        using var badDate = await _client.GetAsync(new Uri("/api/streams/delivery/portfolio?asOf=31-07-2025", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No stream named 'nope'", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("asOf", await badDate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostReadings_Twice_SecondAddsNothingAndKpisShowTheTrend()
    {
        object[] body =
        [
            new { initiative = "churn", kpi = "monthly churn", date = "2025-02-28", value = 2.95 },
            new { initiative = "CHURN", kpi = "Monthly churn", date = "2025-03-31", value = 2.9 },
        ];

        using var first = await _client.PostAsJsonAsync(new Uri("/api/kpis/readings", UriKind.Relative), body);
        using var second = await _client.PostAsJsonAsync(new Uri("/api/kpis/readings", UriKind.Relative), body);
        var kpis = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/kpis?initiative=Churn", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(new KpiReadingsAppended(2, 0), await first.Content.ReadFromJsonAsync<KpiReadingsAppended>());
        Assert.Equal(new KpiReadingsAppended(0, 2), await second.Content.ReadFromJsonAsync<KpiReadingsAppended>());
        var churn = Assert.Single(kpis.EnumerateArray());
        // Two readings, (27, 2.95) and (58, 2.9) days after 2025-02-01: slope −0.05/31 per day; projected to day 302:
        // 2.95 − 0.05 × (302 − 27) / 31 = 2.50645; attainment (2.50645 − 3) ÷ (2 − 3) = 0.4935 → off track.
        Assert.Equal(2, churn.GetProperty("readingCount").GetInt32());
        Assert.Equal(0.4935, churn.GetProperty("attainment").GetDouble(), 4);
        Assert.Equal("off_track", churn.GetProperty("status").GetString());
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(["api", "api"], await conn.QueryAsync<string>("SELECT source FROM kpi_readings"));
    }

    [Fact]
    public async Task PostReadings_InvalidFields_Are400WithAnErrorPerField()
    {
        object[] body =
        [
            new { initiative = "CHURN", kpi = "Monthly churn", date = "2025-02-30", value = 2.95 },
            new { initiative = "NOPE", kpi = "x", date = "2025-03-31", value = 1.0 },
            new { initiative = "CHURN", kpi = "Weekly churn", date = "2025-03-31", value = (double?)null },
            new { initiative = "SELF-SERVICE", kpi = "Tickets per 100 customers", date = "2025-04-01", value = 38.0 },
        ];

        using var response = await _client.PostAsJsonAsync(new Uri("/api/kpis/readings", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains("not a date", errors.GetProperty("readings[0].date")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("No initiative 'NOPE'", errors.GetProperty("readings[1].initiative")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("has no KPI 'Weekly churn'", errors.GetProperty("readings[2].kpi")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("readings[2].value", out _));
        // portfolio.yaml has 39 on 2025-04-01 for this KPI.
        Assert.Contains("already has the reading 39", errors.GetProperty("readings[3].value")[0].GetString(), StringComparison.Ordinal);
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM kpi_readings"));
    }

    [Fact]
    public async Task PostReadings_ChangedStoredValue_Is409AndStoresNothing()
    {
        using var first = await _client.PostAsJsonAsync(new Uri("/api/kpis/readings", UriKind.Relative),
            new object[] { new { initiative = "CHURN", kpi = "Monthly churn", date = "2025-02-28", value = 2.95 } });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var response = await _client.PostAsJsonAsync(new Uri("/api/kpis/readings", UriKind.Relative), new object[]
        {
            new { initiative = "CHURN", kpi = "Monthly churn", date = "2025-03-31", value = 2.9 },
            new { initiative = "CHURN", kpi = "Monthly churn", date = "2025-02-28", value = 3.0 },
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("already has the reading 2.95 (stored from api)", problem.GetProperty("errors").GetProperty("readings[1]")[0].GetString(), StringComparison.Ordinal);
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM kpi_readings"));
    }

    [Fact]
    public async Task PostReadings_EmptyBody_Is400()
    {
        using var response = await _client.PostAsJsonAsync(new Uri("/api/kpis/readings", UriKind.Relative), Array.Empty<object>());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetKpis_UnknownInitiative_Is404()
    {
        using var response = await _client.GetAsync(new Uri("/api/kpis?initiative=NOPE", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetKpis_NoFileButAStoredDefinition_UsesTheStoredOne()
    {
        using var post = await _client.PostAsJsonAsync(new Uri("/api/kpis/readings", UriKind.Relative),
            new object[] { new { initiative = "ONBOARDING", kpi = "Trial-to-paid conversion", date = "2025-02-28", value = 12.4 } });
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        File.Delete(Path.Combine(_dir, "portfolio.yaml"));

        var kpis = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/kpis", UriKind.Relative));

        Assert.Equal(3, kpis.GetArrayLength());
        var onb = kpis.EnumerateArray().Single(k => k.GetProperty("initiativeId").GetString() == "ONBOARDING");
        Assert.Equal("not_enough_data", onb.GetProperty("status").GetString());
    }

    private const string Definition = """
        objectives:
          - { id: SPEED, name: Ship faster, weight: 2 }
        initiatives:
          - id: FAST
            name: Faster checkout
            contributions: { SPEED: 1 }
            link: { epics: [EPIC-1] }
            cost_of_delay_per_week: 1000
            job_duration_weeks: 2
            kpis:
              - name: NPS
                direction: higher_is_better
                baseline: 10
                target: 20
                baseline_date: 2025-01-01
                target_date: 2025-12-31
                readings:
                  - { date: 2025-02-01, value: 11 }
        """;

    [Fact]
    public async Task PutPortfolio_WhileAFileDefinesIt_Is409AndStoresNothing()
    {
        using var response = await PutAsync(Definition, "application/yaml");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("portfolio.yaml", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM portfolio_initiatives"));
    }

    [Fact]
    public async Task PutPortfolio_Yaml_StoresTheDefinitionAndItsReadings_GetReturnsIt()
    {
        File.Delete(Path.Combine(_dir, "portfolio.yaml"));

        using var put = await PutAsync(Definition, "application/yaml");
        using var again = await PutAsync(Definition, "application/yaml");
        var definition = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/portfolio", UriKind.Relative));
        var kpis = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/kpis", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(new PortfolioStored(1, 1, 1, 0, 1, 0), await put.Content.ReadFromJsonAsync<PortfolioStored>());
        Assert.Equal(new PortfolioStored(1, 1, 1, 0, 0, 1), await again.Content.ReadFromJsonAsync<PortfolioStored>());
        Assert.Equal("database", definition.GetProperty("source").GetString());
        var initiative = Assert.Single(definition.GetProperty("portfolio").GetProperty("initiatives").EnumerateArray());
        Assert.Equal("Faster checkout", initiative.GetProperty("name").GetString());
        Assert.Equal(11, initiative.GetProperty("kpis")[0].GetProperty("readings")[0].GetProperty("value").GetDouble());
        var nps = Assert.Single(kpis.EnumerateArray());
        Assert.Equal(1, nps.GetProperty("readingCount").GetInt32());
        Assert.Equal("not_enough_data", nps.GetProperty("status").GetString());
    }

    [Fact]
    public async Task PutPortfolio_Json_IsTheSameStructure()
    {
        File.Delete(Path.Combine(_dir, "portfolio.yaml"));
        var json = """
            {"objectives": [{"id": "SPEED", "weight": 1}],
             "initiatives": [{"id": "FAST", "contributions": {"SPEED": 1}, "link": {"epics": ["EPIC-1"]},
                              "cost_of_delay_per_week": 3000, "job_duration_weeks": 1.5}]}
            """;

        using var put = await PutAsync(json, "application/json");
        var stream = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/streams/delivery/portfolio?asOf=2025-07-31", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var row = Assert.Single(stream.GetProperty("ranking").EnumerateArray());
        // WSJF = 3000 per week ÷ 1.5 weeks = 2000.
        Assert.Equal(2000, row.GetProperty("wsjf").GetDouble(), 9);
    }

    [Fact]
    public async Task PutPortfolio_Invalid_Is422NamingTheLineAndStoresNothing()
    {
        File.Delete(Path.Combine(_dir, "portfolio.yaml"));
        var bad = Definition.Replace("job_duration_weeks: 2", "job_duration_weeks: -2", StringComparison.Ordinal);

        using var put = await PutAsync(bad, "application/yaml");
        using var get = await _client.GetAsync(new Uri("/api/portfolio", UriKind.Relative));

        Assert.Equal((HttpStatusCode)422, put.StatusCode);
        var errors = (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        // job_duration_weeks is on line 9 of the body.
        Assert.Contains(errors, e => e.StartsWith("request:9:", StringComparison.Ordinal) && e.Contains("job_duration_weeks", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task PutPortfolio_ReadingChangingAStoredOne_Is409AndKeepsTheStoredDefinition()
    {
        File.Delete(Path.Combine(_dir, "portfolio.yaml"));
        using var first = await PutAsync(Definition, "application/yaml");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var changed = Definition.Replace("value: 11", "value: 12", StringComparison.Ordinal).Replace("name: Faster checkout", "name: Renamed", StringComparison.Ordinal);

        using var put = await PutAsync(changed, "application/yaml");
        var definition = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/portfolio", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Contains("already has the reading 11 (stored from api)", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Faster checkout", definition.GetProperty("portfolio").GetProperty("initiatives")[0].GetProperty("name").GetString());
    }

    private Task<HttpResponseMessage> PutAsync(string body, string mediaType) =>
        _client.PutAsync(new Uri("/api/portfolio", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, mediaType));

    private async Task StoreAsync(SimulationResult sim)
    {
        var store = new EventStore(_db.DataSource);
        var run = await store.BeginRunAsync("sample", "csv", CancellationToken.None);
        await store.WriteBatchAsync(run, new IngestBatch(sim.Items, sim.Events, []), CancellationToken.None);
        await store.CompleteRunAsync(run, "succeeded", null, CancellationToken.None);
    }
}
