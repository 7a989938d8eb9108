using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>Issue 13 item 8: the CFD can start at the window and leave out the done band (cfdStart, cfdDone; <see cref="CfdView"/>).</summary>
public class CfdViewTests
{
    // Bands: Backlog, Dev, Review, Done, Closed (Removed is not a band). Window 5..9 Jan 2024, UTC.
    // A: Open 1 Jan, Dev 2 Jan, Done 3 Jan (done before the window).
    // E: Open 1 Jan, Dev 1 Jan, Done 2 Jan, Closed 6 Jan (done before the window, closed inside it).
    // B: Open 1 Jan, Dev 4 Jan, Review 6 Jan, Done 8 Jan.   C: Open 5 Jan, Dev 7 Jan.   D: Open 6 Jan.
    private static FlowAnalysis Analyze(params string[] overrides)
    {
        var options = FlowOptionNames.Resolve(FlowOptions.PmoFlow, null, overrides);
        return FlowKit.Analyze(FlowKit.Stream(options), new FlowQuery { AsOf = FlowKit.T("2024-01-09T23:00:00Z"), From = FlowKit.D("2024-01-05"), To = FlowKit.D("2024-01-09") },
            new History("A", "2024-01-01T08:00:00Z").To("2024-01-02T09:00:00Z", "In Progress").To("2024-01-03T09:00:00Z", "Done"),
            new History("E", "2024-01-01T08:00:00Z").To("2024-01-01T09:00:00Z", "In Progress").To("2024-01-02T09:00:00Z", "Done").To("2024-01-06T09:00:00Z", "Closed"),
            new History("B", "2024-01-01T08:00:00Z").To("2024-01-04T09:00:00Z", "In Progress").To("2024-01-06T09:00:00Z", "Review").To("2024-01-08T09:00:00Z", "Done"),
            new History("C", "2024-01-05T08:00:00Z").To("2024-01-07T09:00:00Z", "In Progress"),
            new History("D", "2024-01-06T08:00:00Z"));
    }

    private static List<int[]> Rows(Table t) => [.. t.Rows.Select(r => r.Skip(1).Select(v => (int)v!).ToArray())];

    [Fact]
    public void Default_CountsFromTheFirstEvent()
    {
        var t = FlowTables.Cfd(Analyze());

        // Reached the stage or a later one (skipped stages back-filled): by 4 Jan A, E and B were in, A and E done.
        Assert.Equal(["date", "Backlog", "Dev", "Review", "Done", "Closed"], t.Columns);
        Assert.Equal(
            [[4, 3, 2, 2, 0], [5, 3, 3, 2, 1], [5, 4, 3, 2, 1], [5, 4, 3, 3, 1], [5, 4, 3, 3, 1]],
            Rows(t));
    }

    [Fact]
    public void CfdStartWindow_LeavesOutTheItemsDoneBeforeTheWindow()
    {
        var a = Analyze("cfdStart=window");
        var t = FlowTables.Cfd(a);

        // The two items delivered by 4 Jan (A, E) leave every band: as of 9 Jan the bands hold B, C, D (Backlog or later),
        // B and C (Dev or later), B (Review or later), B (Done); E's closing on 6 Jan is before-the-window work: Closed 0.
        Assert.Equal(
            [[2, 1, 0, 0, 0], [3, 1, 1, 0, 0], [3, 2, 1, 0, 0], [3, 2, 1, 1, 0], [3, 2, 1, 1, 0]],
            Rows(t));
        Assert.Contains("from the window's start", a.Conventions["cfd"], StringComparison.Ordinal);
        // From a later first day (the CLI's default 12 weeks, here 7 Jan): counted from the day before it (6 Jan).
        // Raw 6 Jan: [5, 3, 3, 2, 1], two delivered; raw 7..9 Jan less 2, never below 0.
        Assert.Equal([[3, 2, 1, 0, 0], [3, 2, 1, 1, 0], [3, 2, 1, 1, 0]], Rows(FlowTables.Cfd(a, FlowKit.D("2024-01-07"))));
    }

    [Fact]
    public void CfdDoneHide_DropsTheDoneBands_TheOthersKeepTheirValues()
    {
        var shown = FlowTables.Cfd(Analyze());
        var hidden = FlowTables.Cfd(Analyze("cfdDone=hide"));

        Assert.Equal(["date", "Backlog", "Dev", "Review"], hidden.Columns);
        Assert.Equal([[4, 3, 2], [5, 3, 3], [5, 4, 3], [5, 4, 3], [5, 4, 3]], Rows(hidden));
        Assert.Equal(Rows(shown).Select(r => r[..3]), Rows(hidden));
        var both = FlowTables.Cfd(Analyze("cfdDone=hide", "cfdStart=window"));
        Assert.Equal([[2, 1, 0], [3, 1, 1], [3, 2, 1], [3, 2, 1], [3, 2, 1]], Rows(both));
    }

    [Fact]
    public void CfdStartWindow_InStageCounts_TakeTheDoneItemsOffTheDoneBands()
    {
        var t = FlowTables.Cfd(Analyze("cfd=current", "cfdStart=window"));

        // In stage at the end of each day; on 4 Jan the done bands held A and E (2), taken off Closed first, then Done.
        // 5 Jan: Backlog C, Dev B, Done A E → Done 2 − 2 = 0. 6 Jan: Backlog C D, Review B, Done A, Closed E → Closed 0, Done 0.
        // 7 Jan: Backlog D, Dev C, Review B, Done A, Closed E → 0, 0. 8 and 9 Jan: Done A B, Closed E → Closed 0, Done 1 (B).
        Assert.Equal(
            [[1, 1, 0, 0, 0], [2, 0, 1, 0, 0], [1, 1, 1, 0, 0], [1, 1, 0, 1, 0], [1, 1, 0, 1, 0]],
            Rows(t));
    }

    [Fact]
    public void Switches_AreNamedWithTheirChoices()
    {
        Assert.Equal(["first-event", "window"], FlowOptionNames.Choices["cfdStart"]);
        Assert.Equal(["show", "hide"], FlowOptionNames.Choices["cfdDone"]);
        var bad = Assert.Throws<ArgumentException>(() => FlowOptionNames.Resolve(FlowOptions.PmoFlow, null, ["cfdDone=off"]));
        Assert.Equal("'off' is not a valid cfdDone; choose one of show, hide.", bad.Message);
    }
}
