using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Tests.Forecasting;

public class KaplanMeierTests
{
    // Completed cycle times 2, 3, 3, 5, 8; open items aged 4 and 6 (censored). Worked by hand:
    //   t=2: at risk 7, 1 done  → S = 6/7           = 0.8571
    //   t=3: at risk 6, 2 done  → S = 6/7 × 4/6     = 4/7  = 0.5714
    //   t=4: 1 censored (at risk 4)                → S = 4/7
    //   t=5: at risk 3, 1 done  → S = 4/7 × 2/3     = 8/21 = 0.3810
    //   t=6: 1 censored (at risk 2)
    //   t=8: at risk 1, 1 done  → S = 0
    private static KaplanMeier Fit() => KaplanMeier.Fit([2, 3, 3, 5, 8], [4, 6]);

    [Fact]
    public void Fit_HandWorkedExample_MatchesSteps()
    {
        var km = Fit();

        Assert.Equal([2.0, 3, 4, 5, 6, 8], km.Steps.Select(s => s.Time));
        Assert.Equal([7, 6, 4, 3, 2, 1], km.Steps.Select(s => s.AtRisk));
        Assert.Equal(6.0 / 7, km.Survival(2)!.Value, 12);
        Assert.Equal(4.0 / 7, km.Survival(4.5)!.Value, 12);
        Assert.Equal(8.0 / 21, km.Survival(5)!.Value, 12);
        Assert.Equal(1.0, km.Survival(1)!.Value);
        Assert.Equal(0.0, km.Survival(100)!.Value); // the last observation is a completion: S = 0 beyond it is known
    }

    [Fact]
    public void ChanceWithin_AgeThreeTwoMoreDays_IsOneThird()
    {
        // 1 − S(5)/S(3) = 1 − (8/21)/(4/7) = 1 − 2/3 = 1/3.
        var c = Fit().ChanceWithin(3, 2, minObservedBeyond: 1);

        Assert.Equal(1.0 / 3, c.Probability!.Value, 12);
        Assert.Null(c.Reason);
    }

    [Fact]
    public void ChanceWithin_WellPastLastCompletion_IsOne()
    {
        // 1 − S(10)/S(3) = 1 − 0 = 1.
        Assert.Equal(1.0, Fit().ChanceWithin(3, 7, minObservedBeyond: 1).Probability);
    }

    [Fact]
    public void ChanceWithin_TooFewObservedBeyondAge_NullWithReason()
    {
        // Beyond age 5 only 6 (open) and 8 (done) were observed: 2 < 3.
        var c = Fit().ChanceWithin(5, 1, minObservedBeyond: 3);

        Assert.Null(c.Probability);
        Assert.Contains("Only 2 item(s)", c.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ChanceWithin_AgeBeyondEveryObservation_Null()
    {
        var c = Fit().ChanceWithin(9, 7, minObservedBeyond: 1);

        Assert.Null(c.Probability);
        Assert.NotNull(c.Reason);
    }

    [Fact]
    public void ChanceWithin_LastObservationCensored_SurvivalBeyondUnknown()
    {
        // An open item aged 20 is the longest observation: S(t) for t > 20 is unknown, so "within 30 days" is null.
        var km = KaplanMeier.Fit([2, 3, 3, 5, 8], [4, 6, 20]);

        Assert.Null(km.Survival(21));
        var c = km.ChanceWithin(3, 30, minObservedBeyond: 1);
        Assert.Null(c.Probability);
        Assert.Contains("unknown", c.Reason, StringComparison.Ordinal);
        Assert.NotNull(km.ChanceWithin(3, 14, minObservedBeyond: 1).Probability);
    }

    [Fact]
    public void Estimate_Default_SevenFourteenThirty()
    {
        var e = Fit().Estimate(1, minObservedBeyond: 1);

        Assert.Equal([7, 14, 30], e.Chances.Select(c => c.Days));
        Assert.Equal(1.0, e.Chances[0].Probability); // 1 − S(8)/S(1) = 1 − 0/1
    }

    [Fact]
    public void Estimate_CustomHorizon_AgeTwoThreeMoreDays()
    {
        // 1 − S(5)/S(2) = 1 − (8/21)/(6/7) = 1 − 4/9 = 5/9.
        var e = Fit().Estimate(2, [3], minObservedBeyond: 1);

        Assert.Equal(5.0 / 9, Assert.Single(e.Chances).Probability!.Value, 12);
    }

    [Fact]
    public void Fit_NoData_EverythingNull()
    {
        var km = KaplanMeier.Fit([], []);

        Assert.Null(km.Survival(1));
        Assert.Null(km.ChanceWithin(1, 7).Probability);
    }

    [Fact]
    public void Fit_OnlyCensored_SurvivalOneUpToLastAge()
    {
        var km = KaplanMeier.Fit([], [3, 5]);

        Assert.Equal(1.0, km.Survival(4));
        Assert.Null(km.ChanceWithin(1, 7, 1).Probability);
    }
}
