using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>The three convention profiles of METRICS.md §7 on one shared history (UTC timestamps, as of 2024-01-12).</summary>
public class ProfileTests
{
    private const string AsOf = "2024-01-12T12:00:00Z";

    private static History[] Shared() =>
    [
        new History("H1", "2024-01-01T09:00:00Z")
            .To("2024-01-02T09:00:00Z", "In Progress").To("2024-01-03T09:00:00Z", "Review")
            .To("2024-01-04T09:00:00Z", "In Progress").To("2024-01-06T09:00:00Z", "Review").To("2024-01-07T09:00:00Z", "Done"),
        new History("H2", "2024-01-01T09:00:00Z").To("2024-01-03T09:00:00Z", "In Progress").To("2024-01-05T09:00:00Z", "Done"),
        new History("H3", "2024-01-02T09:00:00Z").To("2024-01-05T09:00:00Z", "In Progress").To("2024-01-05T15:00:00Z", "Done"),
        new History("H4", "2024-01-03T09:00:00Z").To("2024-01-06T09:00:00Z", "In Progress"),
    ];

    private static FlowAnalysis Run(string profile) => Analyze(Stream(FlowOptions.Profile(profile)), AsOf, Shared());

    [Fact]
    public void PmoFlowProfile_InclusiveNearestRank()
    {
        var a = Run("pmoflow");

        // Cycle times: H1 7 − 2 + 1 = 6, H2 5 − 3 + 1 = 3, H3 5 − 5 + 1 = 1 → [1, 3, 6].
        // Nearest rank: P50 rank ⌈1.5⌉ = 2 → 3; P70 ⌈2.1⌉ = 3 → 6; P85 ⌈2.55⌉ = 3 → 6; P95 → 6.
        Assert.Equal([3.0, 6.0, 6.0, 6.0], a.CycleTime.Percentiles.Select(p => p.Value!.Value));
        Assert.Equal(6.0, a.SleDays);
        Assert.Equal(7, a.Item("H4").Age);                 // 12 − 6 + 1
        Assert.Equal(D("2024-01-12"), a.Window.To);        // anchored at today
        Assert.Equal(D("2024-01-12"), a.Cfd.Rows[^1].Date); // CFD ends today
        Assert.Equal(1, TimelineTests.Band(a, "2024-01-04", "Review")); // H1's first Review entry (01-03) kept
    }

    [Fact]
    public void ActionableAgileProfile_SameFiguresAsPmoFlowOnThisHistory()
    {
        var aa = Run("actionable-agile");
        var pmo = Run("pmoflow");

        Assert.Equal(pmo.CycleTime.Percentiles.Select(x => x.Value), aa.CycleTime.Percentiles.Select(x => x.Value));
        Assert.Equal(pmo.Items.Select(i => i.CycleTime), aa.Items.Select(i => i.CycleTime));
        Assert.Equal(pmo.Wip.Select(w => w.Items), aa.Wip.Select(w => w.Items));
        Assert.Equal(pmo.Cfd.Rows.Select(r => string.Join(",", r.Counts)), aa.Cfd.Rows.Select(r => string.Join(",", r.Counts)));
    }

    [Fact]
    public void JiraAgileMetricsProfile_ExclusiveLinearErasedAndAnchoredAtLastCompletion()
    {
        var a = Run("jira-agile-metrics");

        // Exclusive: H1 7 − 2 = 5 (Dev is not erased by Review → Dev), H2 2, H3 0 → [0, 2, 5].
        // Linear (type 7): P50 h = 1 → 2; P70 h = 1.4 → 2 + 0.4 · 3 = 3.2; P85 h = 1.7 → 4.1; P95 h = 1.9 → 4.7.
        var p = a.CycleTime.Percentiles.Select(x => x.Value!.Value).ToArray();
        Assert.Equal([2.0, 3.2, 4.1, 4.7], p.Select(v => Math.Round(v, 9)));
        Assert.Equal(4.1, a.SleDays!.Value, 9);
        Assert.Equal(6, a.Item("H4").Age);                  // 12 − 6
        Assert.Equal(D("2024-01-07"), a.Window.To);         // anchored at the last completion (H1, 01-07)
        Assert.Equal(D("2024-01-07"), a.Cfd.Rows[^1].Date); // CFD ends at the last event (01-07)
        Assert.Equal(0, TimelineTests.Band(a, "2024-01-04", "Review")); // the backward move erased H1's Review entry
        Assert.Equal(3, TimelineTests.Band(a, "2024-01-06", "Review")); // H1 re-stamped 01-06; H2, H3 back-filled from Done 01-05
    }

    [Fact]
    public void Profile_UnknownName_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => FlowOptions.Profile("kanbanize"));
        Assert.Contains("jira-agile-metrics", e.Message, StringComparison.Ordinal);
    }
}
