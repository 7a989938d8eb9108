using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Npgsql;
using PmoFlow.Core.Events;
using PmoFlow.Core.Simulation;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Storage;
using PmoFlow.Storage.Embedded;
using PmoFlow.Storage.Migrations;
using PmoFlow.Streams.Samples;

namespace PmoFlow.Benchmarks.Web;

/// <summary>
/// The resident memory of a real <c>pmoflow serve</c> process (the Release build of the CLI, a child process) under a
/// bounded load of report requests: PostgreSQL holds one stream of about 100,000 items; <see cref="Clients"/> clients
/// send <see cref="Requests"/> report requests in all (JSON and HTML, over the last <see cref="Weeks"/> weeks: more
/// weeks x formats than the bounded report cache holds, so it is filled and evicted and builds queue behind the
/// heavy-work limiter). A 429 from the limiter is answered the
/// way a client should: it waits the Retry-After and asks again (both the 429s and the retries are counted). The
/// child's VmRSS is sampled every 20 ms from /proc; peak RSS, VmHWM and the latency percentiles of the answered
/// requests are printed and written to BenchmarkDotNet.Artifacts/serve-memory.txt. Target: under 1 GB resident.
/// Build the CLI first: <c>dotnet build -c Release src/PmoFlow.Cli</c>; run with <c>--filter '*ServeMemory*'</c> (in-process,
/// one iteration, by its own config).
/// </summary>
[Config(typeof(OneLongRun))]
public partial class ServeMemoryBenchmarks
{
    /// <summary>One in-process run of the whole load (it takes minutes: past BenchmarkDotNet's default in-process limit).</summary>
    private sealed class OneLongRun : ManualConfig
    {
        public OneLongRun() => AddJob(Job.Dry
            .WithStrategy(RunStrategy.Monitoring).WithWarmupCount(0).WithIterationCount(1)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(40), logOutput: true)));
    }

    private EmbeddedServerLease? _lease;
    private string? _dir;
    private Process? _serve;
    private HttpClient? _client;
    private string[] _weeks = [];

    [Params(8)]
    public int Clients { get; set; }

    [Params(2_000)]
    public int Requests { get; set; }

    [Params(6)]
    public int Weeks { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        if (_serve is { HasExited: false })
        {
            _serve.Kill(entireProcessTree: true);
            _serve.WaitForExit(10_000);
        }

        _serve?.Dispose();
        _lease?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_dir is not null)
        {
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Benchmark]
    public async Task<int> ReportLoad()
    {
        var serve = _serve!;
        var latencies = new List<double>(Requests);
        long peakRss = 0;
        var throttled = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakRss = Math.Max(peakRss, Status(serve.Id, "VmRSS"));
                await Task.Delay(20, CancellationToken.None);
            }
        });

        var next = -1;
        var clients = Enumerable.Range(0, Clients).Select(async client =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < Requests)
            {
                var route = $"/api/streams/delivery/reports/{_weeks[n % _weeks.Length]}?format={(n / _weeks.Length % 2 == 0 ? "json" : "html")}";
                long bytes = 0;
                var watch = Stopwatch.StartNew();
                while (true)
                {
                    using var response = await _client!.GetAsync(route);
                    bytes = (await response.Content.ReadAsByteArrayAsync()).LongLength;
                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        Interlocked.Increment(ref throttled);
                        var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                        await Task.Delay(wait);
                        continue;
                    }

                    response.EnsureSuccessStatusCode();
                    break;
                }

                lock (latencies)
                {
                    latencies.Add(watch.Elapsed.TotalMilliseconds);
                    if (n < 2 * _weeks.Length && n % _weeks.Length == 0)
                    {
                        Report(string.Create(CultureInfo.InvariantCulture, $"// {route}: {bytes / 1024.0:N0} KB"));
                    }
                }
            }
        });
        await Task.WhenAll(clients);
        await stop.CancelAsync();
        await sampler;
        peakRss = Math.Max(peakRss, Status(serve.Id, "VmRSS"));
        var hwm = Status(serve.Id, "VmHWM");

        double[] sorted = [.. latencies.Order()];
        double P(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        Report(string.Create(CultureInfo.InvariantCulture,
            $"// {sorted.Length} report requests ({_weeks.Length} weeks x json/html), {Clients} clients, {throttled} answered 429 first: " +
            $"p50 {P(50):N0} ms, p95 {P(95):N0} ms, p99 {P(99):N0} ms, max {sorted[^1]:N0} ms; serve peak RSS {peakRss / 1024.0:N0} MB (sampled), VmHWM {hwm / 1024.0:N0} MB"));
        return sorted.Length;
    }

    private async Task SetupAsync()
    {
        _dir = Path.Combine("/tmp", $"pfb-serve-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(_dir);
        _lease = await new PostgresLauncher(new EmbeddedPostgresOptions
        {
            HomeDirectory = Path.Combine(_dir, "pg"),
            Throwaway = true,
            StartTimeout = TimeSpan.FromMinutes(2),
        }).AcquireAsync(CancellationToken.None);
        await using (var dataSource = NpgsqlDataSource.Create(_lease.ConnectionString))
        {
            await SchemaMigrator.MigrateAsync(dataSource, CancellationToken.None);

            // 40 teams x 2 years x 5 arrivals per working day ≈ 104,000 items, all in one stream fed by one source; the
            // data ends yesterday, since the child process answers on today's clock.
            var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-730);
            var data = DeliverySimulator.Run(new SimulationParameters { Seed = 2024, Teams = 40, Days = 730, ArrivalsPerDay = 5, TimeZone = "UTC", Start = start });
            var items = data.Items.Select(i => i with { Source = "sample" }).ToList();
            var events = data.Events.Select(e => e with { Source = "sample" }).ToList();
            var batches = events.Chunk(50_000).Select((chunk, n) => new IngestBatch(n == 0 ? items : [], chunk, []));
            await IngestPipeline.RunAsync(new EventStore(dataSource), "sample", "csv", IngestPipeline.AsAsync(batches), null, CancellationToken.None);

            var last = data.Parameters.Start.AddDays(data.Parameters.Days - 1);
            _weeks = [.. Enumerable.Range(1, Weeks).Select(w => last.AddDays(-7 * w).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];
            var config = Path.Combine(_dir, "pmoflow.yaml");
            await File.WriteAllTextAsync(config, $"database: \"{_lease.ConnectionString}\"\n" + SampleDataWriter.Yaml(data));
            Report($"// data: {items.Count:N0} items, {events.Count:N0} events, weeks {_weeks[^1]} .. {_weeks[0]}");

            _serve = StartServe(config);
        }

        _client = new HttpClient { BaseAddress = new Uri(await ServingUrlAsync(_serve)), Timeout = TimeSpan.FromMinutes(5) };
        var cold = Stopwatch.StartNew();
        (await _client.GetAsync("/api/streams/delivery/metrics")).EnsureSuccessStatusCode();
        Report(string.Create(CultureInfo.InvariantCulture,
            $"// first request (load + analyse) {cold.Elapsed.TotalMilliseconds:N0} ms; serve RSS after it {Status(_serve.Id, "VmRSS") / 1024.0:N0} MB"));
    }

    private Process StartServe(string config)
    {
        var cli = Path.Combine(RepoRoot(), "src", "PmoFlow.Cli", "bin", "Release", "net10.0", "pmoflow");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"{cli} is missing: build it first (dotnet build -c Release src/PmoFlow.Cli).");
        }

        var start = new ProcessStartInfo(cli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dir,
        };
        foreach (var arg in new[] { "serve", "--config", config, "--port", "0", "--no-scheduler", "--cache-seconds", "600", "--log-level", "warning" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PMOFLOW_HOME"] = Path.Combine(_dir!, "home");
        var process = Process.Start(start) ?? throw new InvalidOperationException("serve did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> ServingUrlAsync(Process serve)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await serve.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ServingLine().Match(line) is { Success: true } m)
            {
                // Keep draining stdout so the child never blocks on a full pipe.
                _ = serve.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return m.Groups[1].Value;
            }
        }

        throw new InvalidOperationException("serve ended before serving");
    }

    /// <summary>A kB figure from /proc/PID/status (VmRSS: resident now; VmHWM: the peak resident size).</summary>
    private static long Status(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PmoFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PmoFlow.sln not found above " + AppContext.BaseDirectory);
    }

    private static void Report(string line)
    {
        Console.WriteLine(line);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        File.AppendAllText(Path.Combine("BenchmarkDotNet.Artifacts", "serve-memory.txt"), line + Environment.NewLine);
    }

    [GeneratedRegex(@"PmoFlow is serving (http://[^ ]+) ")]
    private static partial Regex ServingLine();
}
