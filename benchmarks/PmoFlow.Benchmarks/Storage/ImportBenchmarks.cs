using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Npgsql;
using PmoFlow.Core.Events;
using PmoFlow.Storage;
using PmoFlow.Storage.Embedded;
using PmoFlow.Storage.Migrations;

namespace PmoFlow.Benchmarks.Storage;

/// <summary>
/// Import throughput of <see cref="EventStore"/> into the embedded PostgreSQL (default, durable settings):
/// a first import into empty tables, and a second import of the same data (every event a duplicate).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ImportConfig))]
public class ImportBenchmarks
{
    private const string Source = "bench";
    private const int BatchSize = 25_000;
    private static readonly string[] Statuses = ["Backlog", "Ready", "In Progress", "Review", "Done"];

    private string _home = string.Empty;
    private EmbeddedServerLease? _lease;
    private NpgsqlDataSource? _dataSource;
    private EventStore? _store;
    private List<IngestBatch> _batches = [];

    [Params(100_000, 1_000_000)]
    public int EventCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _home = Path.Combine("/tmp", $"pmoflow-bench-{Environment.ProcessId}");
        _lease = new PostgresLauncher(new EmbeddedPostgresOptions { HomeDirectory = _home })
            .AcquireAsync(CancellationToken.None).GetAwaiter().GetResult();
        _dataSource = NpgsqlDataSource.Create(_lease.ConnectionString);
        SchemaMigrator.MigrateAsync(_dataSource, CancellationToken.None).GetAwaiter().GetResult();
        _store = new EventStore(_dataSource);
        _batches = BuildBatches(EventCount, seed: 42);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _dataSource?.Dispose();
        _lease?.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    [IterationSetup(Target = nameof(FirstImport))]
    public void EmptyTables() => Execute("TRUNCATE events, work_items, quarantine, ingest_runs, sources");

    [IterationSetup(Target = nameof(ReImport))]
    public void LoadOnce()
    {
        using var count = _dataSource!.CreateCommand("SELECT count(*) FROM events");
        if ((long)count.ExecuteScalar()! == 0)
        {
            ImportAsync().GetAwaiter().GetResult();
        }
    }

    [Benchmark(Baseline = true, Description = "first import")]
    public Task<long> FirstImport() => ImportAsync();

    [Benchmark(Description = "same data again")]
    public Task<long> ReImport() => ImportAsync();

    private async Task<long> ImportAsync()
    {
        var run = await _store!.BeginRunAsync(Source, "bench", CancellationToken.None);
        long inserted = 0;
        foreach (var batch in _batches)
        {
            inserted += (await _store.WriteBatchAsync(run, batch, CancellationToken.None)).EventsInserted;
        }

        await _store.CompleteRunAsync(run, IngestOutcome.Succeeded, null, CancellationToken.None);
        return inserted;
    }

    private void Execute(string sql)
    {
        using var cmd = _dataSource!.CreateCommand(sql);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Items of about 8 events each (created, status moves, a blocked spell), in connector order.</summary>
    private static List<IngestBatch> BuildBatches(int eventCount, int seed)
    {
        var random = new Random(seed);
        var events = new FlowEvent[eventCount];
        var items = new List<(int FirstEvent, WorkItem Item)>();
        var start = new DateTimeOffset(2022, 1, 3, 9, 0, 0, TimeSpan.Zero);
        var n = 0;
        for (var item = 0; n < eventCount; item++)
        {
            var key = $"BENCH-{item}";
            var at = start.AddMinutes(random.Next(0, 2 * 365 * 24 * 60));
            items.Add((n, new WorkItem(Source, key, item % 5 == 0 ? "Bug" : "Story", $"Item {item}", at, $"EPIC-{item / 50}")));
            events[n++] = new FlowEvent(Source, key, "c", at, EventKind.Created, ToStatus: Statuses[0]);
            for (var s = 1; s < Statuses.Length && n < eventCount; s++)
            {
                at = at.AddMinutes(random.Next(10, 5 * 24 * 60));
                events[n++] = new FlowEvent(Source, key, $"s{s}", at, EventKind.Status, Statuses[s - 1], Statuses[s]);
            }

            if (n < eventCount - 1 && random.Next(3) == 0)
            {
                events[n++] = new FlowEvent(Source, key, "b", at.AddHours(-2), EventKind.Blocked, Value: "waiting");
                events[n++] = new FlowEvent(Source, key, "u", at.AddHours(-1), EventKind.Unblocked);
            }
        }

        var batches = new List<IngestBatch>();
        var nextItem = 0;
        for (var offset = 0; offset < eventCount; offset += BatchSize)
        {
            var length = Math.Min(BatchSize, eventCount - offset);
            var batchItems = new List<WorkItem>();
            while (nextItem < items.Count && items[nextItem].FirstEvent < offset + length)
            {
                batchItems.Add(items[nextItem++].Item);
            }

            batches.Add(new IngestBatch(batchItems, new ArraySegment<FlowEvent>(events, offset, length), [], $"{offset + length}"));
        }

        return batches;
    }

    private sealed class ImportConfig : ManualConfig
    {
        public ImportConfig() => AddColumn(new EventsPerSecondColumn());
    }
}
