using PmoFlow.Core.Events;
using PmoFlow.Storage.Reading;
using PmoFlow.Testing;
using static PmoFlow.Storage.Tests.Events.StoreTestData;

namespace PmoFlow.Storage.Tests.Reading;

public sealed class EventReaderTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private readonly EventStore _store = new(db.DataSource);
    private readonly EventReader _reader = new(db.DataSource);

    [Fact]
    public async Task ReadEventsAsync_WrittenOutOfOrder_ReturnedByItemThenTimeThenEventKey()
    {
        const string S = "order";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        // Two batches, each out of order; B-1's two events share an instant, so the event key decides.
        await _store.WriteBatchAsync(run, Batch(
        [
            Status(S, "B-1", "y", 10, "a", "b"),
            Status(S, "A-2", "1", 5, "a", "b"),
            Status(S, "A-1", "2", 20, "b", "c"),
        ]), CancellationToken.None);
        await _store.WriteBatchAsync(run, Batch(
        [
            Status(S, "B-1", "x", 10, "b", "c"),
            Status(S, "A-1", "1", 0, "a", "b"),
            Status(S, "A-1", "3", -30, "z", "a"),
        ]), CancellationToken.None);

        var events = await _reader.ReadEventsAsync([S]).ToListAsync();

        Assert.Equal(
            ["A-1/3", "A-1/1", "A-1/2", "A-2/1", "B-1/x", "B-1/y"],
            events.Select(e => $"{e.ItemKey}/{e.EventKey}"));
        Assert.Equal(Status(S, "A-1", "3", -30, "z", "a"), events[0]);
    }

    [Fact]
    public async Task ReadEventsAsync_TwoSources_OnlyRequestedOnesAndEachItemContiguous()
    {
        var runA = await _store.BeginRunAsync("src-a", "csv", CancellationToken.None);
        var runB = await _store.BeginRunAsync("src-b", "csv", CancellationToken.None);
        var runC = await _store.BeginRunAsync("src-c", "csv", CancellationToken.None);
        await _store.WriteBatchAsync(runA, Batch([Status("src-a", "K-1", "1", 0, "a", "b"), Status("src-a", "K-1", "2", 20, "b", "c")]), CancellationToken.None);
        await _store.WriteBatchAsync(runB, Batch([Status("src-b", "K-1", "1", 10, "a", "b")]), CancellationToken.None);
        await _store.WriteBatchAsync(runC, Batch([Status("src-c", "K-1", "1", 5, "a", "b")]), CancellationToken.None);

        var events = await _reader.ReadEventsAsync(["src-a", "src-b"]).ToListAsync();

        // Same item key in two sources: two items, each one's events together (source-a's 0 and 20, then source-b's 10).
        Assert.Equal(["src-a/1", "src-a/2", "src-b/1"], events.Select(e => $"{e.Source}/{e.EventKey}"));
        Assert.Equal(3, await _reader.CountEventsAsync(["src-a", "src-b"], CancellationToken.None));
        Assert.Equal(1, await _reader.CountEventsAsync(["src-c"], CancellationToken.None));
    }

    [Fact]
    public async Task ReadEventsAsync_NoSourcesOrUnknownSource_Empty()
    {
        Assert.Empty(await _reader.ReadEventsAsync([]).ToListAsync());
        Assert.Empty(await _reader.ReadEventsAsync(["nobody"]).ToListAsync());
        Assert.Empty(await _reader.ReadWorkItemsAsync([], CancellationToken.None));
        Assert.Equal(0, await _reader.CountEventsAsync(["nobody"], CancellationToken.None));
    }

    [Fact]
    public async Task ReadEventsAsync_AllFields_RoundTrip()
    {
        const string S = "fields";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        FlowEvent[] written =
        [
            new(S, "A-1", "c", T0, EventKind.Created, null, "New"),
            new(S, "A-1", "b", T0.AddHours(1), EventKind.Blocked, Value: "waiting on vendor"),
            new(S, "A-1", "u", T0.AddHours(2), EventKind.Unblocked),
            new(S, "A-1", "f", T0.AddHours(3), EventKind.Field, Field: "parent", Value: "EPIC-9"),
            new(S, "A-1", "r", T0.AddHours(4), EventKind.Removed),
        ];
        await _store.WriteBatchAsync(run, Batch(written), CancellationToken.None);

        Assert.Equal(written, await _reader.ReadEventsAsync([S]).ToListAsync());
    }

    [Fact]
    public async Task ReadEventsAsync_ManyEvents_StreamsAndStopsEarlyWithoutReadingAll()
    {
        const string S = "many";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        await _store.WriteBatchAsync(run, Batch(Enumerable.Range(0, 20_000)
            .Select(i => Status(S, $"I-{i / 4:D5}", $"{i % 4}", i % 4, "a", "b")).ToList()), CancellationToken.None);

        var firstTen = await _reader.ReadEventsAsync([S]).Take(10).ToListAsync();
        Assert.Equal(10, firstTen.Count);
        Assert.Equal("I-00000", firstTen[0].ItemKey);
        Assert.Equal("I-00002", firstTen[9].ItemKey);
        // Disposing the early-stopped reader returned its connection: the store still works.
        Assert.Equal(20_000, await _reader.CountEventsAsync([S], CancellationToken.None));
    }
}
