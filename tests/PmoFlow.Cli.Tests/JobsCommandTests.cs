using System.Diagnostics;
using System.Text.Json;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests;

/// <summary>
/// <c>pmoflow worker</c> as a real child process on the committed sample data, driven by <c>pmoflow jobs</c> in-process:
/// the publish job writes the real weekly report, the same bytes as <c>pmoflow report</c> for that week and instant.
/// </summary>
public sealed class JobsCommandTests : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly DatabaseFixture _db;
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-cli-jobs-").FullName;

    public JobsCommandTests(DatabaseFixture db) => _db = db;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The sample's pmoflow.yaml with this class's database and a folder publisher under the stream.</summary>
    private string WriteSampleConfig(string? connectionString = null)
    {
        foreach (var file in new[] { "events.csv", "items.csv" })
        {
            File.Copy(Path.Combine(TestPaths.RepositoryRoot, "samples", file), Path.Combine(_dir, file));
        }

        var yaml = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "samples", "pmoflow.yaml")).Replace(
            "    sources: [sample]\n",
            "    sources: [sample]\n    schedule: { snapshot: off }\n    publish:\n      - { kind: folder, path: out }\n",
            StringComparison.Ordinal);
        Assert.Contains("publish:", yaml, StringComparison.Ordinal);
        var path = Path.Combine(_dir, "pmoflow.yaml");
        File.WriteAllText(path, $"database: '{connectionString ?? _db.ConnectionString}'\n{yaml}");
        return path;
    }

    [Fact]
    public async Task TriggerPublish_WorkerOnSampleData_OneFolderWithTheRealReportEqualToPmoflowReport()
    {
        var config = WriteSampleConfig();
        var ingest = await CliRunner.RunAsync("ingest", "--config", config);
        Assert.True(ingest.Code == 0, ingest.Stderr);
        using var worker = CliRunner.Start(_dir, new Dictionary<string, string>(), "worker", "--config", config,
            "--instance-id", "cli-worker", "--idle-wait", "1s", "--checkin-interval", "1s");
        try
        {
            var (code, stdout, stderr) = await CliRunner.RunAsync(
                "jobs", "trigger", "publish.delivery", "--period", "2025-W52", "--wait", "--timeout", "90s", "--format", "json", "--config", config);

            Assert.True(code == 0, stderr + stdout);
            var row = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Single();
            Assert.Equal(("publish.delivery", "2025-W52", "cli-worker", "succeeded"),
                (row.GetProperty("job").GetString(), row.GetProperty("period").GetString(), row.GetProperty("instance_id").GetString(), row.GetProperty("status").GetString()));
            Assert.Equal("period 2025-W52: 1 delivered, 0 already delivered, 0 failed", row.GetProperty("detail").GetString());

            var published = Assert.Single(Directory.GetDirectories(Path.Combine(_dir, "out", "delivery")));
            Assert.Equal("2025-W52", Path.GetFileName(published));
            // The week 2025-12-22..28 in Europe/London (GMT), as of its last instant: what `pmoflow report` writes for it.
            var reference = Path.Combine(_dir, "reference");
            var report = await CliRunner.RunAsync("report", "--config", config, "--week", "2025-W52", "--as-of", "2025-12-28T23:59:59.9999999Z", "--out", reference);
            Assert.True(report.Code == 0, report.Stderr);
            foreach (var file in Directory.GetFiles(reference).Select(Path.GetFileName))
            {
                Assert.True(
                    File.ReadAllBytes(Path.Combine(reference, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(published, file!))),
                    $"{file} differs from `pmoflow report`");
            }

            Assert.Equal(Directory.GetFiles(reference).Length, Directory.GetFiles(published).Length);
            Assert.Contains("<html", await File.ReadAllTextAsync(Path.Combine(published, "report.html")), StringComparison.Ordinal);

            var history = await CliRunner.RunAsync("jobs", "history", "--job", "publish.delivery", "--format", "json", "--config", config);
            Assert.True(history.Code == 0, history.Stderr);
            var runs = JsonDocument.Parse(history.Stdout).RootElement.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(("succeeded", true), (runs.Single().GetProperty("status").GetString(), runs.Single().GetProperty("manual").GetBoolean()));
            Assert.Empty(JsonDocument.Parse(history.Stdout).RootElement.GetProperty("outstanding_deliveries").EnumerateArray());

            var list = await CliRunner.RunAsync("jobs", "list", "--format", "json", "--config", config);
            Assert.True(list.Code == 0, list.Stderr);
            var jobs = JsonDocument.Parse(list.Stdout).RootElement.GetProperty("jobs").EnumerateArray().ToDictionary(j => j.GetProperty("name").GetString()!);
            Assert.Equal(["forecast-check.delivery", "ingest.sample", "publish.delivery"], jobs.Keys.Order());
            Assert.Equal("cron \"0 0 7 ? * MON\" in Europe/London", jobs["publish.delivery"].GetProperty("schedule").GetString());
            Assert.Contains(JsonDocument.Parse(list.Stdout).RootElement.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("instance_id").GetString() == "cli-worker");

            // Forecasts saved by `pmoflow forecast` as of 2025-11-02, long past: the check job scores both.
            Assert.Equal(0, (await CliRunner.RunAsync("forecast", "how-many", "--by", "2025-11-30", "--as-of", "2025-11-02", "--config", config)).Code);
            Assert.Equal(0, (await CliRunner.RunAsync("forecast", "when", "--items", "20", "--as-of", "2025-11-02", "--config", config)).Code);
            var check = await CliRunner.RunAsync("jobs", "trigger", "forecast-check.delivery", "--wait", "--timeout", "60s", "--format", "json", "--config", config);
            Assert.True(check.Code == 0, check.Stderr + check.Stdout);
            Assert.StartsWith("2 checked, P85 held for ", JsonDocument.Parse(check.Stdout).RootElement[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
            await using var cmd = _db.DataSource.CreateCommand("SELECT count(*) FROM forecast_runs WHERE checked_at IS NOT NULL AND jsonb_array_length(actual -> 'percentiles') = 4");
            Assert.Equal(2L, await cmd.ExecuteScalarAsync());
        }
        finally
        {
            // SIGTERM: the worker stops cleanly (exit 0) rather than being killed.
            using (var kill = Process.Start("kill", ["-TERM", worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            var exited = worker.WaitForExit(20_000);
            if (!exited)
            {
                worker.Kill();
            }

            Assert.True(exited, "the worker did not stop within 20 s of SIGTERM");
            Assert.True(worker.ExitCode == 0, await worker.StandardError.ReadToEndAsync());
        }
    }

    [Fact]
    public async Task Serve_Default_JoinsTheClusterAsASchedulerNode()
    {
        // A database of its own, so no other test's node is listed.
        await using var db = await TestDatabase.CreateAsync();
        var config = WriteSampleConfig(db.ConnectionString);
        using var serve = CliRunner.Start(_dir, new Dictionary<string, string>(), "serve", "--config", config, "--port", "0");
        try
        {
            var banner = await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Contains("scheduler on", banner, StringComparison.Ordinal);

            var list = await CliRunner.RunAsync("jobs", "list", "--format", "json", "--config", config);

            Assert.True(list.Code == 0, list.Stderr);
            var root = JsonDocument.Parse(list.Stdout).RootElement;
            Assert.Single(root.GetProperty("nodes").EnumerateArray());
            // Scheduled by the serve node (the ingest job may be running its first interval fire right now).
            Assert.All(root.GetProperty("jobs").EnumerateArray(), j => Assert.NotEqual("NotScheduled", j.GetProperty("state").GetString()));
        }
        finally
        {
            serve.Kill();
            await serve.WaitForExitAsync();
        }
    }

    [Theory]
    [InlineData("nope", "No job named 'nope'. Jobs: ingest.sample, publish.delivery, forecast-check.delivery.")]
    [InlineData("ingest.sample --period 2025-W52", "--period applies to publish jobs only")]
    public async Task Trigger_UnknownJobOrPeriodOnIngest_ExitsTwoSayingWhy(string args, string message)
    {
        var config = WriteSampleConfig();

        var (code, _, stderr) = await CliRunner.RunAsync(["jobs", "trigger", .. args.Split(' '), "--config", config]);

        Assert.Equal(2, code);
        Assert.StartsWith("pmoflow: " + message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_BadOptionValue_ExitsTwoBeforeStarting()
    {
        var config = WriteSampleConfig();

        var (code, _, stderr) = await CliRunner.RunAsync("worker", "--config", config, "--threads", "0");

        Assert.Equal(2, code);
        Assert.Equal("pmoflow: --threads: '0' is not a positive whole number.", stderr.Trim());
    }
}
