using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>Under <c>cycleTime: process-time</c> age measures process time too: a paused item's age stops growing.</summary>
public class ProcessAgeTests
{
    private static readonly FlowOptions Process = FlowOptions.PmoFlow with { CycleTimeMeasure = CycleTimeMeasure.ProcessTime, ProcessStatuses = ["In Progress"] };

    private static History Paused() => new History("P", "2024-01-01T00:00:00Z")
        .To("2024-01-02T00:00:00Z", "In Progress")
        .To("2024-01-03T12:00:00Z", "Review"); // waiting since 3 Jan 12:00

    [Fact]
    public void Age_ProcessTime_StopsWhilePaused()
    {
        var continuous = Analyze(Stream(Process with { TimeResolution = TimeResolution.Continuous }), "2024-01-10T00:00:00Z", Paused()).Item("P");
        var calendar = Analyze(Stream(Process), "2024-01-10T00:00:00Z", Paused()).Item("P");
        var startToDone = Analyze(Stream(), "2024-01-10T00:00:00Z", Paused()).Item("P");

        Assert.Equal(1.5, continuous.Age);   // 2 Jan 00:00 → 3 Jan 12:00 in process, then paused
        Assert.Equal(2, calendar.Age);       // process statuses touched 2 and 3 Jan
        Assert.Equal(9, startToDone.Age);    // 10 Jan − 2 Jan + 1: elapsed, as before
    }

    [Fact]
    public void Age_ProcessTime_GrowsAgainWhenResumed()
    {
        var h = Paused().To("2024-01-09T00:00:00Z", "In Progress");
        var a = Analyze(Stream(Process with { TimeResolution = TimeResolution.Continuous }), "2024-01-10T00:00:00Z", h).Item("P");

        Assert.Equal(2.5, a.Age); // 1.5 + (9 Jan 00:00 → as-of 10 Jan 00:00)
    }
}
