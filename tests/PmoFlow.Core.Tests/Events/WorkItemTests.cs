using PmoFlow.Core.Events;

namespace PmoFlow.Core.Tests.Events;

public class WorkItemTests
{
    private static readonly DateTimeOffset Early = new(2024, 1, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Late = new(2024, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void UpdatedBy_LaterNonNullFactsWin_EarliestCreatedKept()
    {
        var earlier = new WorkItem("s", "A-1", "Story", "First", Late, "EPIC-1", 5m, ["churn"]);

        var updated = earlier.UpdatedBy(new WorkItem("s", "A-1", null, "Second", Early, null, null, null));

        Assert.Equal(("Story", "Second", Early, "EPIC-1", 5m), (updated.Type, updated.Title, updated.Created, updated.Parent, updated.BusinessValue));
        Assert.Equal(["churn"], updated.Labels);
    }

    [Fact]
    public void UpdatedBy_LaterCreatedOrUnknown_KeepsTheKnownEarlierOne()
    {
        var known = new WorkItem("s", "A-1", Created: Early);

        Assert.Equal(Early, known.UpdatedBy(new WorkItem("s", "A-1", Created: Late)).Created);
        Assert.Equal(Early, known.UpdatedBy(new WorkItem("s", "A-1")).Created);
        Assert.Equal(Late, new WorkItem("s", "A-1").UpdatedBy(new WorkItem("s", "A-1", Created: Late)).Created);
    }

    [Fact]
    public void UpdatedBy_EmptyLabels_ReplaceKnownOnes()
    {
        // An empty set says "no labels now"; only null says nothing.
        var updated = new WorkItem("s", "A-1", Labels: ["ux"]).UpdatedBy(new WorkItem("s", "A-1", Labels: []));

        Assert.Empty(updated.Labels!);
    }

    [Fact]
    public void NormaliseLabels_TrimsDropsEmptyAndDuplicatesIgnoringCase()
    {
        Assert.Equal(["churn", "Q3"], WorkItem.NormaliseLabels([" churn", "Q3 ", "", null, "CHURN"]));
        Assert.Null(WorkItem.NormaliseLabels(null));
    }
}
