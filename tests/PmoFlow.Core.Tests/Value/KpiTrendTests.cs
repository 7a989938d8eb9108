using PmoFlow.Core.Value;

namespace PmoFlow.Core.Tests.Value;

public class KpiTrendTests
{
    private static readonly DateOnly Baseline = new(2024, 1, 1);

    // Baseline 100 on 2024-01-01, target 200 on day 100 (2024-04-10: 31 + 29 + 31 + 9 days, 2024 is a leap year).
    private static Kpi Activation(params (int Day, double Value)[] readings) => new()
    {
        Name = "Activation",
        Unit = "%",
        Baseline = 100,
        Target = 200,
        BaselineDate = Baseline,
        TargetDate = new DateOnly(2024, 4, 10),
        Readings = readings.Select(r => new KpiReading(Baseline.AddDays(r.Day), r.Value)).ToList(),
    };

    [Fact]
    public void Evaluate_TargetDateIsDay100_AsTheTestsAssume()
    {
        Assert.Equal(100, new DateOnly(2024, 4, 10).DayNumber - Baseline.DayNumber);
    }

    [Fact]
    public void Evaluate_TrendReachesTarget_IsOnTrack()
    {
        // Readings 112, 122, 132 on days 10, 20, 30: slope 1/day, intercept 102; at day 100: 202.
        // Attainment (202 − 100) / (200 − 100) = 1.02 ≥ 1.0 → on track.
        var r = KpiTrend.Evaluate("I1", Activation((10, 112), (20, 122), (30, 132)));

        Assert.Equal(KpiStatus.OnTrack, r.Status);
        Assert.Equal(1.0, r.SlopePerDay!.Value, 9);
        Assert.Equal(202, r.ProjectedAtTargetDate!.Value, 9);
        Assert.Equal(1.02, r.Attainment!.Value, 9);
        // Target line at the latest date (day 30): 100 + 100 × 30/100 = 130; the fit there is 132 → not behind.
        Assert.Equal(130, r.PlannedAtLatestDate!.Value, 9);
        Assert.False(r.BehindTargetLine);
        Assert.Equal(new DateOnly(2024, 1, 31), r.LatestDate);
        Assert.Equal(132, r.LatestValue);
    }

    [Fact]
    public void Evaluate_TrendReaches90Percent_IsAtRisk()
    {
        // 109, 118, 127 on days 10, 20, 30: slope 0.9, intercept 100; at day 100: 190 → attainment 0.9 → at risk.
        var r = KpiTrend.Evaluate("I1", Activation((10, 109), (20, 118), (30, 127)));

        Assert.Equal(KpiStatus.AtRisk, r.Status);
        Assert.Equal(190, r.ProjectedAtTargetDate!.Value, 9);
        Assert.Equal(0.9, r.Attainment!.Value, 9);
        Assert.True(r.BehindTargetLine); // fit 127 < plan 130 at day 30
    }

    [Fact]
    public void Evaluate_TrendReachesHalf_IsOffTrack()
    {
        // 105, 110, 115 on days 10, 20, 30: slope 0.5, intercept 100; at day 100: 150 → attainment 0.5 → off track.
        var r = KpiTrend.Evaluate("I1", Activation((10, 105), (20, 110), (30, 115)));

        Assert.Equal(KpiStatus.OffTrack, r.Status);
        Assert.Equal(0.5, r.Attainment!.Value, 9);
    }

    [Fact]
    public void Evaluate_TrendGoesTheWrongWay_IsOffTrackWithNegativeAttainment()
    {
        // 99, 98 on days 10, 20: slope −0.1, intercept 100; at day 100: 90 → attainment −0.1.
        var r = KpiTrend.Evaluate("I1", Activation((10, 99), (20, 98)));

        Assert.Equal(KpiStatus.OffTrack, r.Status);
        Assert.Equal(-0.1, r.Attainment!.Value, 9);
    }

    [Fact]
    public void Evaluate_ScatteredReadings_UsesTheLeastSquaresLine()
    {
        // (10, 110), (20, 125), (30, 130): x̄ = 20, ȳ = 121.6667; Sxy = (−10)(−11.6667) + 0 + (10)(8.3333) = 200;
        // Sxx = 200 → slope 1.0; intercept 121.6667 − 20 = 101.6667; at day 100: 201.6667 → attainment 1.016667.
        var r = KpiTrend.Evaluate("I1", Activation((30, 130), (10, 110), (20, 125)));

        Assert.Equal(1.0, r.SlopePerDay!.Value, 9);
        Assert.Equal(101.666667, r.Intercept!.Value, 6);
        Assert.Equal(1.016667, r.Attainment!.Value, 6);
        Assert.Equal(KpiStatus.OnTrack, r.Status);
    }

