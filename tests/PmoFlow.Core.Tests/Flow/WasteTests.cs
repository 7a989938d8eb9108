using PmoFlow.Core.Flow;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>Waste (§6), flow efficiency by stage and the value stream map on a hand-worked two-item history.</summary>
public class WasteTests
{
    // K1: created 01-01, Dev 01-02, blocked 01-03 → 01-04, Review 01-05, Dev 01-06 (backward), Done 01-08.
    //     Dev: 01-02 → 01-05 (3 d, 1 d blocked) + 01-06 → 01-08 (2 d) = 5 d, 1 d blocked; Review 1 d.
    // K2: created 01-02, Dev 01-03, Review 01-04, Done 01-07. Dev 1 d, Review 3 d.
    private static FlowAnalysis Run() => Analyze(
        Stream(),
        new FlowQuery { AsOf = T("2024-01-10T00:00:00Z"), From = D("2024-01-01"), To = D("2024-01-10") },
        new History("K1", "2024-01-01T00:00:00Z")
            .To("2024-01-02T00:00:00Z", "In Progress")
            .Block("2024-01-03T00:00:00Z").Unblock("2024-01-04T00:00:00Z")
            .To("2024-01-05T00:00:00Z", "Review")
            .To("2024-01-06T00:00:00Z", "In Progress")
            .To("2024-01-08T00:00:00Z", "Done"),
        new History("K2", "2024-01-02T00:00:00Z")
            .To("2024-01-03T00:00:00Z", "In Progress")
            .To("2024-01-04T00:00:00Z", "Review")
            .To("2024-01-07T00:00:00Z", "Done"));

    [Fact]
    public void Waste_WaitingBlockedAndReworkByStage()
    {
        var w = Run().Waste;
        var dev = w.ByStage.Single(s => s.Stage == "Dev");
        var review = w.ByStage.Single(s => s.Stage == "Review");

        Assert.Equal(1.0, dev.WaitingDays);     // K1's blocked day in an active stage
        Assert.Equal(1.0, dev.BlockedDays);
        Assert.Equal(4.0, review.WaitingDays);  // K1 1 d + K2 3 d in the wait stage
        Assert.Equal(1, review.ReworkMoves);    // K1 moved back out of Review on 01-06
        Assert.Equal(5.0, w.Stream.WaitingDays);
        Assert.Equal(2.0, w.Stream.ReworkDays); // K1: 01-06 → 01-08
    }

    [Fact]
    public void FlowEfficiency_ByStageAndStream()
    {
        var e = Run().FlowEfficiency;
        var dev = e.ByStage.Single(s => s.Stage == "Dev");

        // Active: K1 5 d − 1 d blocked = 4 d, K2 1 d → 5 d. Flow time: K1 6 d + K2 4 d = 10 d.
        Assert.Equal(0.5, e.Stream!.Value, 9);
        Assert.Equal(6.0, dev.TotalDays);
        Assert.Equal(5.0, dev.ActiveDays);
        Assert.Equal(5.0 / 6, dev.Efficiency!.Value, 9);
        Assert.Equal(0.6, dev.ShareOfFlowTime!.Value, 9);
        Assert.Equal(0.0, e.ByStage.Single(s => s.Stage == "Review").Efficiency);
    }

    [Fact]
    public void ValueStreamMap_MediansSharesAndTotals()
    {
        var v = Run().ValueStreamMap;
        var dev = v.Stages.Single(s => s.Stage == "Dev");
        var review = v.Stages.Single(s => s.Stage == "Review");

        Assert.Equal(2, v.Items);
        Assert.Equal((2, 1.0), (dev.ItemsEntered, dev.ShareEntered!.Value));
        Assert.Equal(2.5, dev.MedianActiveDays);     // median of K1 4 d and K2 1 d
        Assert.Equal(0.5, dev.MedianWaitingDays);    // median of 1 d and 0 d blocked
        Assert.Equal(2.0, review.MedianWaitingDays); // median of 1 d and 3 d
        Assert.Equal(12.0, v.TotalLeadTimeDays);     // K1 7 d + K2 5 d
        Assert.Equal(5.0, v.TotalActiveDays);
        Assert.Equal(5.0 / 12, v.ActivityRatio!.Value, 9);
    }

    [Fact]
    public void Percentiles_KnownValues()
    {
        double[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        Assert.Equal(9, Percentiles.NearestRank(x, 85));   // rank ⌈8.5⌉ = 9
        Assert.Equal(5, Percentiles.NearestRank(x, 50));   // rank 5
        Assert.Equal(1, Percentiles.NearestRank(x, 0));
        Assert.Equal(8.65, Percentiles.Linear(x, 85)!.Value, 9); // h = 9 · 0.85 = 7.65 → 8 + 0.65
        Assert.Equal(5.5, Percentiles.Linear(x, 50));            // pandas: Series(1..10).quantile(.5) = 5.5
        Assert.Equal(80, Percentiles.RankOf(x, 8));
        Assert.Null(Percentiles.NearestRank([], 50));
        Assert.Equal(2.5, Percentiles.MedianInPlace(new double[] { 4, 1, 3, 2 }));
    }
}
