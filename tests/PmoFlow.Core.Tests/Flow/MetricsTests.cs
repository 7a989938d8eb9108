using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>METRICS.md §3 figures on a hand-worked three-item history.</summary>
public class MetricsTests
{
    // X: start 01-02 (Tue), done 01-04. Y: start 01-03, done 01-04 (bug). Z: start 01-04, still in Dev.
    // Window 2024-01-01 (Mon) .. 2024-01-08 (Mon), as of 2024-01-08 12:00.
    private static History[] Three() =>
    [
        new History("X", "2024-01-01T08:00:00Z").To("2024-01-02T09:00:00Z", "In Progress").To("2024-01-04T10:00:00Z", "Done"),
        new History("Y", "2024-01-01T08:00:00Z", type: "bug").To("2024-01-03T09:00:00Z", "In Progress").To("2024-01-04T16:00:00Z", "Done"),
        new History("Z", "2024-01-02T08:00:00Z").To("2024-01-04T09:00:00Z", "In Progress"),
    ];

    private static FlowQuery Query(DateOnly? from = null, DateOnly? to = null) =>
        new() { AsOf = T("2024-01-08T12:00:00Z"), From = from ?? D("2024-01-01"), To = to ?? D("2024-01-08") };

    [Fact]
    public void ThroughputDaily_ZeroDaysIncludedAndByType()
    {
        var a = Analyze(Stream(), Query(), Three());

        Assert.Equal(8, a.ThroughputDaily.Count);                       // 01-01 .. 01-08 inclusive
        Assert.Equal([0, 0, 0, 2, 0, 0, 0, 0], a.ThroughputDaily.Select(d => d.Items));
        Assert.Equal(1, a.ThroughputDaily[3].ByType["bug"]);
        Assert.Equal(1, a.ThroughputDaily[3].ByType["story"]);
        Assert.Equal(2, a.Throughput);
    }

    [Fact]
    public void ThroughputWeekly_IsoAndFridayWeeks()
    {
        var iso = Analyze(Stream(), Query(), Three());
        var friday = Analyze(Stream(FlowOptions.PmoFlow with { WeekEndsOn = DayOfWeek.Friday }), Query(), Three());

        // ISO: Mon 01-01..Sun 01-07 holds both completions; Mon 01-08 starts week 2 (1 day in the window).
        Assert.Equal([("2024-W01", 7, 2), ("2024-W02", 1, 0)], iso.ThroughputWeekly.Select(w => (w.IsoWeek!, w.DaysInWindow, w.Items)));
        // Weeks ending Friday: Sat 2023-12-30..Fri 01-05 (5 days in window), Sat 01-06..Fri 01-12 (3 days).
        Assert.Equal(
            [(D("2023-12-30"), D("2024-01-05"), 5, 2), (D("2024-01-06"), D("2024-01-12"), 3, 0)],
            friday.ThroughputWeekly.Select(w => (w.WeekStart, w.WeekEnd, w.DaysInWindow, w.Items)));
        Assert.All(friday.ThroughputWeekly, w => Assert.Null(w.IsoWeek));
    }

    [Fact]
    public void Wip_EndOfDayAndStartOfDay()
    {
        var end = Analyze(Stream(), Query(), Three());
        var start = Analyze(Stream(FlowOptions.PmoFlow with { WipCountPoint = WipCountPoint.StartOfDay }), Query(), Three());

        // End of day: 01-02 X; 01-03 X, Y; 01-04 X, Y done that day, Z started → 1; then Z.
        Assert.Equal([0, 1, 2, 1, 1, 1, 1, 1], end.Wip.Select(w => w.Items));
        // At the instant each day starts = the previous day's end.
        Assert.Equal([0, 0, 1, 2, 1, 1, 1, 1], start.Wip.Select(w => w.Items));
        Assert.Equal(2, end.Wip[2].ByStage["Dev"]);
        Assert.Equal(0, end.Wip[2].ByStage["Review"]);
    }

    [Fact]
    public void Cfd_CumulativeArrivalsAndCurrentlyInStage()
    {
        var arrivals = Analyze(Stream(), Query(), Three());
        var current = Analyze(Stream(FlowOptions.PmoFlow with { CfdMode = CfdMode.CurrentlyInStage }), Query(), Three());

        Assert.Equal(["Backlog", "Dev", "Review", "Done", "Closed"], arrivals.Cfd.Bands);
        var day4 = arrivals.Cfd.Rows.Single(r => r.Date == D("2024-01-04")).Counts;
        Assert.Equal([3, 3, 2, 2, 0], day4); // all created; X, Y, Z reached Dev; X, Y reached Review (back-filled) and Done
        var now4 = current.Cfd.Rows.Single(r => r.Date == D("2024-01-04")).Counts;
        Assert.Equal([0, 1, 0, 2, 0], now4); // at the end of 01-04: Z in Dev, X and Y in Done
        Assert.Equal(D("2024-01-08"), arrivals.Cfd.Rows[^1].Date);
    }

    [Fact]
    public void Cfd_EndsAtLastEventUnderThatOption()
    {
        var q = new FlowQuery { AsOf = T("2024-01-08T12:00:00Z") };
        var a = Analyze(Stream(FlowOptions.PmoFlow with { CfdEnd = CfdEnd.LastEvent }), q, Three());

        Assert.Equal(D("2024-01-01"), a.Cfd.Rows[0].Date);  // first day with data
        Assert.Equal(D("2024-01-04"), a.Cfd.Rows[^1].Date); // the last event (Z's start, Y's done)
    }

