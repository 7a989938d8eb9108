using Npgsql;
using PmoFlow.Core.Events;
using PmoFlow.Core.Simulation;
using PmoFlow.Streams.Configuration;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Streams.Samples;
using PmoFlow.Storage;
using PmoFlow.Storage.Embedded;
using PmoFlow.Storage.Migrations;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Benchmarks.Web;

/// <summary>
/// A throwaway PostgreSQL (PmoFlow's own launcher, in /tmp) filled with simulated delivery data: each simulated team
/// is stored as its own source, and the configuration gets one stream per group of teams.
/// </summary>
internal sealed class WebBenchmarkData : IAsyncDisposable
{
    private readonly EmbeddedServerLease _lease;
    private readonly string _home;

    private WebBenchmarkData(EmbeddedServerLease lease, string home, NpgsqlDataSource dataSource, PmoFlowConfig config, SimulationResult data)
    {
        _lease = lease;
        _home = home;
        DataSource = dataSource;
        Config = config;
        Data = data;
    }

    public NpgsqlDataSource DataSource { get; }

    public PmoFlowConfig Config { get; }

    public SimulationResult Data { get; }

    /// <summary>The instant the data ends (the last simulated day, 18:00 in the data's zone).</summary>
    public DateTimeOffset End => new DateTimeOffset(Data.Parameters.Start.AddDays(Data.Parameters.Days - 1).ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero);

    /// <summary>Simulates <paramref name="teams"/> teams over <paramref name="days"/> days, stores them and configures <paramref name="streams"/> streams.</summary>
    /// <param name="teams">Simulated teams (each its own source).</param>
    /// <param name="days">Simulated calendar days.</param>
    /// <param name="arrivalsPerDay">Mean new items per working day per team.</param>
    /// <param name="streams">Streams; team t belongs to stream t mod streams.</param>
    public static async Task<WebBenchmarkData> CreateAsync(int teams, int days, double arrivalsPerDay, int streams)
    {
        var home = Path.Combine("/tmp", $"pfb-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        var lease = await new PostgresLauncher(new EmbeddedPostgresOptions { HomeDirectory = home, Throwaway = true, StartTimeout = TimeSpan.FromMinutes(2) })
            .AcquireAsync(CancellationToken.None);
        var dataSource = NpgsqlDataSource.Create(lease.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource, CancellationToken.None);

        var data = DeliverySimulator.Run(new SimulationParameters { Seed = 2024, Teams = teams, Days = days, ArrivalsPerDay = arrivalsPerDay, TimeZone = "UTC" });
        static string TeamOf(string key) => "team" + key[1..key.IndexOf('-', StringComparison.Ordinal)];
        var store = new EventStore(dataSource);
        foreach (var group in data.Items.GroupBy(i => TeamOf(i.Key)))
        {
            var team = group.Key;
            var items = group.Select(i => i with { Source = team }).ToList();
            var keys = items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
            var events = data.Events.Where(e => keys.Contains(e.ItemKey)).Select(e => e with { Source = team }).ToList();
            var batches = events.Chunk(50_000).Select((chunk, n) => new IngestBatch(n == 0 ? items : [], chunk, []));
            await IngestPipeline.RunAsync(store, team, "csv", IngestPipeline.AsAsync(batches), null, CancellationToken.None);
        }

        // The sample generator's workflow, one stream per group of teams.
        var sample = ConfigLoader.Parse(SampleDataWriter.Yaml(data), "benchmark.yaml");
        var definition = sample.Streams[0].Definition;
        var sources = Enumerable.Range(1, teams).Select(t => new SourceConfig($"team{t}", "csv", null, null, 0, new YamlMappingNode())).ToList();
        var streamConfigs = Enumerable.Range(0, streams).Select(s => new StreamConfig(
            definition with
            {
                Name = $"stream{s + 1}",
                Sources = [.. Enumerable.Range(1, teams).Where(t => (t - 1) % streams == s).Select(t => $"team{t}")],
            },
            0,
            new YamlMappingNode())).ToList();
        var config = new PmoFlowConfig("benchmark.yaml", lease.ConnectionString, streamConfigs, sources);
        return new WebBenchmarkData(lease, home, dataSource, config, data);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _lease.DisposeAsync();
        try
        {
            await new PostgresLauncher(new EmbeddedPostgresOptions { HomeDirectory = _home, Throwaway = true }).StopAsync(force: true, CancellationToken.None);
            Directory.Delete(_home, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Best effort: a leftover /tmp folder must not fail the benchmark.
        }
    }
}
