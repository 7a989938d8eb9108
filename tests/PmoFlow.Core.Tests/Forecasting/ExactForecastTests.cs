using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Tests.Forecasting;

public class ExactForecastTests
{
    private static readonly DateOnly Friday = new(2024, 3, 1);

    // Daily samples {0, 1, 2}, each with probability 1/3; N = 3. Since the running sum never decreases,
    // P(done by working day k) = P(S_k ≥ 3) = 1 − P(S_k ≤ 2), and the ways k draws sum to ≤ 2 are
    // 1 (all zero) + k (one 1) + [k (one 2) + C(k,2) (two 1s)]:
    //   k=1: S_1 ≤ 2 always                        → 0
    //   k=2: (1 + 2 + 2 + 1)/9  = 6/9              → 1/3       = 0.3333
    //   k=3: (1 + 3 + 3 + 3)/27 = 10/27            → 17/27     = 0.6296
    //   k=4: (1 + 4 + 4 + 6)/81 = 15/81            → 66/81     = 0.8148
    //   k=5: (1 + 5 + 5 + 10)/243 = 21/243         → 222/243   = 0.9136
    //   k=6: (1 + 6 + 6 + 15)/729 = 28/729         → 701/729   = 0.9616
    // Percentiles (first k whose cumulative ≥ p): P50 → 3, P70 → 4, P85 → 5, P95 → 6.
    private static readonly double[] HandCumulative = [0, 0, 1.0 / 3, 17.0 / 27, 66.0 / 81, 222.0 / 243, 701.0 / 729];

    private static ThroughputSample ZeroOneTwo(WorkingCalendar? calendar = null) =>
        ThroughputSample.FromDailyCounts([0, 1, 2], Friday, calendar);

    [Fact]
    public void When_ZeroOneTwoSamplesThreeItems_MatchesHandWorkedDistribution()
    {
        var f = Forecaster.When(ZeroOneTwo(), WhenRequest.Items(3));

        Assert.Equal(ForecastEngine.Exact, f.Inputs.Engine);
        Assert.Equal(ForecastStatus.Ok, f.Status);
        var byDay = f.Overall!.Distribution.ToDictionary(p => p.WorkingDay, p => p.Cumulative);
        for (var k = 2; k <= 6; k++)
        {
            Assert.Equal(HandCumulative[k], byDay[k], 12);
        }

        Assert.Equal(1.0 / 3, f.Overall.Distribution[0].Probability, 12);
        Assert.Equal(2, f.Overall.Distribution[0].WorkingDay); // day 1 has probability 0 and is not listed
    }

    [Fact]
    public void When_ZeroOneTwoEveryDayCalendar_PercentileDatesFromTomorrow()
    {
        var f = Forecaster.When(ZeroOneTwo(), WhenRequest.Items(3));

        // Working day k is Friday + k with every day working.
        Assert.Equal(
            [new DateOnly(2024, 3, 4), new DateOnly(2024, 3, 5), new DateOnly(2024, 3, 6), new DateOnly(2024, 3, 7)],
            f.Overall!.Percentiles.Select(p => p.Date!.Value));
        Assert.Equal([3, 4, 5, 6], f.Overall.Percentiles.Select(p => p.WorkingDays!.Value));
    }

    [Fact]
    public void When_WeekdayCalendarWithHoliday_NeverDeliversOnWeekendOrHoliday()
    {
        // Today Friday 03-01; working days: Mon 04 (k1), Tue 05 (k2), Wed 06 is a holiday, Thu 07 (k3), Fri 08 (k4),
        // Mon 11 (k5), Tue 12 (k6). P50 → k3 = Thu 07, P70 → Fri 08, P85 → Mon 11, P95 → Tue 12.
        var calendar = new WorkingCalendar(WorkingCalendar.Weekdays.WorkingDays, [new DateOnly(2024, 3, 6)]);

        var f = Forecaster.When(ZeroOneTwo(calendar), WhenRequest.Items(3));

        Assert.Equal(
            [new DateOnly(2024, 3, 7), new DateOnly(2024, 3, 8), new DateOnly(2024, 3, 11), new DateOnly(2024, 3, 12)],
            f.Overall!.Percentiles.Select(p => p.Date!.Value));
        Assert.All(f.Overall.Distribution, p => Assert.True(calendar.IsWorkingDay(p.Date), $"{p.Date} is not a working day"));
    }

