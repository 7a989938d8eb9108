using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PmoFlow.Ingestion.Connectors.Jira;

namespace PmoFlow.Benchmarks.Connectors;

/// <summary>
/// A full read of a 10,000-issue Jira Cloud site on a loopback server answering every request after 50 ms,
/// the way PmoFlow read Cloud before CHANGE-2046 (<c>Before</c>: <c>/rest/api/2/search</c> by startAt with embedded
/// changelogs, then <c>/issue/{id}/changelog</c> for every issue whose history was cut) and the way it reads it now
/// (<c>After</c>: <c>/rest/api/3/search/jql</c> + <c>POST /rest/api/3/changelog/bulkfetch</c>). 100 issues a page,
/// 4 requests in flight. Issues/s = 10,000 ÷ mean; the requests of each read are printed after every iteration.
/// </summary>
[Config(typeof(Short))]
[MemoryDiagnoser]
public class JiraCloudReadBenchmarks
{
    /// <summary>One warm-up and three measured reads, in process (each read takes seconds; a build of its own would not pay).</summary>
    private sealed class Short : ManualConfig
    {
        public Short() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }

    private const int Issues = 10_000;
    private LoopbackJiraCloudServer _server = null!;
    private string _tokenFile = null!;

    [Params("Before", "After")]
    public string Mode { get; set; } = "After";

    [GlobalSetup]
    public void Setup()
    {
        _server = new LoopbackJiraCloudServer(Issues, TimeSpan.FromMilliseconds(50));
        _tokenFile = Path.GetTempFileName();
        File.WriteAllText(_tokenFile, "benchmark-token");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _server.Dispose();
        File.Delete(_tokenFile);
    }

    [IterationSetup]
    public void ResetCounts() => _server.ResetCounts();

    [IterationCleanup]
    public void ReportRequests()
    {
        var (search, changelog, bulk, other) = _server.Requests;
        var total = search + changelog + bulk + other;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// requests {Mode}: search {search}, per-issue changelog {changelog}, bulk changelog {bulk}, other {other}; total {total} = {total * 1000.0 / Issues:F1} per 1,000 issues"));
    }

    [Benchmark]
    public async Task<int> ReadAll()
    {
        using var connector = new JiraConnector(new JiraSourceOptions
        {
            Name = "bench",
            BaseUrl = _server.Root,
            Deployment = Mode == "Before" ? JiraDeployment.DataCenter : JiraDeployment.Cloud,
            Jql = "project = BEN",
            Email = "bench@example.invalid",
            TokenFile = _tokenFile,
            PageSize = 100,
            MaxConcurrency = 4,
        });
        var events = 0;
        await foreach (var batch in connector.ReadAsync(null, null, CancellationToken.None))
        {
            events += batch.Events.Count;
        }

        var expected = Issues + _server.StatusChanges;
        return events == expected ? events : throw new InvalidOperationException($"read {events} events, expected {expected}");
    }
}
