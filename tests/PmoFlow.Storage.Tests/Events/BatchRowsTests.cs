using PmoFlow.Core.Events;
using static PmoFlow.Storage.Tests.Events.StoreTestData;

namespace PmoFlow.Storage.Tests.Events;

public sealed class BatchRowsTests
{
    [Fact]
    public void DistinctSortedEvents_Empty_Empty() => Assert.Empty(BatchRows.DistinctSortedEvents([]));

    [Fact]
    public void DistinctSortedEvents_OneEvent_Itself()
    {
        var e = Status("s", "A-1", "1", 0, "a", "b");
        Assert.Equal([e], BatchRows.DistinctSortedEvents([e]));
    }

    [Fact]
    public void DistinctSortedEvents_DuplicatesAndDisorder_FirstOfEachIdentityInKeyOrder()
    {
        FlowEvent[] events =
        [
            Status("s", "B-1", "1", 0, "a", "first"),
            Status("s", "A-2", "1", 0, "a", "b"),
            Status("s", "B-1", "1", 5, "a", "second"),
            Status("r", "Z-9", "1", 0, "a", "b"),
            Status("s", "A-10", "2", 0, "a", "b"),
            Status("s", "A-10", "10", 0, "a", "b"),
            Status("s", "B-1", "1", 9, "a", "third"),
        ];

        var rows = BatchRows.DistinctSortedEvents(events);

        // Ordinal order: source "r" < "s"; "A-10" < "A-2" ('1' < '2'); event key "10" < "2". B-1/1 kept once: the first.
        Assert.Equal(
            ["r|Z-9|1|b", "s|A-10|10|b", "s|A-10|2|b", "s|A-2|1|b", "s|B-1|1|first"],
            rows.Select(e => $"{e.Source}|{e.ItemKey}|{e.EventKey}|{e.ToStatus}"));
    }

    [Fact]
    public void FoldItems_SameKeyTwice_LastNonNullWinsEarliestCreatedKeptSortedByKey()
    {
        WorkItem[] items =
        [
            new("s", "B-1", "Story", "Old title", T0.AddDays(2), "E-1", 3m),
            new("s", "A-1", null, null, null),
            new("s", "B-1", null, "New title", T0.AddDays(1), null, null),
            new("s", "B-1", "Bug", null, null, null, 5m),
        ];

        var folded = BatchRows.FoldItems(items);

        Assert.Equal(
            [
                new WorkItem("s", "A-1", null, null, null),
                // type: "Bug" (last non-null); title: "New title"; created: min(T0+2d, T0+1d); parent kept; value 5 last.
                new WorkItem("s", "B-1", "Bug", "New title", T0.AddDays(1), "E-1", 5m),
            ],
            folded);
    }

    [Fact]
    public void Sample_FewerRowsThanCount_AllRows() => Assert.Equal([1, 2], BatchRows.Sample([1, 2], 16));

    [Fact]
    public void Sample_ManyRows_EvenlySpacedWithFirstAndLast()
    {
        var rows = Enumerable.Range(0, 40).ToList();

        // Index i * 39 / 15 for i = 0..15, rounded down.
        Assert.Equal([0, 2, 5, 7, 10, 13, 15, 18, 20, 23, 26, 28, 31, 33, 36, 39], BatchRows.Sample(rows, 16));
    }
}
