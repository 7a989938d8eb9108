using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>Issue 13 item 3: old data says so (one rule, <see cref="OldData"/>).</summary>
public class OldDataTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void LastCompletionBeforeTheWindow_SaysHowOldAndWhichAsOf()
    {
        // 2025-12-31 → 2026-12-04: 365 − 27 = 338 days (the issue's own example).
        var old = OldData.Of([D(2025, 6, 1), D(2025, 12, 31), D(2025, 3, 2)], D(2026, 12, 4), D(2026, 12, 4).AddDays(-90));

        Assert.NotNull(old);
        Assert.Equal(D(2025, 12, 31), old.LastCompletion);
        Assert.Equal(338, old.DaysAgo);
        Assert.Equal("last completion 2025-12-31, 338 days ago; use --as-of 2025-12-31", old.Message());
        Assert.Equal("last completion 2025-12-31, 338 days ago; use asOf=2025-12-31", old.Message(OldData.ApiAsOf));
    }

    [Fact]
    public void RecentData_NoCompletion_AndCompletionsAfterTheAsOf_SayNothing()
    {
        var today = D(2026, 3, 31);
        // On the window's first day: not old.
        Assert.Null(OldData.Of([D(2025, 12, 31), today.AddDays(-90)], today, today.AddDays(-90)));
        // One day before it: old, 91 days.
        Assert.Equal(91, OldData.Of([today.AddDays(-91)], today, today.AddDays(-90))!.DaysAgo);
        Assert.Equal("last completion 2026-03-30, 1 day ago; use --as-of 2026-03-30", new OldData(D(2026, 3, 30), today, today).Message());
        // No completion at all: nothing to point at.
        Assert.Null(OldData.Of([], today, today.AddDays(-90)));
        // A completion after the as-of date is not known then: the last known one is 2025-10-01.
        Assert.Equal(D(2025, 10, 1), OldData.Of([D(2025, 10, 1), D(2026, 4, 2)], today, today.AddDays(-90))!.LastCompletion);
    }

    [Fact]
    public void OfAnAnalysis_UsesTheDefaultSampleWindowBeforeItsAsOfDate()
    {
        var stream = FlowKit.Stream();
        var a = new History("A", "2024-01-02T09:00:00Z").To("2024-01-03T09:00:00Z", "In Progress").To("2024-01-05T09:00:00Z", "Done");
        var recent = FlowKit.Analyze(stream, "2024-04-04T12:00:00Z", a);
        var late = FlowKit.Analyze(stream, "2024-04-05T12:00:00Z", a);

        // Jan 5 → Apr 4, 2024 (leap year): 26 + 29 + 31 + 4 = 90 days, the window's first day; Apr 5 is one day later.
        Assert.Equal(ForecastDefaults.SamplingDays, 90);
        Assert.Null(OldData.Of(recent));
        Assert.Equal(91, OldData.Of(late)!.DaysAgo);
    }
}
