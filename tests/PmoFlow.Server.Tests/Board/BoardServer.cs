using Microsoft.AspNetCore.Builder;
using PmoFlow.Streams.Configuration;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Server.Hosting;
using PmoFlow.Server.Tests.Support;
using PmoFlow.Storage;
using PmoFlow.Testing;

namespace PmoFlow.Server.Tests.Board;

/// <summary>
/// The hand-worked board stream of <c>BoardBuilderTests</c> (Reporting tests) as a CSV imported into a real PostgreSQL,
/// served by the real server (Kestrel, 127.0.0.1, a free port) with "now" = 2024-03-10 12:00 UTC.
/// Doing (limit 2) holds W3 (age 20, beyond-p85, blocked "Vendor &lt;b&gt;"), W5 (9, p50-p85), W6 (7, p50-p85),
/// W1 (2, within-p50), W4 (1, within-p50): WIP 5, over the limit; Review (limit 1) holds W2 (6, p50-p85).
/// P50 = 3, P85 = 9 (cycle times {1, 3, 5, 9}). W1's title is a script payload. Items link to https://tracker.example/browse/{key}.
/// </summary>
public sealed class BoardServer : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2024, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public const string Events = """
        item_key,timestamp,from_status,to_status,event,item_type,title,parent,labels,value
        D1,2024-03-01T09:00:00Z,,Open,created,story,Done one,,,
        D1,2024-03-01T10:00:00Z,Open,In Progress,status,story,Done one,,,
        D1,2024-03-01T15:00:00Z,In Progress,Done,status,story,Done one,,,
        D2,2024-03-01T09:00:00Z,,Open,created,story,Done two,,,
        D2,2024-03-01T10:00:00Z,Open,In Progress,status,story,Done two,,,
        D2,2024-03-03T10:00:00Z,In Progress,Done,status,story,Done two,,,
        D3,2024-03-01T09:00:00Z,,Open,created,bug,Done three,,,
        D3,2024-03-01T10:00:00Z,Open,In Progress,status,bug,Done three,,,
        D3,2024-03-05T10:00:00Z,In Progress,Done,status,bug,Done three,,,
        D4,2024-03-01T09:00:00Z,,Open,created,bug,Done four,,,
        D4,2024-03-01T10:00:00Z,Open,In Progress,status,bug,Done four,,,
        D4,2024-03-09T10:00:00Z,In Progress,Done,status,bug,Done four,,,
        W1,2024-03-09T09:00:00Z,,Open,created,story,<script>window.__pwned=1</script>,EPIC-1,alpha,
        W1,2024-03-09T10:00:00Z,Open,In Progress,status,story,<script>window.__pwned=1</script>,EPIC-1,alpha,
        W2,2024-03-05T09:00:00Z,,Open,created,bug,Second,,beta,
        W2,2024-03-05T10:00:00Z,Open,In Progress,status,bug,Second,,beta,
        W2,2024-03-08T10:00:00Z,In Progress,Review,status,bug,Second,,beta,
        W3,2024-02-20T09:00:00Z,,Open,created,story,Third,EPIC-1,,
        W3,2024-02-20T10:00:00Z,Open,In Progress,status,story,Third,EPIC-1,,
        W3,2024-03-07T09:00:00Z,,,blocked,story,Third,EPIC-1,,Vendor <b>late</b>
        W4,2024-03-10T07:00:00Z,,Open,created,story,Fourth,,,
        W4,2024-03-10T08:00:00Z,Open,In Progress,status,story,Fourth,,,
        W5,2024-03-02T09:00:00Z,,Open,created,story,Fifth,,,
        W5,2024-03-02T10:00:00Z,Open,In Progress,status,story,Fifth,,,
        W5,2024-03-04T10:00:00Z,In Progress,Review,status,story,Fifth,,,
        W5,2024-03-06T10:00:00Z,Review,In Progress,status,story,Fifth,,,
        W6,2024-03-04T09:00:00Z,,Open,created,story,Sixth,,,
        W6,2024-03-04T10:00:00Z,Open,In Progress,status,story,Sixth,,,
        W6,2024-03-08T10:00:00Z,In Progress,Weird,status,story,Sixth,,,
        B1,2024-03-01T10:00:00Z,,Open,created,story,Backlog one,,,

        """;

    public const string Config = """
        streams:
          - name: board
            timeZone: UTC
            sources: [board]
            report: { itemUrl: "https://tracker.example/browse/{key}" }
            stages:
              - { name: Backlog, category: backlog, statuses: [Open] }
              - { name: Doing, category: active, statuses: [In Progress], wipLimit: 2 }
              - { name: Review, category: wait, statuses: [Review], wipLimit: 1 }
              - { name: Done, category: done, statuses: [Done] }
        sources:
          - name: board
            kind: csv
            events: board.csv
            timeZone: UTC
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-board-").FullName;
    private TestDatabase? _database;
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = string.Empty;

    public PmoFlowConfig? Configuration { get; private set; }

    public TestDatabase Database => _database ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await File.WriteAllTextAsync(Path.Combine(_dir, "board.csv"), Events.Replace("\r\n", "\n", StringComparison.Ordinal));
        var path = Path.Combine(_dir, "pmoflow.yaml");
        await File.WriteAllTextAsync(path, Config);
        Configuration = ConfigLoader.Load(path);
        var store = new EventStore(_database.DataSource);
        foreach (var source in Configuration.Sources)
        {
            var batches = CsvSourceImporter.Read(source.Name, source.Csv!, TimeZoneInfo.Utc, null, full: true);
            var summary = await IngestPipeline.RunAsync(store, source.Name, "csv", IngestPipeline.AsAsync(batches), null, CancellationToken.None);
            if (summary.Quarantined > 0)
            {
                throw new InvalidOperationException($"{source.Name}: {summary.Quarantined} rows quarantined");
            }
        }

        _app = ServerHost.BuildApp(new ServerOptions
        {
            Config = Configuration,
            DataSource = _database.DataSource,
            Host = "127.0.0.1",
            Port = 0,
            Clock = new FixedClock(Now),
            CacheDuration = TimeSpan.FromMinutes(10),
            ForecastParallelism = 1,
        });
        await _app.StartAsync();
        BaseUrl = _app.Urls.Single();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
