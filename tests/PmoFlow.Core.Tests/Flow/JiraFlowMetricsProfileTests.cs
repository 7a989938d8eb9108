using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>
/// The <c>jira-flow-metrics</c> profile and its switches, on hand-worked histories following that tool's definitions
/// (agileplanning-io/jira-flow-metrics: status-flow-metrics.ts, issue_builder.ts, wip.ts and wip.spec.ts).
/// Workflow (FlowKit): Backlog(Open) · Dev(In Progress, Reopened; active) · Review(wait) · Done(Done, Resolved) · Closed(done).
/// </summary>
public class JiraFlowMetricsProfileTests
{
    private static readonly FlowOptions Jfm = FlowOptions.Profile("jira-flow-metrics");

    private static FlowOptions With(FlowOptions o, params string[] overrides) => FlowOptionNames.Resolve(o, null, overrides);

    [Fact]
    public void Profile_IsSelectableByName_AndSetsItsSwitches()
    {
        Assert.Contains("jira-flow-metrics", FlowOptions.ProfileNames);
        Assert.Same(FlowOptions.JiraFlowMetrics, Jfm);
        Assert.Equal(TimeResolution.Continuous, Jfm.TimeResolution);
        Assert.True(Jfm.WholeSeconds);
        Assert.Equal(ClockPoints.PolicyStatuses, Jfm.Clock);
        Assert.Equal(CycleTimeMeasure.ProcessTime, Jfm.CycleTimeMeasure);
        Assert.Equal(WipCountPoint.Status, Jfm.WipCountPoint);
        Assert.Equal(PercentileMethod.Linear, Jfm.PercentileMethod);
        Assert.True(Jfm.AutoPercentiles);
        Assert.Equal(ThroughputSampling.ByWeekday, Jfm.Sampling);

        // Each new switch alone through key=value, on top of any profile.
        var o = FlowOptionNames.Resolve(FlowOptions.PmoFlow, "pmoflow", ["wholeSeconds=true", "clock=policy-statuses", "wip=lead-time"]);
        Assert.True(o.WholeSeconds);
        Assert.Equal(ClockPoints.PolicyStatuses, o.Clock);
        Assert.Equal(WipCountPoint.LeadTime, o.WipCountPoint);
        Assert.Equal(WipCountPoint.Status, FlowOptionNames.Apply(FlowOptions.PmoFlow, "wip", "status").WipCountPoint);
        var e = Assert.Throws<ArgumentException>(() => FlowOptionNames.Apply(FlowOptions.PmoFlow, "clock", "commitment"));
        Assert.Contains("policy-statuses", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WholeSeconds_TruncatesEachStatusStay()
    {
        // In Progress 01-02 00:00:00.000 → Review 06:00:00.600 → Done 12:00:01.200: stays of 21600.6 s and 21600.6 s
        // count 21600 s each → 43200 s = 0.5 days (truncating the 43201.2 s total would give 43201 s).
        // Created 01-01 00:00 in Open: lead time 86400 + 43200 s = 1.5 days.
        var h = new History("A", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00.000Z", "In Progress").To("2024-01-02T06:00:00.600Z", "Review").To("2024-01-02T12:00:01.200Z", "Done");

        var jfm = Analyze(Stream(Jfm), "2024-01-10T00:00:00Z", h).Item("A");
        Assert.Equal(0.5, jfm.CycleTime);
        Assert.Equal(1.5, jfm.LeadTime);

        var leadTimeMode = Analyze(Stream(With(Jfm, "cycleTime=start-to-done")), "2024-01-10T00:00:00Z", h).Item("A");
        Assert.Equal(0.5, leadTimeMode.CycleTime);

        // The switch alone on the pmoflow profile under continuous time, and without it: exact elapsed time.
        var alone = Analyze(Stream(With(FlowOptions.PmoFlow, "timeResolution=continuous", "wholeSeconds=true")), "2024-01-10T00:00:00Z", h).Item("A");
        Assert.Equal(0.5, alone.CycleTime);
        var exact = Analyze(Stream(With(FlowOptions.PmoFlow, "timeResolution=continuous")), "2024-01-10T00:00:00Z", h).Item("A");
        Assert.Equal(43201.2 / 86400, exact.CycleTime!.Value, 12);
    }

    [Fact]
    public void WholeSeconds_AgeTruncatesTheOpenStayToAsOf()
    {
        // In Progress 01-02 00:00:00.700, as of 01-03 00:00:00.500: 86399.8 s → 86399 s.
        var h = new History("B", "2024-01-01T00:00:00Z").To("2024-01-02T00:00:00.700Z", "In Progress");
        Assert.Equal(86399.0 / 86400, Analyze(Stream(Jfm), "2024-01-03T00:00:00.500Z", h).Item("B").Age);
        Assert.Equal(86399.0 / 86400, Analyze(Stream(With(Jfm, "cycleTime=start-to-done")), "2024-01-03T00:00:00.500Z", h).Item("B").Age);
    }

    [Fact]
    public void PolicyClock_StartsAtTheFirstPolicyStatus_AndCompletesOutsideThePolicy()
    {
        // processStatuses = Review, Done ("Done" is a done-category policy status, like "Dev Complete").
        // B: Open → In Progress 01-02 → Review 01-03 → Done 01-04 → Closed 01-06.
        // Start = first Review entry 01-03 (not the commitment stage Dev, 01-02). Done is a policy status, so the item
        // completes at Closed (01-06, entered from the policy status Done). Lead-time mode: 01-03 → 01-06 = 3 days;
        // process time: Review 1 + Done 2 = 3 days.
        var h = new History("B", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress").To("2024-01-03T00:00:00Z", "Review")
            .To("2024-01-04T00:00:00Z", "Done").To("2024-01-06T00:00:00Z", "Closed");
        var o = With(Jfm, "processStatuses=Review,Done");

        var lead = Analyze(Stream(With(o, "cycleTime=start-to-done")), "2024-01-10T00:00:00Z", h).Item("B");
        Assert.Equal(T("2024-01-03T00:00:00Z"), lead.Start);
        Assert.Equal(T("2024-01-06T00:00:00Z"), lead.Done);
        Assert.Equal(3.0, lead.CycleTime);
        Assert.Equal(3.0, Analyze(Stream(o), "2024-01-10T00:00:00Z", h).Item("B").CycleTime);

        // While it sits in the policy status Done it is not completed: in progress, age = process time to as-of (2 + 1).
        var inDone = new History("C", "2024-01-01T00:00:00Z").To("2024-01-03T00:00:00Z", "Review").To("2024-01-05T00:00:00Z", "Done");
        var c = Analyze(Stream(o), "2024-01-06T00:00:00Z", inDone).Item("C");
        Assert.Equal(ItemState.InProgress, c.State);
        Assert.Null(c.Done);
        Assert.Equal(3.0, c.Age);

        // The clock alone on pmoflow (inclusive dates): Start 01-03, Done 01-06 → 6 − 3 + 1 = 4; the stage clock says 01-02 → 01-04.
        var alone = Analyze(Stream(With(FlowOptions.PmoFlow, "clock=policy-statuses", "processStatuses=Review,Done")), "2024-01-10T00:00:00Z", h).Item("B");
        Assert.Equal(4.0, alone.CycleTime);
        var stages = Analyze(Stream(FlowOptions.PmoFlow), "2024-01-10T00:00:00Z", h).Item("B");
        Assert.Equal(T("2024-01-04T00:00:00Z"), stages.Done);
        Assert.Equal(3.0, stages.CycleTime);
    }

    [Fact]
    public void PolicyClock_WithoutListedStatuses_UsesTheInProgressCategory()
    {
        // No processStatuses: policy = In Progress category (Dev, active; Review, wait). Start = In Progress 01-02.
        var h = new History("D", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress").To("2024-01-03T00:00:00Z", "Review").To("2024-01-05T00:00:00Z", "Done");
        var d = Analyze(Stream(Jfm), "2024-01-10T00:00:00Z", h).Item("D");
        Assert.Equal(T("2024-01-02T00:00:00Z"), d.Start);
        Assert.Equal(T("2024-01-05T00:00:00Z"), d.Done);
        Assert.Equal(3.0, d.CycleTime); // Dev 1 + Review 2
    }

    [Fact]
    public void PolicyClock_ReopenedRedoneAndDoneWithoutStart()
    {
        // R, reopened: In Progress 01-02 → Done 01-03 → Reopened 01-04; as of 01-10 not completed; age = process time
        // In Progress 1 + Reopened 6 = 7 days.
        var r = new History("R", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress").To("2024-01-03T00:00:00Z", "Done").To("2024-01-04T00:00:00Z", "Reopened");

        // RD, redone: In Progress 01-02 → Done 01-03 → In Progress 01-05 → Done 01-06 → Closed 01-07. The latest
        // qualifying move into done is 01-06 (Done → Closed is from done, so it does not count). Process: 1 + 1 = 2;
        // lead-time mode: 01-02 → 01-06 = 4.
        var rd = new History("RD", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress").To("2024-01-03T00:00:00Z", "Done")
            .To("2024-01-05T00:00:00Z", "In Progress").To("2024-01-06T00:00:00Z", "Done").To("2024-01-07T00:00:00Z", "Closed");

        // DW, done without start: Open → Done 01-03: completed 01-03, cycle time 0, no Start.
        var dw = new History("DW", "2024-01-01T00:00:00Z").To("2024-01-03T00:00:00Z", "Done");

        var a = Analyze(Stream(Jfm), "2024-01-10T00:00:00Z", r, rd, dw);
        var ri = a.Item("R");
        Assert.Equal(ItemState.InProgress, ri.State);
        Assert.Null(ri.Done);
        Assert.Null(ri.CycleTime);
        Assert.Equal(7.0, ri.Age);

        var rdi = a.Item("RD");
        Assert.Equal(T("2024-01-06T00:00:00Z"), rdi.Done);
        Assert.Equal(2.0, rdi.CycleTime);
        Assert.Equal(4.0, Analyze(Stream(With(Jfm, "cycleTime=start-to-done")), "2024-01-10T00:00:00Z", rd).Item("RD").CycleTime);

        var dwi = a.Item("DW");
        Assert.Equal(ItemState.Done, dwi.State);
        Assert.Null(dwi.Start);
        Assert.Equal(T("2024-01-03T00:00:00Z"), dwi.Done);
        Assert.Equal(0.0, dwi.CycleTime);
        Assert.Equal(0.0, Analyze(Stream(With(Jfm, "cycleTime=start-to-done")), "2024-01-10T00:00:00Z", dw).Item("DW").CycleTime);

        // Throughput counts RD (01-06) and DW (01-03); cycle times [0, 2]; two values: auto percentiles report none.
        Assert.Equal(2, a.Throughput);
        Assert.Equal(2, a.CycleTime.Count);
        Assert.Empty(a.CycleTime.Percentiles);

        // Stream flow efficiency: RD's active time 2 of 4 flow days; DW, done without a Start, adds no flow time.
        Assert.Equal(0.5, a.FlowEfficiency.Stream!.Value, 12);
        Assert.Null(dwi.FlowEfficiency);
    }

    [Fact]
    public void ProcessAndLeadTime_AndAge_OfAPausedItem()
    {
        // P: In Progress 01-02 → Open 01-03 (paused in to-do) → In Progress 01-05 → Done 01-06.
        // Process time: 1 + 1 = 2; lead time mode: 01-02 → 01-06 = 4.
        var p = new History("P", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress").To("2024-01-03T00:00:00Z", "Open")
            .To("2024-01-05T00:00:00Z", "In Progress").To("2024-01-06T00:00:00Z", "Done");

        // Q: In Progress 01-02 → Open 01-04, as of 01-10: process age 2 (stops growing), lead-time age 8.
        var q = new History("Q", "2024-01-01T00:00:00Z").To("2024-01-02T00:00:00Z", "In Progress").To("2024-01-04T00:00:00Z", "Open");

        var process = Analyze(Stream(Jfm), "2024-01-10T00:00:00Z", p, q);
        var lead = Analyze(Stream(With(Jfm, "cycleTime=start-to-done")), "2024-01-10T00:00:00Z", p, q);
        Assert.Equal(2.0, process.Item("P").CycleTime);
        Assert.Equal(4.0, lead.Item("P").CycleTime);
        Assert.Equal(2.0, process.Item("Q").Age);
        Assert.Equal(8.0, lead.Item("Q").Age);
        Assert.Equal(ItemState.InProgress, process.Item("Q").State);
    }

    // jira-flow-metrics' wip.spec.ts: start 2024-03-01T10:30Z. Issue 1: In Progress 03-01 10:30, Done 03-03 10:30.
    // Issue 2: In Progress 03-02 10:30, paused to Open 03-03 10:30, In Progress 03-04 10:30, Done 03-05 10:30.
    private static History[] WipHistories() =>
    [
        new History("W1", "2024-03-01T00:00:00Z").To("2024-03-01T10:30:00Z", "In Progress").To("2024-03-03T10:30:00Z", "Done"),
        new History("W2", "2024-03-01T00:00:00Z")
            .To("2024-03-02T10:30:00Z", "In Progress").To("2024-03-03T10:30:00Z", "Open")
            .To("2024-03-04T10:30:00Z", "In Progress").To("2024-03-05T10:30:00Z", "Done"),
    ];

    private static FlowQuery Range(string from, string to) => new() { AsOf = T("2024-03-10T00:00:00Z"), From = D(from), To = D(to) };

    [Fact]
    public void StatusWip_CountsAtEachDayStart_AndDropsAPausedItem()
    {
        // As that tool's spec: status WIP on 03-01..03-06 = 0, 1, 2, 0 (issue 2 paused), 1, 0.
        var a = Analyze(Stream(Jfm), Range("2024-03-01", "2024-03-06"), WipHistories());
        Assert.Equal([0, 1, 2, 0, 1, 0], a.Wip.Select(w => w.Items));
        Assert.Equal([0, 1, 2, 0, 1, 0], a.Wip.Select(w => w.ByStage["Dev"]));

        // The switch alone on pmoflow gives the same series; the default end-of-day WIP does not drop the paused item.
        var alone = Analyze(Stream(With(FlowOptions.PmoFlow, "wip=status")), Range("2024-03-01", "2024-03-06"), WipHistories());
        Assert.Equal([0, 1, 2, 0, 1, 0], alone.Wip.Select(w => w.Items));
        var endOfDay = Analyze(Stream(FlowOptions.PmoFlow), Range("2024-03-01", "2024-03-06"), WipHistories());
        Assert.Equal([1, 2, 1, 1, 0, 0], endOfDay.Wip.Select(w => w.Items));
    }

    [Fact]
    public void LeadTimeWip_CountsStartedUntilDone_AndLeavesOutItemsStoppedBeforeTheRange()
    {
        // As that tool's spec: lead-time WIP on 03-01..03-06 = 0, 1, 2, 1, 1, 0 (the paused item still counts).
        var o = With(Jfm, "wip=lead-time");
        Assert.Equal([0, 1, 2, 1, 1, 0], Analyze(Stream(o), Range("2024-03-01", "2024-03-06"), WipHistories()).Wip.Select(w => w.Items));

        // From 03-04: issue 2's last move back to to-do (03-03) came before the range, so it is left out: 0, 0, 0
        // (without that rule 03-04 and 03-05 would count it). Status WIP on the same range: 0 (paused), 1, 0.
        Assert.Equal([0, 0, 0], Analyze(Stream(o), Range("2024-03-04", "2024-03-06"), WipHistories()).Wip.Select(w => w.Items));
        Assert.Equal([0, 1, 0], Analyze(Stream(Jfm), Range("2024-03-04", "2024-03-06"), WipHistories()).Wip.Select(w => w.Items));

        // From 03-03 the stop (03-03 10:30) is inside the range: issue 2 counts on 03-03, 03-04 and 03-05.
        Assert.Equal([2, 1, 1, 0], Analyze(Stream(o), Range("2024-03-03", "2024-03-06"), WipHistories()).Wip.Select(w => w.Items));
    }

    [Fact]
    public void ExistingProfiles_DoNotUseTheNewSwitches()
    {
        foreach (var name in new[] { "pmoflow", "actionable-agile", "jira-agile-metrics" })
        {
            var o = FlowOptions.Profile(name);
            Assert.False(o.WholeSeconds);
            Assert.Equal(ClockPoints.Stages, o.Clock);
            Assert.True(o.WipCountPoint is WipCountPoint.EndOfDay or WipCountPoint.StartOfDay);
        }
    }
}
