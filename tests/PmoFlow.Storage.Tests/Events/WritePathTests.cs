using PmoFlow.Core.Events;
using PmoFlow.Storage.Reading;
using PmoFlow.Testing;
using static PmoFlow.Storage.Tests.Events.StoreTestData;

namespace PmoFlow.Storage.Tests.Events;

// The writer copies a batch of new events straight into events and falls back to the staged anti-join insert when
// stored events turn up; these tests drive each way in and check the result is the same as for any batch.
public sealed class WritePathTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private readonly EventStore _store = new(db.DataSource);

    [Fact]
    public async Task WriteBatchAsync_StoredEventTheSampleMisses_FallsBackAndInsertsOnlyTheNewOnes()
    {
        const string S = "missed-by-sample";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        await _store.WriteBatchAsync(run, Batch([Status(S, "K-01", "1", 0, "a", "stored")]), CancellationToken.None);

        // 40 events K-00..K-39 in key order; the probe samples positions 0, 2, 5, ... (BatchRowsTests), not K-01 at 1,
        // so the direct copy runs into the stored K-01 and the batch is redone through the staging table.
        var events = Enumerable.Range(0, 40).Select(i => Status(S, $"K-{i:D2}", "1", i, "a", "new")).ToList();
        Assert.DoesNotContain(1, BatchRows.Sample(Enumerable.Range(0, 40).ToList(), BatchWriter.ProbeSampleSize));
        var result = await _store.WriteBatchAsync(
            run, Batch(events, [new WorkItem(S, "K-05", "Bug")], cursor: "after-40"), CancellationToken.None);

        Assert.Equal(new BatchResult(40, 39, 1, 1, 0), result);
        var stored = await new EventReader(db.DataSource).ReadEventsAsync([S]).ToListAsync();
        Assert.Equal(40, stored.Count);
        // The stored event was kept, not overwritten by the re-sent one.
        Assert.Equal("stored", stored.Single(e => e.ItemKey == "K-01").ToStatus);
        Assert.Equal("after-40", await _store.GetCursorAsync(S, CancellationToken.None));
        Assert.Equal(1, await CountItemsAsync(db.DataSource, S));
    }

    [Fact]
    public async Task WriteBatchAsync_StoredItemTheSampleMisses_FallsBackToTheUpsert()
    {
        const string S = "item-missed-by-sample";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        await _store.WriteBatchAsync(run, Batch([], [new WorkItem(S, "I-01", null, "old title", T0)]), CancellationToken.None);

        // I-01 sits at position 1 of the 40 sorted keys, which the probe does not sample (as for events above).
        var items = Enumerable.Range(0, 40).Select(i => new WorkItem(S, $"I-{i:D2}", "Bug", null, T0.AddDays(1))).ToList();
        var result = await _store.WriteBatchAsync(run, Batch([], items), CancellationToken.None);

        // 39 new items inserted + I-01 changed (its type was null) = 40.
        Assert.Equal(40, result.ItemsUpserted);
        var stored = await new EventReader(db.DataSource).ReadWorkItemsAsync([S], CancellationToken.None);
        Assert.Equal(40, stored.Count);
        // Merged, not replaced: the new type, the kept title, the earlier creation instant.
        Assert.Equal(new WorkItem(S, "I-01", "Bug", "old title", T0), stored.Single(i => i.Key == "I-01"));
    }

    [Fact]
    public async Task WriteBatchAsync_ResentBatchWithNewEventsAndDuplicates_StagedPathFirstWins()
    {
        const string S = "staged-dups";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        var old = Enumerable.Range(0, 30).Select(i => Status(S, $"K-{i:D2}", "1", i, "a", "old")).ToList();
        await _store.WriteBatchAsync(run, Batch(old), CancellationToken.None);

        // Every sampled key is stored, so this batch takes the staged path; it also holds two new identities twice.
        var batch = old
            .Append(Status(S, "N-1", "1", 0, "a", "first"))
            .Append(Status(S, "N-1", "1", 5, "a", "second"))
            .Append(Status(S, "K-03", "9", 0, "a", "first"))
            .Append(Status(S, "K-03", "9", 1, "a", "second"))
            .ToList();
        var result = await _store.WriteBatchAsync(run, Batch(batch), CancellationToken.None);

        // 34 read; 2 new identities inserted; 30 stored + 2 in-batch repeats are duplicates.
        Assert.Equal(new BatchResult(34, 2, 32, 0, 0), result);
        var stored = await new EventReader(db.DataSource).ReadEventsAsync([S]).ToListAsync();
        Assert.Equal(32, stored.Count);
        Assert.Equal("first", stored.Single(e => e.ItemKey == "N-1").ToStatus);
        Assert.Equal("first", stored.Single(e => e is { ItemKey: "K-03", EventKey: "9" }).ToStatus);
    }

    [Fact]
    public async Task WriteBatchAsync_SameNewBatchFromTwoWritersAtOnce_EachEventStoredOnce()
    {
        const string S = "two-writers";
        var store = new EventStore(db.DataSource);
        var runs = await Task.WhenAll(
            store.BeginRunAsync(S, "csv", CancellationToken.None), store.BeginRunAsync(S, "csv", CancellationToken.None));
        var events = Enumerable.Range(0, 3000).Select(i => Status(S, $"K-{i:D4}", "1", i, "a", "b")).ToList();

        // Both may find the sample absent and copy directly; the later one then waits on the primary key, fails
        // with a unique violation once the first commits, and redoes its batch through the staged path.
        var results = await Task.WhenAll(runs.Select(run =>
            Task.Run(() => store.WriteBatchAsync(run, Batch(events), CancellationToken.None))));

        Assert.Equal(3000, results.Sum(r => r.EventsInserted));
        Assert.Equal(3000, results.Sum(r => r.Duplicates));
        Assert.Equal(3000, await CountEventsAsync(db.DataSource, S));
    }

    [Fact]
    public async Task WriteBatchAsync_KeysOutsideAscii_StoredOnceAndReadBack()
    {
        const string S = "unicode";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        // Keys whose ordinal (UTF-16) and byte (UTF-8) orders differ: U+FF21 sorts before U+1F600 in UTF-16, after it in UTF-8.
        var events = new[] { "\U0001F600-1", "\uFF21-1", "É-1", "A-1" }
            .SelectMany(k => new[] { Status(S, k, "1", 0, "a", "b"), Status(S, k, "2", 1, "b", "c") })
            .ToList();

        var first = await _store.WriteBatchAsync(run, Batch(events), CancellationToken.None);
        var again = await _store.WriteBatchAsync(run, Batch(events), CancellationToken.None);

        Assert.Equal(8, first.EventsInserted);
        Assert.Equal(0, again.EventsInserted);
        var stored = await new EventReader(db.DataSource).ReadEventsAsync([S]).ToListAsync();
        // Read back in byte order of UTF-8: 'A' (41) < 'É' (C3 89) < U+FF21 (EF BC A1) < U+1F600 (F0 9F 98 80).
        Assert.Equal(["A-1", "É-1", "\uFF21-1", "\U0001F600-1"], stored.Select(e => e.ItemKey).Distinct());
    }
}
