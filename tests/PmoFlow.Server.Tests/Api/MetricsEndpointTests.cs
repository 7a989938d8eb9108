using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;
using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Server.Tests.Support;
using PmoFlow.Storage;

namespace PmoFlow.Server.Tests.Api;

/// <summary><c>/metrics</c> (Prometheus) on the server: after real ingests into PostgreSQL, the ingest counters carry the exact counts.</summary>
public sealed class MetricsEndpointTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Metrics_AfterTwoIngests_CountEventsDuplicatesQuarantineRunsAndTheNewestEvent()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();
        // A source of its own: the meter is process-wide, other tests' ingests carry other source names.
        var source = $"metrics-{Guid.NewGuid():N}"[..20];
        var t0 = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        FlowEvent[] events =
        [
            new(source, "M-1", "1", t0, EventKind.Status, null, "Open"),
            new(source, "M-1", "2", t0.AddDays(1), EventKind.Status, "Open", "In Progress"),
            new(source, "M-1", "3", t0.AddDays(3), EventKind.Status, "In Progress", "Done"),
            new(source, "M-2", "1", t0.AddDays(2), EventKind.Status, null, "Open"),
            new(source, "M-2", "2", t0.AddDays(4).AddHours(6), EventKind.Status, "Open", "In Progress"),
        ];
        WorkItem[] items = [new(source, "M-1", "feature", "one"), new(source, "M-2", "defect", "two")];
        var store = new EventStore(fixture.Database.DataSource);

        var first = await IngestPipeline.RunAsync(store, source, "csv", IngestPipeline.AsAsync(
            [new IngestBatch(items, events, [new QuarantineRecord(source, "events.csv:7", "M-3,,", "timestamp is empty")])]), null, CancellationToken.None);
        var second = await IngestPipeline.RunAsync(store, source, "csv", IngestPipeline.AsAsync([new IngestBatch(items, events, [])]), null, CancellationToken.None);

        // The store's own answer agrees with the hand count: 5 new, then 5 duplicates; one record quarantined.
        Assert.Equal((5L, 5L, 0L, 1L), (first.EventsRead, first.EventsInserted, first.Duplicates, first.Quarantined));
        Assert.Equal((5L, 0L, 5L, 0L), (second.EventsRead, second.EventsInserted, second.Duplicates, second.Quarantined));

        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(10, Sample(text, "pmoflow_ingest_events_read_total", source));
        Assert.Equal(5, Sample(text, "pmoflow_ingest_events_inserted_total", source));
        Assert.Equal(5, Sample(text, "pmoflow_ingest_events_duplicates_total", source));
        Assert.Equal(1, Sample(text, "pmoflow_ingest_quarantined_total", source));
        Assert.Equal(2, Sample(text, "pmoflow_ingest_runs_total", source, "outcome=\"succeeded\""));
        Assert.Equal(2, Sample(text, "pmoflow_ingest_duration_seconds_count", source));
        Assert.Equal(t0.AddDays(4).AddHours(6).ToUnixTimeSeconds(), Sample(text, "pmoflow_ingest_newest_event_time_seconds", source));

        // The framework's own instruments are there too: incoming HTTP and PostgreSQL.
        await client.GetAsync("/api/streams");
        // ASP.NET records a request's duration as the request ends, which can be just after the client has the response.
        var again = await client.GetStringAsync("/metrics");
        for (var i = 0; i < 50 && !Regex.IsMatch(again, @"^http_server_request_duration_seconds_count\{[^}]*http_route=""/api/streams/?""", RegexOptions.Multiline); i++)
        {
            await Task.Delay(100);
            again = await client.GetStringAsync("/metrics");
        }

        Assert.Matches(new Regex(@"^http_server_request_duration_seconds_count\{[^}]*http_route=""/api/streams/?""", RegexOptions.Multiline), again);
        Assert.Contains("db_client_operation_duration_seconds", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_NameConnectionPoolsWithoutTheirPasswords()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();
        var secret = $"pw-{Guid.NewGuid():N}";
        // A pool is reported as soon as its data source exists, connected or not.
        await using var pool = Npgsql.NpgsqlDataSource.Create($"Host=127.0.0.1;Port=1;Username=metrics-probe;Password={secret};Database=probe");

        var text = await client.GetStringAsync("/metrics");

        Assert.Contains("Username=metrics-probe", text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrafanaDashboard_QueriesOnlyExportedMetricsAndSqlThatRuns()
    {
        await using var app = await fixture.StartTestAppAsync();
        using var client = app.GetTestClient();
        var source = $"grafana-{Guid.NewGuid():N}"[..20];
        var t0 = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        await IngestPipeline.RunAsync(new EventStore(fixture.Database.DataSource), source, "csv", IngestPipeline.AsAsync(
            [new IngestBatch([new WorkItem(source, "G-1")], [new FlowEvent(source, "G-1", "1", t0, EventKind.Status, null, "Open")], [])]), null, CancellationToken.None);
        await client.GetAsync("/api/streams");
        var scraped = await client.GetStringAsync("/metrics");
        for (var i = 0; i < 50 && !scraped.Contains("# TYPE http_server_request_duration_seconds", StringComparison.Ordinal); i++)
        {
            // Recorded as the request ends, which can be just after the client has the response.
            await Task.Delay(100);
            scraped = await client.GetStringAsync("/metrics");
        }

        var exported = scraped.Split('\n')
            .Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet();
        using var dashboard = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(PmoFlow.Testing.TestPaths.RepositoryRoot + "/docs/grafana/pmoflow-dashboard.json"));
        var targets = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _)).SelectMany(p => p.GetProperty("targets").EnumerateArray()).ToList();

        var names = targets.Where(t => t.TryGetProperty("expr", out _))
            .Select(t => Regex.Replace(t.GetProperty("expr").GetString()!, @"\bby \([^)]*\)|\{[^}]*\}", string.Empty)) // label names are not metrics
            .SelectMany(e => Regex.Matches(e, @"\b(pmoflow|http|db)_[a-z_]+").Select(m => m.Value))
            .Distinct().ToList();
        Assert.Contains("pmoflow_ingest_events_read_total", names);
        // Job and outgoing-HTTP series appear once a job or a tracker call has run; their names come from the same meters.
        Assert.All(names.Where(n => !n.StartsWith("pmoflow_job_", StringComparison.Ordinal) && !n.StartsWith("http_client_", StringComparison.Ordinal)),
            n => Assert.True(exported.Contains(n) || exported.Contains(Regex.Replace(n, "_(bucket|count|sum)$", string.Empty)), $"{n} is not exported"));

        var sql = targets.Where(t => t.TryGetProperty("rawSql", out _)).Select(t => t.GetProperty("rawSql").GetString()!).ToList();
        Assert.Equal(4, sql.Count);
        await using var conn = await fixture.Database.DataSource.OpenConnectionAsync();
        foreach (var query in sql)
        {
            await using var cmd = new Npgsql.NpgsqlCommand(query, conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                // Runs against the real schema; rows are not the point.
            }
        }
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels hold the source (and <paramref name="label"/>).</summary>
    private static double Sample(string text, string name, string source, string? label = null)
    {
        var matches = text.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains($"source=\"{source}\"", StringComparison.Ordinal)
                && (label is null || l.Contains(label, StringComparison.Ordinal)))
            .ToList();
        var line = Assert.Single(matches);
        var value = line[(line.LastIndexOf('}') + 2)..].Split(' ')[0];
        return double.Parse(value, CultureInfo.InvariantCulture);
    }
}
