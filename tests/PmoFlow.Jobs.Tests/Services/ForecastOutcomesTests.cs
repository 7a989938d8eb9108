using PmoFlow.Jobs.Services;
using PmoFlow.Jobs.Tests.Support;

namespace PmoFlow.Jobs.Tests.Services;

public sealed class ForecastOutcomesTests
{
    private static DateOnly D(int month, int day) => new(2026, month, day);

    // Completions of FlowExample: I 03-03, A 03-05, B 03-08, C 03-10 (given out of order on purpose).
    private static readonly DateOnly[] Completions = [D(3, 8), D(3, 3), D(3, 10), D(3, 5)];

    [Fact]
    public void Check_HowManyPastItsDate_ActualCountedAfterTodayUpToTheDateIncluded()
    {
        var run = StoredRuns.Stored(1, StoredRuns.HowMany("delivery", D(3, 2), D(3, 8), (50, 4), (85, 2), (95, 1)));

        var check = ForecastOutcomes.Check(run, Completions, D(3, 10))!;

        // (03-02, 03-08]: 03-03, 03-05, 03-08 → 3 (03-10 is after the by date).
        Assert.Equal(3, check.ActualItems);
        Assert.Equal("checked", check.Status);
        Assert.Equal(D(3, 8), check.TargetDate);
        Assert.Equal(
            [new PercentileCheck(50, 4, null, false, -1), new PercentileCheck(85, 2, null, true, 1), new PercentileCheck(95, 1, null, true, 2)],
            check.Percentiles);
        Assert.True(check.P85Hit);
    }

    [Fact]
    public void Check_HowManyOnItsDate_DueThatDay()
    {
        var run = StoredRuns.Stored(1, StoredRuns.HowMany("delivery", D(3, 4), D(3, 10), (85, 3)));

        Assert.Null(ForecastOutcomes.Check(run, Completions, D(3, 9)));
        var check = ForecastOutcomes.Check(run, Completions, D(3, 10))!;

        Assert.Equal(3, check.ActualItems); // 03-05, 03-08, 03-10
        Assert.Equal(new PercentileCheck(85, 3, null, true, 0), check.Percentiles.Single());
    }

    [Fact]
    public void Check_WhenPastItsP85_ActualIsTheNthCompletionAfterToday()
    {
        var run = StoredRuns.Stored(3, StoredRuns.When("delivery", D(3, 2), 3, (50, D(3, 7)), (85, D(3, 9)), (95, D(3, 12))));

        var check = ForecastOutcomes.Check(run, Completions, D(3, 10))!;

        // After 03-02: 03-03, 03-05, 03-08 (3rd), 03-10 → done 03-08.
        Assert.Equal(D(3, 8), check.ActualDate);
        Assert.Equal(4, check.ActualItems);
        Assert.Equal(D(3, 9), check.TargetDate);
        Assert.Equal(
            [new PercentileCheck(50, null, D(3, 7), false, 1), new PercentileCheck(85, null, D(3, 9), true, -1), new PercentileCheck(95, null, D(3, 12), true, -4)],
            check.Percentiles);
    }

    [Fact]
    public void Check_WhenNotDoneByItsP85_PassedDatesMissLaterOnesUnknown()
    {
        var run = StoredRuns.Stored(4, StoredRuns.When("delivery", D(3, 6), 3, (50, D(3, 8)), (85, D(3, 9)), (95, D(3, 20))));

        var check = ForecastOutcomes.Check(run, Completions, D(3, 10))!;

        // After 03-06 up to 03-10: 03-08, 03-10 → only 2 of 3.
        Assert.Null(check.ActualDate);
        Assert.Equal(2, check.ActualItems);
        Assert.Equal(
            [new PercentileCheck(50, null, D(3, 8), false, null), new PercentileCheck(85, null, D(3, 9), false, null), new PercentileCheck(95, null, D(3, 20), null, null)],
            check.Percentiles);
        Assert.False(check.P85Hit);
    }

    [Fact]
    public void Check_WhenBeforeItsP85_NotDue()
    {
        var run = StoredRuns.Stored(5, StoredRuns.When("delivery", D(3, 2), 1, (50, D(3, 3)), (85, D(3, 11))));

        Assert.Null(ForecastOutcomes.Check(run, Completions, D(3, 10)));
    }

    [Fact]
    public void Check_CannotForecastWhen_RecordedAsNoForecastAtOnce()
    {
        var run = StoredRuns.Stored(6, StoredRuns.CannotWhen("delivery", D(3, 2), 5));

        var check = ForecastOutcomes.Check(run, Completions, D(3, 4))!;

        Assert.Equal("no-forecast", check.Status);
        Assert.Empty(check.Percentiles);
        Assert.Equal(1, check.ActualItems); // 03-03
    }

    [Fact]
    public void Check_AlreadyCheckedOrOtherKind_Null()
    {
        var checkedRun = StoredRuns.Stored(7, StoredRuns.HowMany("delivery", D(3, 2), D(3, 8), (85, 2)), DateTimeOffset.UnixEpoch);
        var features = StoredRuns.Stored(8, StoredRuns.HowMany("delivery", D(3, 2), D(3, 8), (85, 2)) with { Kind = "features" });

        Assert.Null(ForecastOutcomes.Check(checkedRun, Completions, D(3, 10)));
        Assert.Null(ForecastOutcomes.Check(features, Completions, D(3, 10)));
    }

    [Fact]
    public void Check_NoCompletions_HowManyHoldsOnlyAtZero()
    {
        var run = StoredRuns.Stored(9, StoredRuns.HowMany("delivery", D(3, 2), D(3, 8), (50, 1), (95, 0)));

        var check = ForecastOutcomes.Check(run, [], D(3, 10))!;

        Assert.Equal(0, check.ActualItems);
        Assert.Equal([false, true], check.Percentiles.Select(p => p.Hit!.Value));
    }
}
