using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Tests.Forecasting;

/// <summary>Sample burn-up paths (<c>forecast when --paths N</c>), worked by hand on constant samples.</summary>
public class ForecastPathsTests
{
    private static readonly DateOnly Today = new(2024, 3, 1);

    [Fact]
    public void Sample_ConstantThroughput_CumulativeDoneCappedAtTheItems()
    {
        var sample = ThroughputSample.FromDailyCounts(Enumerable.Repeat(2, 20).ToArray(), Today);

        var paths = ForecastPaths.Sample(sample, items: 5, paths: 3, seed: 1);

        // 0, 2, 4, then 5 (capped): four points per path, three identical paths.
        Assert.Equal(12, paths.Count);
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3], paths.Select(p => p.Path));
        Assert.Equal([0L, 2, 4, 5], paths.Where(p => p.Path == 2).Select(p => p.Done));
        Assert.Equal([Today, Today.AddDays(1), Today.AddDays(2), Today.AddDays(3)], paths.Where(p => p.Path == 1).Select(p => p.Date));
    }

    [Fact]
    public void Sample_ColdStartAndWorkingCalendar()
    {
        // Mon–Fri calendar, today Friday 1 Mar 2024; one item a working day; a 2-day cold start ends on the last working
        // day on or before Sunday 3 Mar, i.e. today (index 0): the first item is done today, then Mon 4 and Tue 5 Mar.
        var weekdays = new WorkingCalendar([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], []);
        var sample = ThroughputSample.FromDailyCounts(Enumerable.Repeat(1, 20).ToArray(), Today, weekdays) with { ColdStartCycleTimes = [1.5] };

        var path = ForecastPaths.Sample(sample, items: 3, paths: 1);

        Assert.Equal([0, 1, 2], path.Select(p => p.WorkingDay));
        Assert.Equal([Today, new DateOnly(2024, 3, 4), new DateOnly(2024, 3, 5)], path.Select(p => p.Date));
        Assert.Equal([1L, 2, 3], path.Select(p => p.Done));
    }

    [Fact]
    public void Sample_SameSeedSamePaths_BadCountRefused()
    {
        var counts = new[] { 0, 1, 3, 0, 2, 1, 0, 0, 4, 1 };
        var sample = ThroughputSample.FromDailyCounts(counts, Today);

        Assert.Equal(ForecastPaths.Sample(sample, 20, 5, seed: 9), ForecastPaths.Sample(sample, 20, 5, seed: 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => ForecastPaths.Sample(sample, 20, 0));
        Assert.Empty(ForecastPaths.Sample(ThroughputSample.FromDailyCounts([0, 0], Today), 3, 2));
    }
}
