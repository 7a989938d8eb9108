using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary><c>seriesStart</c> / <c>seriesEnd</c>: the span of the daily throughput, WIP and net-flow series.</summary>
public class SeriesSpanTests
{
    // Created 1 Jan; A done 5 Jan, B done 8 Jan, C started 9 Jan (the last event); as of 12 Jan.
    private static FlowAnalysis Run(string start, string end, DateOnly? from = null, DateOnly? to = null)
    {
        var options = FlowOptionNames.Apply(FlowOptionNames.Apply(FlowOptions.PmoFlow, "seriesStart", start), "seriesEnd", end);
        return Analyze(Stream(options), new FlowQuery { AsOf = T("2024-01-12T12:00:00Z"), From = from, To = to },
            new History("A", "2024-01-01T09:00:00Z").To("2024-01-03T10:00:00Z", "In Progress").To("2024-01-05T10:00:00Z", "Done"),
            new History("B", "2024-01-02T09:00:00Z").To("2024-01-04T10:00:00Z", "In Progress").To("2024-01-08T10:00:00Z", "Done"),
            new History("C", "2024-01-02T09:00:00Z").To("2024-01-09T10:00:00Z", "In Progress"));
    }

    [Fact]
    public void FirstToLastCompletion_ThroughputSeries()
    {
        var a = Run("first-completion", "last-completion");

        Assert.Equal([D("2024-01-05"), D("2024-01-06"), D("2024-01-07"), D("2024-01-08")], a.ThroughputDaily.Select(d => d.Date));
        Assert.Equal([1, 0, 0, 1], a.ThroughputDaily.Select(d => d.Items));
        Assert.Equal(4, a.Wip.Count);
        Assert.Equal(4, a.Arrivals.Days.Count);
        Assert.Equal(2, a.Throughput); // the window's figure (1..12 Jan) is unchanged
        Assert.Equal(new FlowWindow(D("2024-01-01"), D("2024-01-12")), a.Window);
    }

    [Fact]
    public void FirstEventToLastEvent_WipSeries()
    {
        var a = Run("first-event", "last-event");

        Assert.Equal(D("2024-01-01"), a.Wip[0].Date);
        Assert.Equal(D("2024-01-09"), a.Wip[^1].Date);
        Assert.Equal(1, a.Wip[^1].Items);            // only C on 9 Jan
        Assert.Equal(2, a.Wip.Single(w => w.Date == D("2024-01-04")).Items); // A and B
    }

    [Fact]
    public void ExplicitWindow_SeriesCanSpanBeyondIt_FiguresStayTheWindows()
    {
        var a = Run("first-event", "today", D("2024-01-06"), D("2024-01-07"));

        Assert.Equal(12, a.ThroughputDaily.Count);   // 1..12 Jan
        Assert.Equal(0, a.Throughput);               // nothing done on 6 or 7 Jan
        Assert.Equal(0, a.Arrivals.Arrivals);        // no start on 6 or 7 Jan
        Assert.Equal(0.0, a.Arrivals.DepartureRate);
        Assert.Equal(12, a.Arrivals.Days.Count);

        var defaults = Run("window", "window", D("2024-01-06"), D("2024-01-07"));
        Assert.Equal(2, defaults.ThroughputDaily.Count);
        Assert.Equal("window..window", defaults.Conventions["series"]);
    }
}
