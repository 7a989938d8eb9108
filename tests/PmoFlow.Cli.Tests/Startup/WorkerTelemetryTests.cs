using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests.Startup;

/// <summary>
/// A real <c>pmoflow worker</c> process on the class's database: its scheduled ingest job logs start and end as JSON
/// lines with the job and ingest run ids, and its <c>/metrics</c> (PMOFLOW_METRICS_URL) counts the run's events exactly.
/// </summary>
public sealed class WorkerTelemetryTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-worker-telemetry-").FullName;

    [Fact]
    public async Task Worker_IngestJob_LogsJsonLinesWithRunIds_AndMetricsCountTheEvents()
    {
        var config = CliRunner.ApacheConfig("MJAR", _dir);
        File.WriteAllText(config, $"database: '{db.ConnectionString}'\n" + File.ReadAllText(config));
        var port = FreePort();
        var env = new Dictionary<string, string>
        {
            ["PMOFLOW_HOME"] = Path.Combine(_dir, "home"),
            ["PMOFLOW_METRICS_URL"] = $"http://127.0.0.1:{port}",
            ["PMOFLOW_LOG_FORMAT"] = "json",
        };
        using var worker = CliRunner.Start(_dir, env, "worker", "--config", config);
        var stderr = new System.Text.StringBuilder();
        worker.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        worker.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            string metrics = string.Empty;
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (DateTime.UtcNow < deadline && !metrics.Contains("pmoflow_job_runs_total{", StringComparison.Ordinal))
            {
                await Task.Delay(500);
                Assert.False(worker.HasExited, $"the worker ended: {stderr}");
                try
                {
                    metrics = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
            }

            await using var conn = await db.DataSource.OpenConnectionAsync();
            var (events, runId) = (await Dapper.SqlMapper.QuerySingleAsync<(long, long)>(conn,
                "select count(*) as events, (select max(id) from ingest_runs where source = 'mjar') as run from events where source = 'mjar'"));
            Assert.True(events > 0);
            Assert.Contains($"pmoflow_ingest_events_read_total{{otel_scope_name=\"PmoFlow\",kind=\"csv\",source=\"mjar\"}} {events}", metrics, StringComparison.Ordinal);
            Assert.Contains("pmoflow_job_runs_total{otel_scope_name=\"PmoFlow\",kind=\"ingest\",status=\"succeeded\",target=\"mjar\"} 1", metrics, StringComparison.Ordinal);

            string[] lines;
            lock (stderr)
            {
                lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }

            var json = lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(lines.Length, json.Count); // every line is one JSON object
            var jobLines = json.Where(l => l.TryGetProperty("JobRunId", out _) && l.GetProperty("Job").GetString() == "ingest.mjar").ToList();
            Assert.Equal(2, jobLines.Count);
            Assert.Single(jobLines.Select(l => l.GetProperty("JobRunId").GetInt64()).Distinct());
            Assert.Equal("succeeded", jobLines[1].GetProperty("Status").GetString());
            var ingestEnd = Assert.Single(json, l => l.GetProperty("category").GetString() == "PmoFlow.Ingest" && l.TryGetProperty("Outcome", out _));
            Assert.Equal(runId, ingestEnd.GetProperty("RunId").GetInt64());
            Assert.Equal(events, ingestEnd.GetProperty("EventsInserted").GetInt64());
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
