using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>Progress per parent (jira-agile-metrics' progress report columns), worked by hand.</summary>
public class ParentProgressTests
{
    [Fact]
    public void Build_CountsChildrenPerStateWithFirstStartAndLastFinish()
    {
        var epic = new History("EP-1", "2024-01-01T00:00:00Z", type: "epic");
        var a = Child("A", "EP-1").To("2024-01-02T10:00:00Z", "In Progress").To("2024-01-04T10:00:00Z", "Done");
        var b = Child("B", "EP-1").To("2024-01-03T10:00:00Z", "In Progress").To("2024-01-06T10:00:00Z", "Done");
        var c = Child("C", "EP-1").To("2024-01-05T10:00:00Z", "In Progress");
        var d = Child("D", "EP-1");
        var e = Child("E", "EP-1").To("2024-01-01T12:00:00Z", "In Progress").To("2024-01-02T00:00:00Z", "Won't Do"); // abandoned
        // F names its parent through a field event only; G's parent field changes after the as-of instant.
        var f = new History("F", "2024-01-01T00:00:00Z")
            .Raw(new FlowEvent("jira", "F", "p1", T("2024-01-01T01:00:00Z"), EventKind.Field, Field: "parent", Value: "EP-2"));
        var g = Child("G", "EP-2")
            .Raw(new FlowEvent("jira", "G", "p2", T("2024-02-01T00:00:00Z"), EventKind.Field, Field: "parent", Value: "EP-9"));
        var loose = new History("H", "2024-01-01T00:00:00Z");
        History[] all = [epic, a, b, c, d, e, f, g, loose];
        var stream = Stream();
        var histories = FlowAnalyzer.Histories(stream, all.Select(h => h.Item), all.SelectMany(h => h.Events));
        var analysis = FlowAnalyzer.Analyze(stream, histories, new FlowQuery { AsOf = T("2024-01-10T00:00:00Z") });

        var rows = ParentProgress.Build(analysis, histories);

        Assert.Equal(["EP-1", "EP-2"], rows.Select(r => r.Parent));
        var ep1 = rows[0];
        Assert.Equal("Title of EP-1", ep1.Title);
        Assert.Equal((5, 1, 1, 2, 1), (ep1.Raised, ep1.Backlog, ep1.InProgress, ep1.Done, ep1.Removed));
        Assert.Equal(T("2024-01-01T12:00:00Z"), ep1.FirstStarted); // E started first, even though it was abandoned
        Assert.Equal(T("2024-01-06T10:00:00Z"), ep1.LastFinished);
        var ep2 = rows[1];
        Assert.Null(ep2.Title);
        Assert.Equal((2, 2, 0, 0), (ep2.Raised, ep2.Backlog, ep2.Done, ep2.Removed)); // F by its field event; G by its work item's parent (which wins over field events)
        Assert.Null(ep2.FirstStarted);
        Assert.Null(ep2.LastFinished);

        var table = ParentProgress.ToTable(rows);
        Assert.Equal(["parent", "title", "raised", "backlog", "in_progress", "done", "removed", "first_started", "last_finished"], table.Columns);
        Assert.Equal("2024-01-06T10:00:00.000Z", table.Rows[0][8]);
    }

    private static History Child(string key, string parent) => new History(key, "2024-01-01T00:00:00Z").Parent(parent);
}
