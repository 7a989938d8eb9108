using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>METRICS.md §2 on hand-worked histories (UTC zone unless stated; workflow in <see cref="FlowKit"/>).</summary>
public class TimelineTests
{
    private const string AsOf = "2024-01-20T12:00:00Z";

    private static History Plain() => new History("A-1", "2024-01-01T09:00:00Z")
        .To("2024-01-02T10:00:00Z", "In Progress")
        .To("2024-01-04T12:00:00Z", "Review")
        .To("2024-01-05T08:00:00Z", "Done");

    [Fact]
    public void Analyze_PlainItem_StartDoneAndDurationsByHand()
    {
        var a = Analyze(Stream(), AsOf, Plain());
        var i = a.Item("A-1");

        Assert.Equal(T("2024-01-02T10:00:00Z"), i.Start);   // first entry into Dev (the commitment point)
        Assert.Equal(T("2024-01-05T08:00:00Z"), i.Done);    // entry into Done
        Assert.Equal(4, i.CycleTime);                       // 5 − 2 + 1 (inclusive)
        Assert.Equal(5, i.LeadTime);                        // 5 − 1 + 1
        Assert.Equal(5, i.TimeToValue);                     // value point = delivery point by default
        Assert.Equal(50.0 / 70.0, i.FlowEfficiency!.Value, 9); // Dev 01-02 10:00 → 01-04 12:00 = 50 h of 70 h Start → Done
        Assert.Equal(ItemState.Done, i.State);
        Assert.Equal(0, i.ReworkMoves);
        Assert.Null(i.ReworkDays);
        Assert.Null(i.Age);
    }

    [Fact]
    public void Analyze_DayCountOptions_ExclusiveAndElapsed()
    {
        var exclusive = Analyze(Stream(FlowOptions.PmoFlow with { DayCount = DayCount.Exclusive }), AsOf, Plain()).Item("A-1");
        var elapsed = Analyze(Stream(FlowOptions.PmoFlow with { TimeResolution = TimeResolution.Continuous }), AsOf, Plain()).Item("A-1");

        Assert.Equal(3, exclusive.CycleTime);              // 5 − 2
        Assert.Equal(4, exclusive.LeadTime);               // 5 − 1
        Assert.Equal(70.0 / 24, elapsed.CycleTime!.Value, 9); // 01-02 10:00 → 01-05 08:00 = 70 h
        Assert.Equal(95.0 / 24, elapsed.LeadTime!.Value, 9);  // 01-01 09:00 → 01-05 08:00 = 95 h
    }

