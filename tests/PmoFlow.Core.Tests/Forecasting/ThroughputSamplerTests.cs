using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Tests.Forecasting;

public class ThroughputSamplerTests
{
    private static readonly DateOnly Today = new(2024, 3, 11); // a Monday

    private static DateOnly D(int month, int day) => new(2024, month, day);

    [Fact]
    public void Sample_Default_Last90DaysBeforeToday_ZeroDaysIncluded()
    {
        // Window: today − 90 = 2023-12-12 .. today − 1 = 2024-03-10: 90 calendar days, all working.
        DateOnly[] done = [D(3, 10), D(3, 10), D(3, 8), new(2023, 12, 12), new(2023, 12, 11), Today];

        var s = ThroughputSampler.Sample(done, Today);

        Assert.Equal(new DateOnly(2023, 12, 12), s.From);
        Assert.Equal(D(3, 10), s.To);
        Assert.Equal(90, s.DailyCounts.Count);
        Assert.Equal(4, s.Completions); // 2023-12-11 is outside, today is not a full day
        Assert.Equal(2, s.DailyCounts[^1]);
        Assert.Equal(1, s.DailyCounts[^3]);
        Assert.Equal(1, s.DailyCounts[0]);
        Assert.Equal(87, s.DailyCounts.Count(c => c == 0)); // 90 days, 3 of them with completions
    }

    [Fact]
    public void Sample_NoCompletions_CannotForecastWithReason()
    {
        var s = ThroughputSampler.Sample([], Today);

        Assert.Equal(90, s.DailyCounts.Count);
        Assert.Contains("no completed item", s.CannotForecastReason, StringComparison.Ordinal);
        Assert.Contains(s.Warnings, w => w.Code == ForecastWarningCode.FewCompletions);
    }

    [Fact]
    public void Sample_OneCompletion_WarnsFewCompletions()
    {
        var s = ThroughputSampler.Sample([D(3, 1)], Today);

        Assert.Null(s.CannotForecastReason);
        Assert.Equal(1, s.Completions);
        Assert.Contains(s.Warnings, w => w.Code == ForecastWarningCode.FewCompletions);
    }

    [Fact]
    public void Sample_MinCompletionsConfigurable_TwoCompletionsNoWarningAtTwo()
    {
        var s = ThroughputSampler.Sample([D(3, 1), D(3, 2)], Today, new SamplingOptions { MinCompletions = 2 });

        Assert.DoesNotContain(s.Warnings, w => w.Code == ForecastWarningCode.FewCompletions);
    }

    [Fact]
    public void Sample_WeekdayCalendar_WeekendAndHolidayAreNeverSamples()
    {
        // Window 2024-03-04 (Mon) .. 2024-03-10 (Sun) with 2024-03-06 a holiday: samples Mon, Tue, Thu, Fri.
        var calendar = new WorkingCalendar(WorkingCalendar.Weekdays.WorkingDays, [D(3, 6)]);
        var options = new SamplingOptions { Window = ThroughputWindow.LastDays(7), Calendar = calendar };

        var s = ThroughputSampler.Sample([D(3, 4), D(3, 5), D(3, 8)], Today, options);

        Assert.Equal([D(3, 4), D(3, 5), D(3, 7), D(3, 8)], s.Dates);
        Assert.Equal([1, 1, 0, 1], s.DailyCounts);
    }

    [Fact]
    public void Sample_CompletionOnHoliday_MovesToNextWorkingDay_OrDroppedOnRequest()
    {
        // Done on the holiday Wed 03-06 counts on Thu 03-07; done on Sat 03-09 has no later working day in the
        // window, so it goes back to Fri 03-08.
        var calendar = new WorkingCalendar(WorkingCalendar.Weekdays.WorkingDays, [D(3, 6)]);
        var options = new SamplingOptions { Window = ThroughputWindow.LastDays(7), Calendar = calendar };
        DateOnly[] done = [D(3, 6), D(3, 9)];

        var moved = ThroughputSampler.Sample(done, Today, options);
        var dropped = ThroughputSampler.Sample(done, Today, options with { NonWorkingDayCompletions = NonWorkingDayCompletions.Drop });

        Assert.Equal([0, 0, 1, 1], moved.DailyCounts);
        Assert.Equal([0, 0, 0, 0], dropped.DailyCounts);
    }

