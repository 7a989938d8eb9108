using PmoFlow.Core.Flow;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>Stage histories (time in status) against hand-worked stays.</summary>
public class StageHistoryTests
{
    private static History Reworked() => new History("H-1", "2024-01-01T09:00:00Z")
        .To("2024-01-02T09:00:00Z", "In Progress")
        .Block("2024-01-02T12:00:00Z")
        .Unblock("2024-01-03T00:00:00Z")
        .To("2024-01-03T21:00:00Z", "Review")
        .To("2024-01-04T09:00:00Z", "Reopened")
        .To("2024-01-05T03:00:00Z", "Review")
        .To("2024-01-05T09:00:00Z", "Done");

    private static History Unmapped() => new History("H-2", "2024-01-08T00:00:00Z")
        .To("2024-01-09T06:00:00Z", "Weird")
        .To("2024-01-11T00:00:00Z", "In Progress"); // after the as-of instant: ignored

    private static IReadOnlyList<StatusStay> Build(string? key = null)
    {
        var histories = FlowAnalyzer.Histories(Stream(), [Reworked().Item, Unmapped().Item], [.. Reworked().Events, .. Unmapped().Events]);
        return StageHistory.Build(Stream(), histories, new FlowQuery { AsOf = T("2024-01-10T00:00:00Z") }, key);
    }

    [Fact]
    public void Build_ReworkedItem_OneStayPerStatusEnteredWithHandWorkedDays()
    {
        var stays = Build().Where(s => s.Key == "H-1").ToList();

        Assert.Equal([1, 2, 3, 4, 5, 6], stays.Select(s => s.Seq));
        Assert.Equal(["Backlog", "Dev", "Review", "Dev", "Review", "Done"], stays.Select(s => s.Stage));
        Assert.Equal(["Open", "In Progress", "Review", "Reopened", "Review", "Done"], stays.Select(s => s.Status));
        // 09:00→09:00 = 1; 2 Jan 09:00 → 3 Jan 21:00 = 1.5 (the blocked spell does not split it); 21:00 → 09:00 = 0.5;
        // 4 Jan 09:00 → 5 Jan 03:00 = 0.75; 03:00 → 09:00 = 0.25; 5 Jan 09:00 → as-of 10 Jan 00:00 = 4 d 15 h = 4.625.
        Assert.Equal([1.0, 1.5, 0.5, 0.75, 0.25, 4.625], stays.Select(s => s.Days));
        Assert.Equal([true, true, true, true, false, true], stays.Select(s => s.IsFirst));
        Assert.Equal([false, false, false, false, false, true], stays.Select(s => s.IsCurrent));
        Assert.Equal(T("2024-01-03T21:00:00Z"), stays[1].Left);
        Assert.Equal(stays[1].Left, stays[2].Entered);
        Assert.Null(stays[5].Left);
        Assert.Equal("wait", stays[2].Category);
    }

    [Fact]
    public void Build_UnmappedStatusKeepsTheStage_FutureEventsIgnored_KeyFilterCaseInsensitive()
    {
        var stays = Build("h-2");

        Assert.Equal(2, stays.Count);
        Assert.All(stays, s => Assert.Equal("H-2", s.Key));
        Assert.Equal(("Backlog", "Open", 1.25), (stays[0].Stage, stays[0].Status, stays[0].Days));
        // "Weird" maps to no stage: the item stays in Backlog; the move of 11 Jan is after the as-of instant.
        Assert.Equal(("Backlog", "Weird", 0.75, true), (stays[1].Stage, stays[1].Status, stays[1].Days, stays[1].IsCurrent));
    }

    [Fact]
    public void ToTable_ColumnsAndFullPrecision()
    {
        var stream = Stream();
        var h = new History("P-1", "2024-01-01T00:00:00Z").To("2024-01-01T21:10:44Z", "In Progress");
        var stays = StageHistory.Build(stream, FlowAnalyzer.Histories(stream, [h.Item], h.Events), new FlowQuery { AsOf = T("2024-01-02T00:00:00Z") });
        var table = StageHistory.ToTable(stays);

        Assert.Equal(["key", "seq", "stage", "category", "status", "entered", "left", "days", "is_current", "is_first"], table.Columns);
        // 21 h 10 min 44 s = 76,244 s = 0.882453703... days, not rounded to 0.882.
        Assert.Equal(76_244 / 86_400.0, (double)table.Rows[0][7]!);
        Assert.Equal("2024-01-01T21:10:44.000Z", table.Rows[0][6]);
    }
}
