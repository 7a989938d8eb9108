using Microsoft.AspNetCore.Builder;
using PmoFlow.Core.Events;
using PmoFlow.Core.Simulation;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Samples;
using PmoFlow.Server.Hosting;
using PmoFlow.Server.Tests.Support;
using PmoFlow.Storage;
using PmoFlow.Testing;

namespace PmoFlow.Server.Tests.Value;

/// <summary>
/// The whole server (Kestrel on 127.0.0.1, as <c>pmoflow serve</c> builds it) over its own database holding a simulated
/// stream, with the sample portfolio beside the configuration. One initiative's name is a script payload.
/// </summary>
public sealed class ValueServer : IAsyncLifetime
{
    /// <summary>The name given to the CHURN initiative: tracker-like text that must show as text.</summary>
    public const string HostileName = "</script><script>window.__pwned=1</script><b id=\"pwned\">Churn</b>";

    private readonly string _dir = System.IO.Directory.CreateTempSubdirectory("pmoflow-value-server-").FullName;
    private TestDatabase? _db;
    private WebApplication? _app;

    /// <summary>"Now" of the server: the end of 2025-07-31 in the stream's zone (UTC).</summary>
    public static DateTimeOffset Now { get; } = new(2025, 7, 31, 23, 0, 0, TimeSpan.Zero);

    public TestDatabase Database => _db ?? throw new InvalidOperationException("not initialised");

    public string BaseUrl { get; private set; } = string.Empty;

    public string Directory => _dir;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        var sim = DeliverySimulator.Run(new SimulationParameters { Teams = 1, Days = 240, Seed = 9 });
        var portfolio = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepositoryRoot, "samples", "portfolio.yaml"));
        Assert.Contains("name: Churn early-warning", portfolio, StringComparison.Ordinal);
        portfolio = portfolio.Replace("name: Churn early-warning", "name: '" + HostileName.Replace("'", "''", StringComparison.Ordinal) + "'", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_dir, "portfolio.yaml"), portfolio);
        var config = ConfigLoader.Parse(SampleDataWriter.Yaml(sim), Path.Combine(_dir, "pmoflow.yaml"));

        var store = new EventStore(_db.DataSource);
        var run = await store.BeginRunAsync("sample", "csv", CancellationToken.None);
        await store.WriteBatchAsync(run, new IngestBatch(sim.Items, sim.Events, []), CancellationToken.None);
        await store.CompleteRunAsync(run, "succeeded", null, CancellationToken.None);

        _app = ServerHost.BuildApp(new ServerOptions
        {
            Config = config,
            DataSource = _db.DataSource,
            Port = 0,
            Clock = new FixedClock(Now),
            CacheDuration = TimeSpan.FromMinutes(10),
            ForecastParallelism = 1,
        });
        await _app.StartAsync();
        BaseUrl = _app.Urls.Single();
    }

    public HttpClient Client() => new() { BaseAddress = new Uri(BaseUrl) };

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_db is not null)
        {
            await _db.DisposeAsync();
        }

        System.IO.Directory.Delete(_dir, recursive: true);
    }
}
