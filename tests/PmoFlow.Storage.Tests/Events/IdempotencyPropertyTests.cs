using FsCheck;
using FsCheck.Fluent;
using PmoFlow.Core.Events;
using PmoFlow.Storage.Reading;
using PmoFlow.Testing;

namespace PmoFlow.Storage.Tests.Events;

public sealed class IdempotencyPropertyTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private int _case;

    [Fact]
    public void WriteBatchAsync_AnyEventListWrittenTwice_EqualsWrittenOnce()
    {
        // Few keys so that generated lists collide often (duplicates within and across batches).
        var eventGen =
            from item in Gen.Elements("A-1", "A-2", "B-1")
            from key in Gen.Elements("1", "2", "3", "4")
            from minutes in Gen.Choose(-600, 600)
            from kind in Gen.Elements(EventKind.Created, EventKind.Status, EventKind.Blocked, EventKind.Field)
            from to in Gen.Elements<string?>(null, "To Do", "Doing", "Done")
            select (item, key, minutes, kind, to);
        var listGen = Gen.ListOf(eventGen).Select(l => l.ToList());

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), Prop.ForAll(Arb.From(listGen), list =>
        {
            var n = Interlocked.Increment(ref _case);
            var once = WriteAndRead($"once-{n}", list, times: 1);
            var twice = WriteAndRead($"twice-{n}", list, times: 2);
            // Oracle: one event per distinct (item, key), the first occurrence in the list.
            var expected = list.DistinctBy(e => (e.item, e.key)).Count();
            return once.SequenceEqual(twice) && once.Count == expected;
        }));
    }

    private List<string> WriteAndRead(string source, List<(string Item, string Key, int Minutes, EventKind Kind, string? To)> list, int times)
    {
        var store = new EventStore(db.DataSource);
        var run = store.BeginRunAsync(source, "test", CancellationToken.None).GetAwaiter().GetResult();
        var events = list.Select(e => new FlowEvent(source, e.Item, e.Key, StoreTestData.T0.AddMinutes(e.Minutes), e.Kind, ToStatus: e.To)).ToList();
        for (var i = 0; i < times; i++)
        {
            store.WriteBatchAsync(run, new IngestBatch([], events, []), CancellationToken.None).GetAwaiter().GetResult();
        }

        return new EventReader(db.DataSource).ReadEventsAsync([source]).ToListAsync().AsTask().GetAwaiter().GetResult()
            .Select(e => $"{e.ItemKey}|{e.EventKey}|{e.At:O}|{e.Kind}|{e.ToStatus}")
            .ToList();
    }
}