    [Fact]
    public void When_Deadline_ProbabilityIsCumulativeOnDeadline()
    {
        // Deadline Thu 03-07 with every day working = working day 6 → 701/729; a Saturday deadline under the weekday
        // calendar counts the Friday before it (k = 5 → 222/243).
        var every = Forecaster.When(ZeroOneTwo(), WhenRequest.Items(3, new DateOnly(2024, 3, 7)));
        var weekdays = Forecaster.When(ZeroOneTwo(WorkingCalendar.Weekdays), WhenRequest.Items(3, new DateOnly(2024, 3, 9)));
        var past = Forecaster.When(ZeroOneTwo(), WhenRequest.Items(3, new DateOnly(2024, 2, 1)));

        Assert.Equal(701.0 / 729, every.Overall!.DeadlineProbability!.Value, 12);
        Assert.Equal(222.0 / 243, weekdays.Overall!.DeadlineProbability!.Value, 12);
        Assert.Equal(0, past.Overall!.DeadlineProbability!.Value);
    }

    [Fact]
    public void When_ZeroItems_DoneToday()
    {
        var f = Forecaster.When(ZeroOneTwo(), WhenRequest.Items(0));

        Assert.All(f.Overall!.Percentiles, p => Assert.Equal(Friday, p.Date));
        Assert.Equal(1, f.Overall.ProbabilityWithinHorizon);
    }

    [Fact]
    public void When_OneItemConstantThroughputTwo_DoneTomorrowWithCertainty()
    {
        var f = Forecaster.When(ThroughputSample.FromDailyCounts([2, 2], Friday), WhenRequest.Items(1));

        var point = Assert.Single(f.Overall!.Distribution);
        Assert.Equal(1, point.WorkingDay);
        Assert.Equal(1, point.Probability);
    }

    [Fact]
    public void HowMany_ZeroOneTwoTwoDays_MatchesHandWorkedDistribution()
    {
        // S_2 over {0,1,2}²: 0:1/9 1:2/9 2:3/9 3:2/9 4:1/9; at least: ≥1 8/9, ≥2 6/9, ≥3 3/9, ≥4 1/9.
        // P50 → largest c with P(S ≥ c) ≥ .5 = 2; P70 → 1; P85 → 1; P95 → 0.
        var f = Forecaster.HowMany(ZeroOneTwo(), Friday.AddDays(2));

        Assert.Equal(2, f.WorkingDays);
        Assert.Equal([2L, 1, 1, 0], f.Percentiles.Select(p => p.Items));
        Assert.Equal([1.0 / 9, 2.0 / 9, 3.0 / 9, 2.0 / 9, 1.0 / 9], f.Distribution.Select(p => p.Probability), new Tolerance(1e-12));
        Assert.Equal(6.0 / 9, f.Distribution[2].AtLeast, 12);
    }

    [Fact]
    public void HowMany_ByTodayOrEarlier_ZeroItemsCertain()
    {
        var f = Forecaster.HowMany(ZeroOneTwo(), Friday);

        Assert.Equal(0, f.WorkingDays);
        Assert.All(f.Percentiles, p => Assert.Equal(0, p.Items));
    }

    [Fact]
    public void HowMany_WeekendOnly_CountsNoWorkingDay()
    {
        // From Friday to Sunday under Mon–Fri: no working day is simulated.
        var f = Forecaster.HowMany(ZeroOneTwo(WorkingCalendar.Weekdays), Friday.AddDays(2));

        Assert.Equal(0, f.WorkingDays);
    }

    [Fact]
    public void When_ExactForcedOnScopeRange_Throws()
    {
        var request = new WhenRequest { Features = [new FeatureSpec("f", 3, 5)] };

        Assert.Throws<ArgumentException>(() =>
            Forecaster.When(ZeroOneTwo(), request, new ForecastOptions { Engine = ForecastEngine.Exact }));
        Assert.Equal(ForecastEngine.MonteCarlo, Forecaster.ChooseEngine(request, new ForecastOptions()));
    }

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= eps;

        public int GetHashCode(double obj) => 0;
    }
}
