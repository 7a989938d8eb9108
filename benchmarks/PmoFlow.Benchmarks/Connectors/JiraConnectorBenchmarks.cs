using BenchmarkDotNet.Attributes;
using PmoFlow.Ingestion.Connectors.Jira;

namespace PmoFlow.Benchmarks.Connectors;

/// <summary>
/// A full Jira read (1,000 issues × 5 status changes, 50 per page = 20 pages, 6,000 events) against a
/// loopback server that answers each request after 20 ms, with 1, 4 and 8 requests in flight.
/// Pages/s = 20 ÷ mean; events/s = 6,000 ÷ mean.
/// </summary>
[MemoryDiagnoser]
public class JiraConnectorBenchmarks
{
    private const int Issues = 1000;
    private const int StatusChanges = 5;
    private LoopbackJiraServer _server = null!;
    private string _tokenFile = null!;

    [Params(1, 4, 8)]
    public int MaxConcurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = new LoopbackJiraServer(Issues, StatusChanges, TimeSpan.FromMilliseconds(20));
        _tokenFile = Path.GetTempFileName();
        File.WriteAllText(_tokenFile, "benchmark-token");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _server.Dispose();
        File.Delete(_tokenFile);
    }

    [Benchmark]
    public async Task<int> ReadAllPages()
    {
        using var connector = new JiraConnector(new JiraSourceOptions
        {
            Name = "bench",
            BaseUrl = _server.Root,
            Deployment = JiraDeployment.DataCenter, // startAt paging with embedded changelogs, as this server answers
            Jql = "project = BEN",
            Email = "bench@example.invalid",
            TokenFile = _tokenFile,
            PageSize = 50,
            MaxConcurrency = MaxConcurrency,
        });
        var events = 0;
        await foreach (var batch in connector.ReadAsync(null, null, CancellationToken.None))
        {
            events += batch.Events.Count;
        }

        return events == Issues * (StatusChanges + 1) ? events : throw new InvalidOperationException($"read {events} events");
    }
}