    [Fact]
    public void Evaluate_LowerIsBetter_MeasuresProgressDownwards()
    {
        // Page load 50 ms → 30 ms over 100 days. Readings 50 (day 0), 40 (day 50): slope −0.2; at day 100: 30.
        // Attainment (30 − 50) / (30 − 50) = 1.0 → on track.
        var kpi = new Kpi
        {
            Name = "p95 page load",
            Unit = "ms",
            Baseline = 50,
            Target = 30,
            BaselineDate = Baseline,
            TargetDate = Baseline.AddDays(100),
            Direction = KpiDirection.LowerIsBetter,
            Readings = [new KpiReading(Baseline, 50), new KpiReading(Baseline.AddDays(50), 40)],
        };

        var r = KpiTrend.Evaluate("I1", kpi);

        Assert.Equal(1.0, r.Attainment!.Value, 9);
        Assert.Equal(KpiStatus.OnTrack, r.Status);
        // Plan at day 50 is 40, fit is 40: not behind.
        Assert.False(r.BehindTargetLine);
    }

    [Fact]
    public void Evaluate_LowerIsBetterSlowerDecline_IsAtRisk()
    {
        // 50 → 30 target; readings 50 (day 0), 41.5 (day 50): slope −0.17; at day 100: 33 → (33−50)/(30−50) = 0.85.
        var kpi = new Kpi
        {
            Name = "p95",
            Baseline = 50,
            Target = 30,
            BaselineDate = Baseline,
            TargetDate = Baseline.AddDays(100),
            Direction = KpiDirection.LowerIsBetter,
            Readings = [new KpiReading(Baseline, 50), new KpiReading(Baseline.AddDays(50), 41.5)],
        };

        var r = KpiTrend.Evaluate("I1", kpi);

        Assert.Equal(0.85, r.Attainment!.Value, 9);
        Assert.Equal(KpiStatus.AtRisk, r.Status);
        Assert.True(r.BehindTargetLine); // fit 41.5 > plan 40 when lower is better
    }

    [Fact]
    public void Evaluate_NoReadings_IsNoData()
    {
        var r = KpiTrend.Evaluate("I1", Activation());

        Assert.Equal(KpiStatus.NoData, r.Status);
        Assert.Null(r.Attainment);
        Assert.Null(r.LatestDate);
    }

    [Fact]
    public void Evaluate_OneReading_IsNotEnoughData()
    {
        var r = KpiTrend.Evaluate("I1", Activation((10, 150)));

        Assert.Equal(KpiStatus.NotEnoughData, r.Status);
        Assert.Null(r.ProjectedAtTargetDate);
        Assert.Equal(150, r.LatestValue);
    }

    [Fact]
    public void Evaluate_TwoReadingsOnOneDate_IsNotEnoughDataWithTheirMeanAsLatest()
    {
        var r = KpiTrend.Evaluate("I1", Activation((10, 150), (10, 160)));

        Assert.Equal(KpiStatus.NotEnoughData, r.Status);
        Assert.Equal(155, r.LatestValue);
    }

    [Fact]
    public void Evaluate_AcrossTheSpringDaylightSavingChange_CountsCalendarDays()
    {
        // Dates are local calendar dates: 2024-03-30 → 2024-04-01 spans the UK/EU clock change (31 March) and is
        // still 2 days. Baseline 0 on 03-30, target 10 on 04-09 (10 days); readings 0 (03-30) and 2 (04-01):
        // slope 1/day → 10 at the target date → attainment 1.0.
        var kpi = new Kpi
        {
            Name = "k",
            Baseline = 0,
            Target = 10,
            BaselineDate = new DateOnly(2024, 3, 30),
            TargetDate = new DateOnly(2024, 4, 9),
            Readings = [new KpiReading(new DateOnly(2024, 3, 30), 0), new KpiReading(new DateOnly(2024, 4, 1), 2)],
        };

        var r = KpiTrend.Evaluate("I1", kpi);

        Assert.Equal(1.0, r.SlopePerDay!.Value, 9);
        Assert.Equal(1.0, r.Attainment!.Value, 9);
    }

    [Fact]
    public void Evaluate_CustomRule_MovesTheThresholds()
    {
        // Attainment 0.9 is at risk by default but on track when on-track starts at 0.85.
        var rule = new KpiStatusRule { OnTrackAttainment = 0.85, AtRiskAttainment = 0.5 };

        var r = KpiTrend.Evaluate("I1", Activation((10, 109), (20, 118), (30, 127)), rule);

        Assert.Equal(KpiStatus.OnTrack, r.Status);
    }

    [Theory]
    [InlineData(new[] { KpiStatus.OnTrack, KpiStatus.AtRisk }, KpiStatus.AtRisk)]
    [InlineData(new[] { KpiStatus.OnTrack, KpiStatus.NoData }, KpiStatus.NoData)]
    [InlineData(new[] { KpiStatus.NotEnoughData, KpiStatus.OffTrack }, KpiStatus.OffTrack)]
    [InlineData(new[] { KpiStatus.OnTrack, KpiStatus.NotEnoughData }, KpiStatus.NotEnoughData)]
    [InlineData(new[] { KpiStatus.OnTrack }, KpiStatus.OnTrack)]
    public void Overall_SeveralKpis_TakesTheWorst(KpiStatus[] statuses, KpiStatus expected)
    {
        Assert.Equal(expected, KpiTrend.Overall(statuses));
    }

    [Fact]
    public void Overall_NoKpis_IsNull()
    {
        Assert.Null(KpiTrend.Overall([]));
    }
}
