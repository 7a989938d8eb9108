using PmoFlow.Core.Events;
using PmoFlow.Storage.Reading;
using PmoFlow.Testing;
using static PmoFlow.Storage.Tests.Events.StoreTestData;

namespace PmoFlow.Storage.Tests.Events;

/// <summary>Large batches written as parallel parts, and writers racing on the same events.</summary>
public sealed class ParallelWriteTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    /// <summary>
    /// 2,500 items × 4 events (10,000, above <see cref="EventStore.MinEventsToSplit"/>), then every 10th event again
    /// with another status (a duplicate key: the first one wins), and the items (with a repeat of each 7th).
    /// </summary>
    private static IngestBatch LargeBatch(string source, string cursor)
    {
        var events = new List<FlowEvent>();
        for (var i = 0; i < 2500; i++)
        {
            for (var k = 0; k < 4; k++)
            {
                events.Add(Status(source, $"K-{i}", $"e{k}", (i * 10) + k, $"S{k}", $"S{k + 1}"));
            }
        }

        events.AddRange(events.Where((_, n) => n % 10 == 0).Select(e => e with { ToStatus = "Other" }).ToList());
        var items = Enumerable.Range(0, 2500).Select(i => new WorkItem(source, $"K-{i}", "Story", $"Item {i}"))
            .Concat(Enumerable.Range(0, 2500).Where(i => i % 7 == 0).Select(i => new WorkItem(source, $"K-{i}", Title: $"Renamed {i}")))
            .ToList();
        return Batch(events, items, [new QuarantineRecord(source, "file.csv:3", "x", "bad")], cursor);
    }

    [Fact]
    public async Task WriteBatchAsync_LargeBatchInParallelParts_StoresWhatOneConnectionStores()
    {
        var one = new EventStore(db.DataSource) { WriteParallelism = 1 };
        var three = new EventStore(db.DataSource) { WriteParallelism = 3 };
        var runOne = await one.BeginRunAsync("par-1", "csv", CancellationToken.None);
        var runThree = await three.BeginRunAsync("par-3", "csv", CancellationToken.None);

        var resultOne = await one.WriteBatchAsync(runOne, LargeBatch("par-1", "c1"), CancellationToken.None);
        var resultThree = await three.WriteBatchAsync(runThree, LargeBatch("par-3", "c1"), CancellationToken.None);
        var again = await three.WriteBatchAsync(runThree, LargeBatch("par-3", "c2"), CancellationToken.None);

        // 11,000 read; 10,000 distinct keys; 1,000 repeats; 2,500 items; 1 quarantined row.
        Assert.Equal(new BatchResult(11_000, 10_000, 1_000, 2_500, 1), resultOne);
        Assert.Equal(resultOne, resultThree);
        Assert.Equal(new BatchResult(11_000, 0, 11_000, 0, 1), again);
        var reader = new EventReader(db.DataSource);
        var storedOne = await reader.ReadEventsAsync(["par-1"]).Select(e => e with { Source = "x" }).ToListAsync();
        var storedThree = await reader.ReadEventsAsync(["par-3"]).Select(e => e with { Source = "x" }).ToListAsync();
        Assert.Equal(storedOne, storedThree);
        Assert.DoesNotContain(storedThree, e => e.ToStatus == "Other");
        var items = await reader.ReadWorkItemsAsync(["par-3"], CancellationToken.None);
        Assert.Equal("Renamed 7", items.Single(i => i.Key == "K-7").Title);
        Assert.Equal("Story", items.Single(i => i.Key == "K-7").Type);
        Assert.Equal("c2", await three.GetCursorAsync("par-3", CancellationToken.None));
        var run = (await new IngestStatusReader(db.DataSource).ReadRunsAsync("par-3", 1, CancellationToken.None)).Single();
        Assert.Equal((22_000L, 10_000L, 12_000L, 2_500L, 2L), (run.EventsRead, run.EventsInserted, run.Duplicates, run.ItemsUpserted, run.Quarantined));
    }

    [Fact]
    public async Task WriteBatchAsync_TwoWritersOfTheSameEventsAtOnce_EachEventStoredOnce()
    {
        // Two processes importing the same file at the same moment: whichever stores an event first, it is stored once.
        var store = new EventStore(db.DataSource);
        var first = await store.BeginRunAsync("race", "csv", CancellationToken.None);
        var second = await store.BeginRunAsync("race", "csv", CancellationToken.None);

        var results = await Task.WhenAll(
            Task.Run(() => store.WriteBatchAsync(first, LargeBatch("race", "c"), CancellationToken.None)),
            Task.Run(() => store.WriteBatchAsync(second, LargeBatch("race", "c"), CancellationToken.None)));

        Assert.Equal(10_000, results.Sum(r => r.EventsInserted));
        Assert.Equal(10_000, await CountEventsAsync(db.DataSource, "race"));
        Assert.Equal(2_500, await CountItemsAsync(db.DataSource, "race"));
    }
}
