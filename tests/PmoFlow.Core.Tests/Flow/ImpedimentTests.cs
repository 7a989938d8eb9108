using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>Blocked days as jira-agile-metrics counts them, beside elapsed time, and the impediments table; worked by hand.</summary>
public class ImpedimentTests
{
    // Backlog flag 1 Jan 12:00 → 2 Jan 08:00 (before commitment); Dev flag 4 Jan 23:00 → 6 Jan 01:00;
    // Review flag 8 Jan 09:00, still flagged when done on 10 Jan 15:00.
    private static History Worked() => new History("W", "2024-01-01T09:00:00Z")
        .Block("2024-01-01T12:00:00Z").Unblock("2024-01-02T08:00:00Z")
        .To("2024-01-03T10:00:00Z", "In Progress")
        .Block("2024-01-04T23:00:00Z").Unblock("2024-01-06T01:00:00Z")
        .To("2024-01-07T10:00:00Z", "Review")
        .Block("2024-01-08T09:00:00Z")
        .To("2024-01-10T15:00:00Z", "Done");

    // Flagged in Dev on 9 Jan 20:00 and still flagged at as-of (12 Jan 00:00).
    private static History Open() => new History("O", "2024-01-01T09:00:00Z")
        .To("2024-01-05T10:00:00Z", "In Progress").Block("2024-01-09T20:00:00Z");

    [Fact]
    public void WholeDaysInCommitment_CountsDateDifferencesOfImpedimentsBegunInCommitment()
    {
        var options = FlowOptionNames.Apply(FlowOptions.PmoFlow, "blockedDays", "whole-days-in-commitment");
        var a = Analyze(Stream(options), "2024-01-12T00:00:00Z", Worked(), Open());

        // Dev: 6 Jan − 4 Jan = 2; Review: ended by Done, 10 Jan − 8 Jan = 2; the backlog flag does not count.
        Assert.Equal(4, a.Item("W").BlockedDays);
        Assert.Equal(3, a.Item("O").BlockedDays); // 12 Jan − 9 Jan, open
        Assert.Equal("whole-days-in-commitment", a.Conventions["blockedDays"]);
    }

    [Fact]
    public void Elapsed_Default_CountsBlockedTimeUntilDone()
    {
        var a = Analyze(Stream(), "2024-01-12T00:00:00Z", Worked(), Open());

        // 20 h + 26 h + 54 h = 100 h; open: 9 Jan 20:00 → 12 Jan 00:00 = 52 h.
        Assert.Equal(100 / 24.0, a.Item("W").BlockedDays, 12);
        Assert.Equal(52 / 24.0, a.Item("O").BlockedDays, 12);
    }

    [Fact]
    public void ImpedimentsTable_OneRowPerSpell()
    {
        var a = Analyze(Stream(), "2024-01-12T00:00:00Z", Worked(), Open());
        var t = FlowTables.Impediments(a);

        Assert.Equal(["key", "flag_start", "flag_end", "stage", "days", "whole_days", "in_commitment"], t.Columns);
        Assert.Equal(4, t.Rows.Count);
        Assert.Equal(["Backlog", "Dev", "Review", "Dev"], t.Rows.Select(r => (string?)r[3]));
        Assert.Equal([false, true, true, true], t.Rows.Select(r => (bool)r[6]!));
        Assert.Equal([1, 2, 2, 3], t.Rows.Select(r => (int)r[5]!));
        Assert.Equal("2024-01-10T15:00:00.000Z", t.Rows[2][2]); // ended by entering Done
        Assert.Equal(54 / 24.0, (double)t.Rows[2][4]!, 12);
        Assert.Null(t.Rows[3][2]); // still open
    }

    [Fact]
    public void JiraAgileMetricsProfile_CountsWholeDays()
    {
        Assert.Equal(BlockedDaysCount.WholeDaysInCommitment, FlowOptions.JiraAgileMetrics.BlockedDays);
        Assert.Equal(BlockedDaysCount.Elapsed, FlowOptions.PmoFlow.BlockedDays);
    }
}