    [Fact]
    public void Sample_AllHistory_StartsAtFirstCompletion()
    {
        var s = ThroughputSampler.Sample([D(1, 1), D(3, 9)], Today, new SamplingOptions { Window = ThroughputWindow.AllHistory });

        Assert.Equal(D(1, 1), s.From);
        Assert.Equal(D(3, 10), s.To);
        Assert.Equal(70, s.DailyCounts.Count); // 31 + 29 + 10 days of 2024
    }

    [Fact]
    public void Sample_DateRange_BothEndsIncluded_AndMustEndBeforeToday()
    {
        var s = ThroughputSampler.Sample([D(2, 1), D(2, 3), D(2, 4)], Today,
            new SamplingOptions { Window = ThroughputWindow.Range(D(2, 1), D(2, 3)) });

        Assert.Equal([1, 0, 1], s.DailyCounts);
        Assert.Throws<ArgumentException>(() => ThroughputSampler.Sample([], Today,
            new SamplingOptions { Window = ThroughputWindow.Range(D(3, 1), Today) }));
    }

    [Fact]
    public void Sample_AnchoredAtLastCompletion_EndsOnLastCompletion()
    {
        // Last completion before today is 02-20: window 02-11 .. 02-20 (10 days).
        var s = ThroughputSampler.Sample([D(2, 11), D(2, 20), Today], Today,
            new SamplingOptions { Window = ThroughputWindow.AnchoredAtLastCompletion(10) });

        Assert.Equal(D(2, 11), s.From);
        Assert.Equal(D(2, 20), s.To);
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0, 0, 1], s.DailyCounts);
    }

    [Fact]
    public void Sample_AnchoredWithNoCompletion_EmptyAndCannotForecast()
    {
        var s = ThroughputSampler.Sample([], Today, new SamplingOptions { Window = ThroughputWindow.AnchoredAtLastCompletion(10) });

        Assert.Empty(s.DailyCounts);
        Assert.NotNull(s.CannotForecastReason);
    }

    [Fact]
    public void Sample_ThroughputTripledInSecondHalf_WarnsShift()
    {
        // 30 days at 1/day then 30 days at 3/day: ratio 3 ≥ 2 and the halves have zero variance, so |t| is infinite.
        var done = new List<DateOnly>();
        for (var i = 0; i < 60; i++)
        {
            var day = Today.AddDays(-60 + i);
            done.AddRange(Enumerable.Repeat(day, i < 30 ? 1 : 3));
        }

        var s = ThroughputSampler.Sample(done, Today, new SamplingOptions { Window = ThroughputWindow.LastDays(60) });

        var w = Assert.Single(s.Warnings);
        Assert.Equal(ForecastWarningCode.ThroughputShift, w.Code);
    }

    [Fact]
    public void Detect_NoisyButStableHalves_NoShift()
    {
        // Halves with means 1.5 and 1.7: ratio 1.13 < 2 → no shift.
        int[] counts = [0, 3, 1, 2, 0, 3, 1, 2, 0, 3, 0, 4, 1, 2, 1, 3, 0, 4, 1, 2];

        Assert.Null(ThroughputShift.Detect(counts, 2, 3));
    }

    [Fact]
    public void Detect_RatioMetButNotSignificant_NoShift()
    {
        // Means 0.4 and 1.0 (ratio 2.5) but bursty: first half variance 0.8, second 5.0;
        // se = sqrt(0.8/5 + 5/5) = 1.077, t = 0.6/1.077 = 0.56 < 3.
        int[] counts = [0, 0, 2, 0, 0, 0, 0, 5, 0, 0];

        Assert.Null(ThroughputShift.Detect(counts, 2, 3));
    }

    [Fact]
    public void Detect_FewerThanFiveDaysPerHalf_NoTest() => Assert.Null(ThroughputShift.Detect([0, 0, 0, 9, 9, 9], 2, 3));
}
