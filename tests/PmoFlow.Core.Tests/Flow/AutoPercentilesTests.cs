using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary><c>percentiles: auto</c>: only the percentiles the sample supports, as jira-flow-metrics reports them.</summary>
public class AutoPercentilesTests
{
    private static FlowAnalysis WithCycleTimes(int n)
    {
        var options = FlowOptionNames.Apply(FlowOptionNames.Apply(FlowOptions.PmoFlow, "percentileMethod", "linear"), "percentiles", "auto");
        // Item i (1..n) starts on 1 Feb and is done on day i (inclusive count): cycle time i.
        var histories = Enumerable.Range(1, n).Select(i => new History($"P{i}", "2024-01-01T00:00:00Z")
            .To("2024-02-01T10:00:00Z", "In Progress")
            .To(new DateTime(2024, 2, i, 12, 0, 0).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), "Done")).ToArray();
        return Analyze(Stream(options), "2024-03-01T00:00:00Z", histories);
    }

    [Theory]
    [InlineData(4, new double[0])]
    [InlineData(5, new double[] { 50 })]
    [InlineData(9, new double[] { 50 })]
    [InlineData(10, new double[] { 50, 70, 85 })]
    [InlineData(19, new double[] { 50, 70, 85 })]
    [InlineData(20, new double[] { 50, 70, 85, 95 })]
    public void Auto_ReportsWhatTheSampleSupports(int n, double[] expected)
    {
        Assert.Equal(expected, WithCycleTimes(n).CycleTime.Percentiles.Select(p => p.Percentile));
    }

    [Fact]
    public void Auto_TwelveItems_LinearValuesAndTableColumns()
    {
        var a = WithCycleTimes(12);

        // Sorted 1..12, h = 11 · p: P50 → 6.5, P70 → 8.7, P85 → 10.35.
        Assert.Equal([6.5, 8.7, 10.35], a.CycleTime.Percentiles.Select(p => Math.Round(p.Value!.Value, 9)));
        var t = FlowTables.Percentiles(a);
        Assert.Equal(["metric", "count", "mean", "min", "max", "p50", "p70", "p85"], t.Columns);
        Assert.All(t.Rows, r => Assert.Equal(t.Columns.Count, r.Count));
        // Age has no in-progress item: no percentile at all, so its cells are empty.
        Assert.All(t.Rows.Single(r => (string?)r[0] == "age").Skip(5), Assert.Null);
    }

    [Fact]
    public void ExplicitList_StillWorks_AndTurnsAutoOff()
    {
        var o = FlowOptionNames.Apply(FlowOptionNames.Apply(FlowOptions.PmoFlow, "percentiles", "auto"), "percentiles", "50,90");
        Assert.False(o.AutoPercentiles);
        Assert.Equal([50.0, 90], o.PercentilesFor(3));
    }
}
