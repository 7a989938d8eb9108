using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.AspNetCore.Builder;
using PmoFlow.Server.Hosting;

namespace PmoFlow.Benchmarks.Web;

/// <summary>
/// API latency under a bounded loopback load: the real server (Kestrel on 127.0.0.1) over PostgreSQL holding one stream
/// of about 100,000 items; <see cref="Clients"/> concurrent clients each send <see cref="RequestsPerClient"/> requests
/// cycling through the API routes. Every request's latency is recorded; p50/p95/p99 are printed per iteration and
/// written to BenchmarkDotNet.Artifacts/web-api-latency.txt. Target: p95 ≤ 200 ms. A 429 from the heavy-work limiter
/// (forecast routes) is retried after its Retry-After, as a client should; the 429s are counted.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ApiLoadBenchmarks
{
    private static readonly string[] Routes =
    [
        "/api/streams",
        "/api/streams/big/metrics",
        "/api/streams/big/items?state=in-progress&limit=100",
        "/api/streams/big/items?q=T7-1&limit=50",
        "/api/streams/big/items?type=Bug&state=done&offset=500&limit=100",
        "/api/streams/big/forecasts/when?items=200",
        "/api/streams/big/forecasts/how-many",
        "/api/streams/big/metrics?from=2026-01-01&to=2026-03-31",
    ];

    private readonly List<double> _latencies = [];
    private int _throttled;
    private WebBenchmarkData? _data;
    private WebApplication? _app;
    private HttpClient? _client;

    [Params(4)]
    public int Clients { get; set; }

    [Params(100)]
    public int RequestsPerClient { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // 40 teams x 2 years x 5 arrivals per working day ≈ 104,000 items, all in one stream.
        _data = WebBenchmarkData.CreateAsync(teams: 40, days: 730, arrivalsPerDay: 5, streams: 1).GetAwaiter().GetResult();
        var config = _data.Config with { Streams = [_data.Config.Streams[0] with { Definition = _data.Config.Streams[0].Definition with { Name = "big" } }] };
        _app = ServerHost.BuildApp(new ServerOptions
        {
            Config = config,
            DataSource = _data.DataSource,
            Port = 0,
            Clock = new StoppedClock(_data.End),
            CacheDuration = TimeSpan.FromMinutes(30),
        });
        _app.StartAsync().GetAwaiter().GetResult();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };

        // The first request reads the stream from PostgreSQL and analyses it; it is measured on its own.
        var cold = Stopwatch.StartNew();
        _client.GetAsync("/api/streams/big/metrics").GetAwaiter().GetResult().EnsureSuccessStatusCode();
        Report($"// data: {_data.Data.Items.Count:N0} items, {_data.Data.Events.Count:N0} events; first request (load + analyse): {cold.Elapsed.TotalMilliseconds:N0} ms");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _app?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _data?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void ClearLatencies()
    {
        _latencies.Clear();
        _throttled = 0;
    }

    [IterationCleanup]
    public void PrintLatencies()
    {
        double[] sorted;
        lock (_latencies)
        {
            sorted = [.. _latencies.Order()];
        }

        double P(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        Report($"// {sorted.Length} requests, {Clients} clients, {_throttled} answered 429 first (latency of the answered attempt): p50 {P(50):N1} ms, p95 {P(95):N1} ms, p99 {P(99):N1} ms, max {sorted[^1]:N1} ms");
    }

    [Benchmark]
    public async Task<int> BoundedLoad()
    {
        var client = _client!;
        var tasks = Enumerable.Range(0, Clients).Select(async c =>
        {
            for (var i = 0; i < RequestsPerClient; i++)
            {
                var route = Routes[(c + i) % Routes.Length];
                Stopwatch watch;
                while (true)
                {
                    watch = Stopwatch.StartNew();
                    using var response = await client.GetAsync(route);
                    _ = await response.Content.ReadAsByteArrayAsync();
                    watch.Stop();
                    if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
                    {
                        // The heavy-work limiter (forecasts) said "busy": wait as told and ask again, as a client should.
                        Interlocked.Increment(ref _throttled);
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                        continue;
                    }

                    response.EnsureSuccessStatusCode();
                    break;
                }

                lock (_latencies)
                {
                    _latencies.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        });
        await Task.WhenAll(tasks);
        return _latencies.Count;
    }

    private static void Report(string line)
    {
        Console.WriteLine(line);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        File.AppendAllText(Path.Combine("BenchmarkDotNet.Artifacts", "web-api-latency.txt"), line + Environment.NewLine);
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