    [Fact]
    public void ThroughputAnchor_TodayOrLastCompletion()
    {
        var today = Analyze(Stream(), new FlowQuery { AsOf = T("2024-01-08T12:00:00Z"), WindowDays = 3 }, Three());
        var last = Analyze(
            Stream(FlowOptions.PmoFlow with { ThroughputAnchor = ThroughputAnchor.LastCompletion }),
            new FlowQuery { AsOf = T("2024-01-08T12:00:00Z"), WindowDays = 3 },
            Three());

        Assert.Equal(new FlowWindow(D("2024-01-06"), D("2024-01-08")), today.Window); // 3 days ending today
        Assert.Equal(0, today.Throughput);
        Assert.Equal(new FlowWindow(D("2024-01-02"), D("2024-01-04")), last.Window);  // 3 days ending on the last completion
        Assert.Equal(2, last.Throughput);
    }

    [Fact]
    public void ArrivalsAndNetFlow_ByHand()
    {
        var a = Analyze(Stream(), Query(), Three());

        Assert.Equal([0, 1, 1, 1, 0, 0, 0, 0], a.Arrivals.Days.Select(d => d.Arrivals)); // starts on 01-02, 01-03, 01-04
        Assert.Equal([0, 1, 1, -1, 0, 0, 0, 0], a.Arrivals.Days.Select(d => d.NetFlow));
        Assert.Equal(3.0 / 8, a.Arrivals.ArrivalRate);
        Assert.Equal(1, a.Arrivals.NetFlow);
    }

    [Fact]
    public void FlowDistribution_SharesOfCompletedItems()
    {
        var a = Analyze(Stream(), Query(), Three());

        Assert.Equal([("bug", 1, 0.5), ("story", 1, 0.5)], a.FlowDistribution.Select(t => (t.Type, t.Items, t.Share)));
    }

    [Fact]
    public void CycleTimePercentiles_AgeAndPace()
    {
        var a = Analyze(Stream(), Query(), Three());

        // Cycle times: X 4 − 2 + 1 = 3, Y 4 − 3 + 1 = 2 → sorted [2, 3]. Nearest rank P50 = rank 1 = 2, P85 = rank 2 = 3.
        Assert.Equal([2.0, 3.0, 3.0, 3.0], a.CycleTime.Percentiles.Select(p => p.Value!.Value));
        Assert.Equal(2.5, a.CycleTime.Mean);
        Assert.Equal(3.0, a.SleDays);                   // P85 of cycle time
        Assert.Equal("p85-cycle-time", a.SleSource);
        var z = a.Item("Z");
        Assert.Equal(5, z.Age);                         // 01-08 − 01-04 + 1
        Assert.Equal(100, z.AgePace);                   // both completed items finished in ≤ 5 days
        Assert.Equal(1, a.Waste.Stream.AgeingItems);    // 5 > SLE 3
        Assert.Equal(2.0, a.Waste.Stream.AgeingExcessDays);
    }

    [Fact]
    public void Sle_ConfiguredValueWins()
    {
        var stream = Stream() with { SleDays = 10 };
        var a = Analyze(stream, Query(), Three());

        Assert.Equal(10, a.SleDays);
        Assert.Equal("configured", a.SleSource);
        Assert.Equal(0, a.Waste.Stream.AgeingItems);
    }

    [Fact]
    public void WipLimit_DaysOverLimitCounted()
    {
        // Dev has a WIP limit of 1: end-of-day occupancy 1, 2, 1 (01-02, 01-03, 01-04) then Z alone.
        var a = Analyze(Stream(), Query(), Three());
        var dev = a.Waste.ByStage.Single(s => s.Stage == "Dev");

        Assert.Equal(1, dev.WipLimit);
        Assert.Equal(1, dev.DaysOverLimit);
        Assert.Equal(2, dev.MaxWip);
        Assert.Equal(1, dev.ExcessItemDays);
    }

    [Fact]
    public void ProcessTime_CountsOnlyConfiguredStatuses()
    {
        var h = new History("P", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress")
            .To("2024-01-03T12:00:00Z", "Review")
            .To("2024-01-06T00:00:00Z", "In Progress")
            .To("2024-01-06T12:00:00Z", "Done");
        var options = FlowOptions.PmoFlow with { CycleTimeMeasure = CycleTimeMeasure.ProcessTime, ProcessStatuses = ["In Progress"] };
        var days = Analyze(Stream(options), "2024-01-10T00:00:00Z", h).Item("P");
        var elapsed = Analyze(Stream(options with { TimeResolution = TimeResolution.Continuous }), "2024-01-10T00:00:00Z", h).Item("P");

        Assert.Equal(3, days.CycleTime);       // In Progress touches 01-02, 01-03 and 01-06: 3 distinct local days
        Assert.Equal(2.0, elapsed.CycleTime);  // 1.5 d (01-02 → 01-03 12:00) + 0.5 d (01-06 00:00 → 12:00)
    }

    [Fact]
    public void TimeToValue_ValueStageAndIdeaStage()
    {
        var stream = Stream() with { ValueStage = 4, IdeaStage = 1 }; // value = Closed, measured from Dev's first entry
        var h = new History("V", "2024-01-01T00:00:00Z")
            .To("2024-01-03T00:00:00Z", "In Progress")
            .To("2024-01-05T00:00:00Z", "Done")
            .To("2024-01-09T00:00:00Z", "Closed");
        var i = Analyze(stream, "2024-01-10T00:00:00Z", h).Item("V");

        Assert.Equal(T("2024-01-09T00:00:00Z"), i.ValuePoint);
        Assert.Equal(7, i.TimeToValue); // 01-09 − 01-03 + 1
        Assert.Equal(5, i.LeadTime);    // Done 01-05 − created 01-01 + 1
    }
}
