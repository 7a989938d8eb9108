using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>The data-quality report lists each problem once per affected item and never changes the data.</summary>
public class QualityTests
{
    private static FlowAnalysis Run()
    {
        var histories = new[]
        {
            new History("Q1", "2024-01-01T00:00:00Z").To("2024-01-02T00:00:00Z", "Parked").To("2024-01-03T00:00:00Z", "Parked2"),
            new History("Q2", "2024-01-05T00:00:00Z")
                .Raw(new FlowEvent("jira", "Q2", "9001", T("2024-01-03T00:00:00Z"), EventKind.Status, "Open", "In Progress")),
            new History("Q3", "2024-01-01T00:00:00Z").To("2024-01-04T00:00:00Z", "Done"),
            new History("Q4", "2024-01-01T00:00:00Z").To("2024-01-02T00:00:00Z", "In Progress").To("2024-01-03T00:00:00Z", "Review")
                .To("2024-01-04T00:00:00Z", "In Progress").To("2024-01-05T00:00:00Z", "Review").To("2024-01-06T00:00:00Z", "In Progress"),
            new History("Q5", "2024-01-01T00:00:00Z").To("2024-01-02T00:00:00Z", "In Progress").To("2024-01-02T00:00:00Z", "Review"),
            new History("Q6", "2024-01-01T00:00:00Z").To("2024-01-02T00:00:00Z", "In Progress").To("2024-02-01T00:00:00Z", "Done"),
            new History("Q7", "2024-01-01T00:00:00Z")
                .Raw(new FlowEvent("jira", "Q7", "9001", T("2024-01-02T00:00:00Z"), EventKind.Status, "Review", "Done")),
        };
        var noEvents = new WorkItem("jira", "Q8", "story", "No events", T("2024-01-01T00:00:00Z"));
        return FlowAnalyzer.Analyze(
            Stream(),
            histories.Select(h => h.Item).Append(noEvents),
            histories.SelectMany(h => h.Events),
            new FlowQuery { AsOf = T("2024-01-20T00:00:00Z") });
    }

    private static QualityFinding Finding(FlowAnalysis a, string check) => a.Quality.Findings.Single(f => f.Check == check);

    [Fact]
    public void Quality_UnmappedStatusesWithItemCounts()
    {
        var a = Run();

        Assert.Equal([("Parked", 1), ("Parked2", 1)], a.Quality.UnmappedStatuses.Select(u => (u.Status, u.Items)));
        Assert.Equal(ItemState.Backlog, a.Item("Q1").State); // left in Backlog, not dropped
    }

    [Fact]
    public void Quality_EachCheckFindsItsItem()
    {
        var a = Run();

        Assert.Equal(["Q2"], Finding(a, "events-before-creation").Examples);   // moved on 01-03, created 01-05
        Assert.Equal(["Q3", "Q7"], Finding(a, "done-without-start").Examples); // Open → Done with no Dev/Review
        Assert.Equal((1, 2L), (Finding(a, "backward-moves").Items, Finding(a, "backward-moves").Events)); // Q4 twice
        Assert.Equal(["Q5"], Finding(a, "duplicate-timestamps").Examples);
        Assert.Equal(["Q6"], Finding(a, "future-events").Examples);             // 02-01 is after the as-of 01-20
        Assert.Equal(["Q7"], Finding(a, "broken-status-chain").Examples);       // "from Review" while in Open
        Assert.Equal(["Q8"], Finding(a, "no-events").Examples);
        Assert.Equal(8, a.Quality.Items);
    }

    [Fact]
    public void Quality_ObservedStatusChanges_CountedPerItemAndStillMoveTheItem()
    {
        var histories = new[]
        {
            new History("O1", "2024-01-01T00:00:00Z").To("2024-01-02T00:00:00Z", "In Progress")
                .Raw(new FlowEvent("jira", "O1", "observed:e1:Done", T("2024-01-05T00:00:00Z"), EventKind.Status, "In Progress", "Done", Value: FlowEvent.Observed)),
            new History("O2", "2024-01-01T00:00:00Z")
                .Raw(new FlowEvent("jira", "O2", "observed:created:In Progress", T("2024-01-03T00:00:00Z"), EventKind.Status, null, "In Progress", Value: FlowEvent.Observed))
                .Raw(new FlowEvent("jira", "O2", "observed:x:Done", T("2024-02-01T00:00:00Z"), EventKind.Status, "In Progress", "Done", Value: FlowEvent.Observed)),
            new History("O3", "2024-01-01T00:00:00Z").To("2024-01-02T00:00:00Z", "In Progress"),
        };

        var a = FlowAnalyzer.Analyze(Stream(), histories.Select(h => h.Item), histories.SelectMany(h => h.Events), new FlowQuery { AsOf = T("2024-01-20T00:00:00Z") });

        // O1 one, O2 one before the as-of (its second is after it); O3 none.
        var f = Finding(a, "observed-status");
        Assert.Equal((2, 2L), (f.Items, f.Events));
        Assert.Equal(["O1", "O2"], f.Examples);
        Assert.Equal(ItemState.Done, a.Item("O1").State);
        Assert.Equal(ItemState.InProgress, a.Item("O2").State);
    }

    [Fact]
    public void Quality_FutureEventsAreIgnoredNotCorrected()
    {
        var a = Run();

        Assert.Equal(ItemState.InProgress, a.Item("Q6").State); // its Done on 02-01 is after the as-of instant
        Assert.Equal(19, a.Item("Q6").Age);                     // 20 − 2 + 1
    }
}
