using PmoFlow.Jobs.Services;
using PmoFlow.Jobs.Tests.Support;
using PmoFlow.Testing;

namespace PmoFlow.Jobs.Tests.Services;

public sealed class IngestServiceTests
{
    [Fact]
    public async Task Ingest_CsvSourceTwice_StoresEventsOnceAndResumesFromTheCursor()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = TestConfigs.NewFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "events.csv"), """
            item_key,timestamp,to_status
            A-1,2026-03-02T09:00:00Z,Todo
            A-1,2026-03-03T09:00:00Z,Doing
            A-2,2026-03-04T09:00:00Z,Todo

            """);
        var config = TestConfigs.Parse(TestConfigs.OneStream(string.Empty, root: "sources:\n  - { name: files, kind: csv, events: events.csv, interval: 5m }"), folder);
        var service = new IngestService(config, db.DataSource);

        var first = await service.IngestAsync(config.Source("files"), CancellationToken.None);
        var second = await service.IngestAsync(config.Source("files"), CancellationToken.None);

        Assert.Equal((3L, 3L), (first.EventsRead, first.EventsInserted));
        Assert.Equal(0, second.EventsInserted);
        Assert.Equal(3, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM events WHERE source = 'files'"));
    }

    [Fact]
    public async Task Ingest_TrackerSourceMissingItsKeys_ConfigErrorNamingTheKeyBeforeAnythingIsRead()
    {
        await using var db = await TestDatabase.CreateAsync();
        var config = TestConfigs.Parse(TestConfigs.OneStream(string.Empty, root: "sources:\n  - { name: jira, kind: jira }"));
        var service = new IngestService(config, db.DataSource);

        var ex = await Assert.ThrowsAsync<PmoFlow.Streams.Configuration.ConfigException>(() => service.IngestAsync(config.Source("jira"), CancellationToken.None));

        Assert.Contains("sources.jira", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM ingest_runs"));
    }

    [Fact]
    public async Task Ingest_TrackerUnreachable_FailedSummaryWithTheReasonAndTheRunRecorded()
    {
        await using var db = await TestDatabase.CreateAsync();
        // Port 9 on loopback (discard) is closed here: the connector's first page fails to connect.
        var config = TestConfigs.Parse(TestConfigs.OneStream(string.Empty, root: """
            sources:
              - name: gh
                kind: github
                owner: o
                repository: r
                baseUrl: http://127.0.0.1:9/
                tokenEnv: PMOFLOW_TEST_NO_SUCH_TOKEN
                maxRetries: 0
            """));
        var service = new IngestService(config, db.DataSource);

        var summary = await service.IngestAsync(config.Source("gh"), CancellationToken.None);

        Assert.Equal("failed", summary.Outcome);
        Assert.False(string.IsNullOrEmpty(summary.Error));
        Assert.Equal(0, summary.EventsInserted);
    }
}
