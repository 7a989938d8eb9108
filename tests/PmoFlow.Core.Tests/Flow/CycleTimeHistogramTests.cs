using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>The cycle time histogram (metrics' table and the report chart's bins), worked by hand.</summary>
public class CycleTimeHistogramTests
{
    [Fact]
    public void Of_OneDayBins_From0ToMaxPlus1_AsJiraAgileMetricsNumpyEdges()
    {
        // jira-agile-metrics: np.histogram(days, bins=range(max + 2)) → edges 0..6 for max 5: counts 1, 0, 2, 0, 0, 1.
        var h = CycleTimeHistogram.Of([0, 2, 2, 5]);

        Assert.Equal(["0", "1", "2", "3", "4", "5"], h.Bins.Select(b => b.Label));
        Assert.Equal([1L, 0, 2, 0, 0, 1], h.Bins.Select(b => b.Items));
        Assert.Equal((5, 5), (h.Bins[^1].FromDays, h.Bins[^1].ToDays));
    }

    [Fact]
    public void Of_BinDays_WidensFromDay0_FractionalDaysRoundUp()
    {
        // 2.3 counts as day 3; 7-day bins: 0-6 holds 0, 2.3 (3), 6; 7-13 holds 7; 14-20 holds 20.
        var h = CycleTimeHistogram.Of([0, 2.3, 6, 7, 20], binDays: 7);

        Assert.Equal(["0-6", "7-13", "14-20"], h.Bins.Select(b => b.Label));
        Assert.Equal([3L, 1, 1], h.Bins.Select(b => b.Items));
        Assert.Equal(1, h.BinOf(13));
        Assert.Equal(2, h.BinOf(99)); // clamped to the last bin
    }

    [Fact]
    public void Of_Empty_NoBins_BadWidthRefused()
    {
        Assert.Empty(CycleTimeHistogram.Of([]).Bins);
        Assert.Throws<ArgumentOutOfRangeException>(() => CycleTimeHistogram.Of([1], 0));
        Assert.Equal(3, CycleTimeHistogram.AutoBinDays([0, 250, 4])); // ⌈251 / 100⌉
        Assert.Equal(1, CycleTimeHistogram.AutoBinDays([]));
    }

    [Fact]
    public void Table_WindowCycleTimesWithShares()
    {
        // Exclusive days: A 2 (3 Jan → 5 Jan), B 0 (same day), C 2; D done before the window is left out.
        var stream = Stream(FlowOptions.PmoFlow with { DayCount = DayCount.Exclusive });
        var a = Analyze(stream, new FlowQuery { AsOf = T("2024-01-10T00:00:00Z"), From = D("2024-01-04"), To = D("2024-01-09") },
            new History("A", "2024-01-01T00:00:00Z").To("2024-01-03T10:00:00Z", "In Progress").To("2024-01-05T10:00:00Z", "Done"),
            new History("B", "2024-01-01T00:00:00Z").To("2024-01-06T08:00:00Z", "In Progress").To("2024-01-06T18:00:00Z", "Done"),
            new History("C", "2024-01-01T00:00:00Z").To("2024-01-07T10:00:00Z", "In Progress").To("2024-01-09T10:00:00Z", "Done"),
            new History("D", "2024-01-01T00:00:00Z").To("2024-01-01T10:00:00Z", "In Progress").To("2024-01-02T10:00:00Z", "Done"));

        var t = FlowTables.CycleTimeHistogram(a);

        Assert.Equal("cycle_time_histogram", t.Name);
        Assert.Equal(["bin", "from_days", "to_days", "items", "share", "cumulative_share"], t.Columns);
        Assert.Equal([1L, 0, 2], t.Rows.Select(r => (long)r[3]!));
        Assert.Equal([1 / 3.0, 0, 2 / 3.0], t.Rows.Select(r => (double)r[4]!));
        Assert.Equal(1.0, (double)t.Rows[^1][5]!, 12);
    }

    [Fact]
    public void Auto_LongTail_BarsUpToTheP95ThenOneTailBar()
    {
        // 20 values: 1..19 days and one of 100. Nearest-rank P95 = the 19th value = 19; 100 > 2 × 19, so the tail is long.
        // Width ⌈20 / 100⌉ = 1; the tail starts at day 20: bars 0..19 (day 0 empty), then "20+" holding the one 100.
        var values = Enumerable.Range(1, 19).Select(d => (double)d).Append(100).ToList();

        var h = CycleTimeHistogram.Auto(values);

        Assert.Equal(20, h.TailFromDays);
        Assert.Equal(21, h.Bins.Count);
        Assert.Equal([0L, .. Enumerable.Repeat(1L, 19), 1L], h.Bins.Select(b => b.Items));
        Assert.Equal(("20+", 20, 100), (h.Bins[^1].Label, h.Bins[^1].FromDays, h.Bins[^1].ToDays));
        Assert.Equal(20, h.BinOf(55)); // a percentile line in the tail points at the tail bar
        Assert.Equal(3, h.BinOf(2.4));
    }

    [Fact]
    public void Auto_ShortTailOrFewValues_KeepsEveryBin()
    {
        // 1..19 and 38: 38 = 2 × 19 is not more than twice the P95, so no tail bar.
        Assert.Null(CycleTimeHistogram.Auto([.. Enumerable.Range(1, 19).Select(d => (double)d), 38]).TailFromDays);
        // 19 values with a huge one: too few for a tail.
        Assert.Null(CycleTimeHistogram.Auto([.. Enumerable.Range(1, 18).Select(d => (double)d), 500]).TailFromDays);
        Assert.Equal(CycleTimeHistogram.Of([0, 2, 5]).Bins, CycleTimeHistogram.Auto([0, 2, 5]).Bins);
    }

    [Fact]
    public void WithTail_WiderBins_EmptyBinsUpToTheTailAreKept()
    {
        // Width 7, tail from 21: 2 and 6 → "0-6"; nothing in 7-13 or 14-20; 30 and 22 → "21+".
        var h = CycleTimeHistogram.WithTail([2, 6, 30, 22], 7, 21);

        Assert.Equal(["0-6", "7-13", "14-20", "21+"], h.Bins.Select(b => b.Label));
        Assert.Equal([2L, 0, 0, 2], h.Bins.Select(b => b.Items));
        Assert.Throws<ArgumentOutOfRangeException>(() => CycleTimeHistogram.WithTail([1], 7, 10));
    }
}
