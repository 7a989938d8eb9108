using PmoFlow.Jobs.Services;
using PmoFlow.Jobs.Tests.Support;
using PmoFlow.Storage;
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
        var service = new IngestService(new EventStore(db.DataSource), config);

        var first = await service.IngestAsync(config.Source("files"), CancellationToken.None);
        var second = await service.IngestAsync(config.Source("files"), CancellationToken.None);

        Assert.Equal((3L, 3L), (first.EventsRead, first.EventsInserted));
        Assert.Equal(0, second.EventsInserted);
        Assert.Equal(3, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM events WHERE source = 'files'"));
    }

    [Fact]
    public async Task Ingest_ConnectorSourceWithoutConnector_NotSupportedNamingTheKind()
    {
        await using var db = await TestDatabase.CreateAsync();
        var config = TestConfigs.Parse(TestConfigs.OneStream(string.Empty, root: "sources:\n  - { name: jira, kind: jira }"));
        var service = new IngestService(new EventStore(db.DataSource), config);

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => service.IngestAsync(config.Source("jira"), CancellationToken.None));

        Assert.Equal("Source 'jira' is of kind jira, and no connector for it is installed in this host.", ex.Message);
    }
}