    [Fact]
    public void Analyze_ReopenedItem_DoneIsTheLaterFinishAndReworkCounted()
    {
        var h = new History("B-1", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress")
            .To("2024-01-03T00:00:00Z", "Done")
            .To("2024-01-05T00:00:00Z", "Reopened")
            .To("2024-01-07T00:00:00Z", "Done");
        var i = Analyze(Stream(), AsOf, h).Item("B-1");

        Assert.Equal(T("2024-01-07T00:00:00Z"), i.Done); // the final unbroken stay in done starts 01-07
        Assert.Equal(6, i.CycleTime);                    // 7 − 2 + 1
        Assert.Equal(1, i.Reopens);
        Assert.Equal(1, i.ReworkMoves);                  // Done → Reopened(Dev) is a backward move
        Assert.Equal(2.0, i.ReworkDays);                 // 01-05 → 01-07
    }

    [Fact]
    public void Analyze_ReopenedAndNotFinished_IsInProgressWithAge()
    {
        var h = new History("B-2", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress")
            .To("2024-01-03T00:00:00Z", "Done")
            .To("2024-01-05T00:00:00Z", "Reopened");
        var i = Analyze(Stream(), AsOf, h).Item("B-2");

        Assert.Equal(ItemState.InProgress, i.State);
        Assert.Null(i.Done);
        Assert.Null(i.CycleTime);
        Assert.Equal(19, i.Age);                          // today 01-20 − start 01-02 + 1
        Assert.Equal(15.5, i.ReworkDays);                 // 01-05 00:00 → as of 01-20 12:00
    }

    [Fact]
    public void Analyze_MoveBetweenDoneStages_DoesNotMoveDone()
    {
        var h = Plain().To("2024-01-08T00:00:00Z", "Closed");
        var i = Analyze(Stream(), AsOf, h).Item("A-1");

        Assert.Equal(T("2024-01-05T08:00:00Z"), i.Done); // Done → Closed stays inside the done stages
        Assert.Equal(0, i.ReworkMoves);
    }

    [Fact]
    public void Analyze_SkippedStages_BackFilledStartAndCfd()
    {
        var h = new History("S-1", "2024-01-01T00:00:00Z").To("2024-01-03T06:00:00Z", "Done");
        var a = Analyze(Stream(), AsOf, h);
        var i = a.Item("S-1");

        Assert.Equal(T("2024-01-03T06:00:00Z"), i.Start); // Dev and Review take Done's entry
        Assert.Equal(1, i.CycleTime);                      // same day, inclusive
        var row = a.Cfd.Rows.Single(r => r.Date == D("2024-01-03"));
        Assert.Equal([1, 1, 1, 1, 0], row.Counts);         // Backlog, Dev, Review, Done reached; Closed not
        Assert.Equal(1, a.Quality.Findings.Single(f => f.Check == "done-without-start").Items);
    }

    [Fact]
    public void Analyze_SkippedStagesLeftEmpty_CfdCountsOnlyRealEntries()
    {
        var options = FlowOptions.PmoFlow with { SkippedStages = SkippedStages.LeaveEmpty };
        var h = new History("S-1", "2024-01-01T00:00:00Z").To("2024-01-03T06:00:00Z", "Done");
        var a = Analyze(Stream(options), AsOf, h);

        Assert.Equal(T("2024-01-03T06:00:00Z"), a.Item("S-1").Start); // Start still = first arrival at Dev or later
        var row = a.Cfd.Rows.Single(r => r.Date == D("2024-01-03"));
        Assert.Equal([1, 0, 0, 1, 0], row.Counts);                   // Dev and Review never entered: left empty
    }

    private static History BackAndForth() => new History("C-1", "2024-01-01T00:00:00Z")
        .To("2024-01-02T00:00:00Z", "In Progress")
        .To("2024-01-03T00:00:00Z", "Review")
        .To("2024-01-04T00:00:00Z", "In Progress")
        .To("2024-01-06T00:00:00Z", "Review")
        .To("2024-01-07T00:00:00Z", "Done");

    [Fact]
    public void Analyze_BackwardMove_DefaultKeepsFirstEntries()
    {
        var a = Analyze(Stream(), AsOf, BackAndForth());
        var i = a.Item("C-1");

        Assert.Equal(6, i.CycleTime);          // Start stays 01-02: 7 − 2 + 1
        Assert.Equal(1, i.ReworkMoves);        // Review → In Progress
        Assert.Equal(3.0, i.ReworkDays);       // 01-04 → 01-07
        Assert.Equal(0.6, i.FlowEfficiency!.Value, 9); // Dev 1 d + 2 d = 3 d active of 5 d
        Assert.Equal(1, Band(a, "2024-01-04", "Review")); // Review's first entry (01-03) is kept
    }

    [Fact]
    public void Analyze_BackwardMoveErasesLaterEntries_ReviewStampedAgain()
    {
        var a = Analyze(Stream(FlowOptions.PmoFlow with { BackwardMove = BackwardMove.EraseLaterEntries }), AsOf, BackAndForth());

        Assert.Equal(6, a.Item("C-1").CycleTime); // Dev is not later than the target, so Start keeps 01-02
        Assert.Equal(0, Band(a, "2024-01-04", "Review")); // erased on 01-04 …
        Assert.Equal(0, Band(a, "2024-01-05", "Review"));
        Assert.Equal(1, Band(a, "2024-01-06", "Review")); // … and stamped again on 01-06
    }

    [Fact]
    public void Analyze_ReentryKeepLatest_StartMovesToTheLatestEntry()
    {
        var a = Analyze(Stream(FlowOptions.PmoFlow with { StageReentry = StageReentry.KeepLatest }), AsOf, BackAndForth());

        // Dev re-stamped 01-04, Review 01-06: Start = min(01-04, 01-06, 01-07) = 01-04; 7 − 4 + 1 = 4.
        Assert.Equal(4, a.Item("C-1").CycleTime);
        Assert.Equal(0, Band(a, "2024-01-03", "Dev"));
        Assert.Equal(1, Band(a, "2024-01-04", "Dev"));
    }

    [Fact]
    public void Analyze_BlockedTime_CountsAsWaiting()
    {
        var h = new History("D-1", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress")
            .Block("2024-01-02T12:00:00Z")
            .Unblock("2024-01-03T00:00:00Z")
            .To("2024-01-04T00:00:00Z", "Done");
        var a = Analyze(Stream(), AsOf, h);
        var i = a.Item("D-1");

        Assert.Equal(0.5, i.BlockedDays);                 // 12:00 → 00:00
        Assert.Equal(0.75, i.FlowEfficiency!.Value, 9);   // (2 d − 0.5 d blocked) ÷ 2 d
        Assert.Equal(0.5, a.Waste.ByStage.Single(s => s.Stage == "Dev").WaitingDays, 9);
        Assert.Equal(0.75, a.FlowEfficiency.Stream!.Value, 9);
    }

    [Fact]
    public void Analyze_AbandonedAndRemovedBeforeStart_NotThroughput()
    {
        var abandoned = new History("E-1", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress")
            .To("2024-01-05T00:00:00Z", "Won't Do");
        var neverStarted = new History("F-1", "2024-01-01T00:00:00Z").To("2024-01-03T00:00:00Z", "Won't Do");
        var deleted = new History("G-1", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress")
            .Delete("2024-01-04T00:00:00Z");
        var a = Analyze(Stream(), AsOf, abandoned, neverStarted, deleted);

        Assert.Equal(ItemState.Abandoned, a.Item("E-1").State);
        Assert.Equal(ItemState.RemovedBeforeStart, a.Item("F-1").State);
        Assert.Equal(ItemState.Abandoned, a.Item("G-1").State); // a tracker delete ends the flow like a removed stage
        Assert.Equal(0, a.Throughput);
        Assert.Equal(2, a.Waste.Stream.AbandonedItems);
        Assert.Equal(5.0, a.Waste.Stream.AbandonedDays);        // E: 01-02 → 01-05 = 3; G: 01-02 → 01-04 = 2
        Assert.Equal(5.0, a.Waste.ByStage.Single(s => s.Stage == "Dev").AbandonedDays, 9); // both left from Dev
        Assert.All(a.Cfd.Rows, r => Assert.All(r.Counts, c => Assert.Equal(0, c))); // removed items left out of every day
    }

    [Fact]
    public void Analyze_CfdRemovedBand_CountsRemovedItemsFromRemovalDay()
    {
        var abandoned = new History("E-1", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress")
            .To("2024-01-05T00:00:00Z", "Won't Do");
        var a = Analyze(Stream(FlowOptions.PmoFlow with { CfdRemovedBand = true }), AsOf, abandoned);

        Assert.Equal("(removed)", a.Cfd.Bands[^1]);
        Assert.Equal(0, a.Cfd.Rows.Single(r => r.Date == D("2024-01-04")).Counts[^1]);
        Assert.Equal(1, a.Cfd.Rows.Single(r => r.Date == D("2024-01-05")).Counts[^1]);
    }

    [Fact]
    public void Analyze_UnmappedStatus_ItemStaysInPreviousStageAndIsReported()
    {
        var h = new History("U-1", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress")
            .To("2024-01-03T00:00:00Z", "Parked")
            .To("2024-01-04T00:00:00Z", "Done");
        var a = Analyze(Stream(), AsOf, h);

        Assert.Equal(3, a.Item("U-1").CycleTime);        // 4 − 2 + 1: Parked leaves it in Dev
        Assert.Equal(1.0, a.Item("U-1").FlowEfficiency);  // two days of Dev, all active
        var u = Assert.Single(a.Quality.UnmappedStatuses);
        Assert.Equal(("Parked", 1), (u.Status, u.Items));
    }

    internal static int Band(FlowAnalysis a, string day, string stage) =>
        a.Cfd.Rows.Single(r => r.Date == D(day)).Counts[a.Cfd.Bands.ToList().IndexOf(stage)];
}
