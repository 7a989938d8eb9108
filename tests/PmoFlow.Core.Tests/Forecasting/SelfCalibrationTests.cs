using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Tests.Forecasting;

public class SelfCalibrationTests
{
    private static readonly DateOnly Start = new(2022, 1, 1);

    [Fact]
    public void FromPastLevels_HandWorked_SplitConformalLevels()
    {
        // 20 past thresholds 0.900, 0.905, …, 0.995: the raw P50/P85 never held (all thresholds ≥ their level), P95
        // held for the 10 below 0.95 and P99 for the 18 below 0.99. Conformal k = ⌈p (n + 1)⌉: P50 → k = 11 → the 11th smallest, 0.95, so the raw
        // P95.0001; P85 → k = 18 → 0.985; P95 → k = 20 → 0.995; P99 → k = 21 > 20 → capped at the raw P99.9.
        double[] past = [.. Enumerable.Range(0, 20).Select(i => 0.9 + 0.005 * i)];
        var c = ForecastCalibration.FromPastLevels(BacktestQuestion.When, 20, [50, 85, 95, 99], past.Reverse().ToArray(), new CalibrationOptions());

        Assert.True(c.Applied);
        Assert.Equal(20, c.Points);
        Assert.Equal([0.0, 0.0, 0.5, 0.9], c.Levels.Select(l => l.RawHitRate!.Value));
        Assert.Equal(95.0001, c.Levels[0].RawLevel, 9);
        Assert.Equal(98.5001, c.Levels[1].RawLevel, 9);
        Assert.Equal(99.5001, c.Levels[2].RawLevel, 9);
        Assert.Equal(99.9, c.Levels[3].RawLevel);
        Assert.Equal([false, false, false, true], c.Levels.Select(l => l.Capped));
        Assert.Equal("P85 calibrated on 20 past forecasts: raw P85 held 0%, reported P85 is the raw P98.5", c.Lines[1]);
        Assert.StartsWith("P99 calibrated on 20 past forecasts: raw P99 held 90%, reported P99 is the raw P99.9 (the highest allowed", c.Lines[3], StringComparison.Ordinal);

        // Calibrated probability = share of past thresholds below the raw probability: 0.95 → 10 of 20.
        Assert.Equal(0.5, c.Probability(0.95), 12);
        Assert.Equal(0.0, c.Probability(0.5));
        Assert.Equal(1.0, c.Probability(1.0));
    }

    [Fact]
    public void FromPastLevels_TooFew_NotAppliedAndSaysSo()
    {
        var c = ForecastCalibration.FromPastLevels(BacktestQuestion.HowMany, 14, [50, 85], [0.1, 0.2], new CalibrationOptions());
        Assert.False(c.Applied);
        Assert.Equal([50.0, 85.0], c.RawLevels);
        Assert.Equal("Not calibrated: only 2 past forecasts with a known outcome in the last 1460 days (20 needed); the percentiles are the raw model's.", Assert.Single(c.Lines));
        Assert.Equal(0.3, c.Probability(0.3));
    }

    [Fact]
    public void Thresholds_AgreeWithTheHitRule()
    {
        // One forecast, every outcome: the raw forecast at level q holds exactly when q > the outcome's threshold.
        var sample = ThroughputSample.FromDailyCounts([0, 1, 1, 2, 3, 0, 5], Start);
        var hm = Forecaster.HowMany(sample, Start.AddDays(5));
        var when = Forecaster.When(sample, WhenRequest.Items(7)).Overall!;
        for (var level = 0.01; level < 1; level += 0.01)
        {
            for (var actual = 0; actual <= 26; actual++)
            {
                var hit = actual >= ForecastReading.ItemsAt(hm, level);
                Assert.Equal(hit, level > ForecastReading.Threshold(hm, actual) + 1e-9);
            }

            foreach (var day in Enumerable.Range(1, 30).Select(Start.AddDays))
            {
                var hit = day <= ForecastReading.DateAt(when, level);
                Assert.Equal(hit, level > ForecastReading.Threshold(when, day) + 1e-9);
            }
        }

        // At the nominal levels the readers give the forecaster's own percentiles.
        Assert.Equal(hm.Percentiles.Select(p => p.Items), hm.Percentiles.Select(p => ForecastReading.ItemsAt(hm, p.Percentile / 100)));
        Assert.Equal(when.Percentiles.Select(p => p.Date), when.Percentiles.Select(p => ForecastReading.DateAt(when, p.Percentile / 100)));
    }

    [Fact]
    public void Pinball_HandWorked()
    {
        // When at P85 (the 0.85 quantile of the date): 4 days late costs 0.85 ⋅ 4, 4 days early 0.15 ⋅ 4.
        Assert.Equal(3.4, ForecastReading.Pinball(BacktestQuestion.When, 0.85, 14, 10), 12);
        Assert.Equal(0.6, ForecastReading.Pinball(BacktestQuestion.When, 0.85, 6, 10), 12);
        // How-many at P85 is the 0.15 quantile of the count: 4 more items than forecast cost 0.15 ⋅ 4, 4 fewer 0.85 ⋅ 4.
        Assert.Equal(0.6, ForecastReading.Pinball(BacktestQuestion.HowMany, 0.85, 14, 10), 12);
        Assert.Equal(3.4, ForecastReading.Pinball(BacktestQuestion.HowMany, 0.85, 6, 10), 12);
    }

    [Fact]
    public void When_ShortHistory_AnswersUncalibratedAndSaysSo()
    {
        var done = Enumerable.Range(0, 60).Select(Start.AddDays).ToList();
        var today = Start.AddDays(60);
        var history = CompletionHistory.FromDates(done);
        var sampling = new SamplingOptions();
        var sample = ThroughputSampler.Sample(history.KnownAt(today), today, sampling);
        var (f, c) = SelfCalibration.When(history, sample, WhenRequest.Items(5), sampling, new ForecastOptions(), new CalibrationOptions());

        Assert.False(c.Applied);
        Assert.StartsWith("Not calibrated: only 8 past forecasts", c.Lines[0], StringComparison.Ordinal);
        Assert.Equal(Forecaster.When(sample, WhenRequest.Items(5)).Overall!.Percentiles, f.Overall!.Percentiles);
    }

    [Fact]
    public void When_SteadyHistory_EveryPastForecastHeld_NarrowsToTheLowestLevel()
    {
        // One completion a day for three years: every past "next 5" forecast was exact (threshold 0), so raw P85 held
        // 100% and every percentile maps to the lowest raw level, whose date is still today + 5.
        var done = Enumerable.Range(0, 1095).Select(Start.AddDays).ToList();
        var today = Start.AddDays(1095);
        var history = CompletionHistory.FromDates(done);
        var sampling = new SamplingOptions();
        var sample = ThroughputSampler.Sample(history.KnownAt(today), today, sampling);
        var (f, c) = SelfCalibration.When(history, sample, WhenRequest.Items(5, today.AddDays(5)), sampling, new ForecastOptions(), new CalibrationOptions());

        Assert.True(c.Applied);
        Assert.Equal(52, c.Points); // as-of today − 7 … today − 364 weekly; the 5 items after each were known before today
        Assert.All(c.PastLevels, v => Assert.Equal(0, v));
        Assert.Equal("P85 calibrated on 52 past forecasts: raw P85 held 100%, reported P85 is the raw P0.1", c.Lines[2]);
        Assert.Equal([50.0, 70, 85, 95], f.Overall!.Percentiles.Select(p => p.Percentile));
        Assert.All(f.Overall.Percentiles, p => Assert.Equal(today.AddDays(5), p.Date));
        Assert.Equal(1.0, f.Overall.DeadlineProbability);
        Assert.Equal([50.0, 70, 85, 95], f.Inputs.Percentiles);
    }

    [Fact]
    public void ForWhen_LargeBacklog_ExtendsTheLookbackUntilTwentyPastForecasts()
    {
        // One a day for three years; "the next 300" took 300 days, so within the 365-day lookback only the as-of dates
        // today − 301 … today − 364 (weeks 43..52: 10) had their outcome in time. The lookback extends week by week
        // (weeks 53, 54, …) until 20 are found: weeks 43..62.
        var done = Enumerable.Range(0, 1095).Select(Start.AddDays).ToList();
        var today = Start.AddDays(1095);
        // Weeks 1..42 are not done yet: they count as censored past forecasts (threshold ≥ F(yesterday) = 0 here, as
        // "the next 300" cannot finish before day 300: no information), so 62 are scored, 20 with a known outcome.
        var c = SelfCalibration.ForWhen(CompletionHistory.FromDates(done), today, 300, new SamplingOptions(), new ForecastOptions(), new CalibrationOptions());
        Assert.True(c.Applied);
        Assert.Equal(62, c.Points);
        Assert.Equal(20, c.PastLevels.Count);
        Assert.Equal(42, c.CensoredLevels!.Count);
        Assert.All(c.CensoredLevels, v => Assert.Equal(0, v));
        Assert.StartsWith("P85 calibrated on 62 past forecasts (42 not done yet): raw P85 held 100%", c.Lines[2], StringComparison.Ordinal);

        var fixedYear = SelfCalibration.ForWhen(
            CompletionHistory.FromDates(done), today, 300, new SamplingOptions(), new ForecastOptions(), new CalibrationOptions { MaxLookbackDays = 365 });
        Assert.False(fixedYear.Applied);
        Assert.Equal(52, fixedYear.Points);
        Assert.StartsWith("Not calibrated: only 10 past forecasts with a known outcome", fixedYear.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void FromPastLevels_Censored_KaplanMeierHandWorked()
    {
        // Thresholds 0.2, 0.5, 0.9 known; 0.3 and 0.6 only as lower bounds (not done yet). Kaplan–Meier over n = 5:
        // at 0.2 five at risk → G = 1/5; at 0.5 three at risk (0.2 and the bound 0.3 gone) → S = 4/5 ⋅ 2/3, G = 7/15;
        // at 0.9 one at risk → G = 1. Levels: p (n + 1) / n = 0.36 → 0.5, 0.6 → 0.9, 0.12 → 0.2.
        var options = new CalibrationOptions { MinPoints = 3 };
        var c = ForecastCalibration.FromPastLevels(BacktestQuestion.When, 10, [10, 30, 50], [0.9, 0.2, 0.5], options, [0.6, 0.3]);

        Assert.True(c.Applied);
        Assert.Equal(5, c.Points);
        Assert.Equal([20.0001, 50.0001, 90.0001], c.RawLevels.Select(l => Math.Round(l, 6)));
        Assert.Equal(1.0 / 5, c.Levels[1].RawHitRate!.Value, 12); // raw P30: only the 0.2 below it
        Assert.Equal(7.0 / 15, c.Probability(0.6), 12);
        Assert.Equal(7.0 / 15, c.Probability(0.9), 12);
        Assert.Equal(1.0, c.Probability(0.95), 12);
        Assert.Equal([0.3, 0.6], c.CensoredLevels);

        // Without the censored ones (the old rule) the same three thresholds give the empirical shares 1/3, 2/3, 1.
        var uncensored = ForecastCalibration.FromPastLevels(BacktestQuestion.When, 10, [10, 30, 50], [0.9, 0.2, 0.5], options);
        Assert.Equal(2.0 / 3, uncensored.Probability(0.6), 12);
    }

    [Fact]
    public void ForWhen_RecentStall_CountsTheUnfinishedPastForecastsAsMisses()
    {
        // One completion a day for three years, then nothing for the last 60 days. Every past "next 10" forecast before
        // the stall was exact (threshold 0); those whose 10 items were not done before today are censored. Left out,
        // the raw P85 would seem to hold 100% and calibration would narrow it; counted, it held only the share of
        // known outcomes (ties at 0: events first), and P85 cannot reach 85% in the raw model.
        var done = Enumerable.Range(0, 1095).Select(Start.AddDays).ToList();
        var today = Start.AddDays(1155);
        var options = new CalibrationOptions { PrequentialChoice = false };
        var c = SelfCalibration.ForWhen(CompletionHistory.FromDates(done), today, 10, new SamplingOptions(), new ForecastOptions(), options);

        Assert.True(c.Applied);
        var known = c.PastLevels.Count;
        var censored = c.CensoredLevels!.Count;
        Assert.Equal(c.Points, known + censored);
        // As-of dates today − 7w: the 10 after it were done before the stall (day 1095) iff today − 7w + 10 ≤ 1094.
        var expectedKnown = Enumerable.Range(1, 52).Count(w => 1155 - (7 * w) + 10 <= 1094);
        Assert.Equal(expectedKnown, known);
        Assert.All(c.PastLevels, v => Assert.Equal(0, v));
        // Bounds of 0 (as-of dates so recent that the forecast could not have finished yet) tell nothing and drop out.
        var informative = c.CensoredLevels.Count(v => v > 0);
        Assert.True(informative > 0);
        Assert.Equal((double)known / (known + informative), c.Levels[2].RawHitRate!.Value, 12);
        Assert.True(c.Levels[2].RawHitRate < 0.85);
        Assert.True(c.Levels[2].RawLevel > 85);
    }

    [Fact]
    public void Calibrate_Shrinkage_ReportsTheConformalLevelsShrunkByTheBestPrequentialWeight()
    {
        // Drifting throughput (AR(1) log-rate), four years in: the chosen weight w has the lowest prequential pinball loss
        // of the five, and every reported level is p + w (conformal level − p) of the unshrunk calibration.
        var data = ForecastMeasurement.Autocorrelated();
        var today = new DateOnly(2022, 1, 4);
        var sampling = new SamplingOptions();
        var forecast = new ForecastOptions();
        foreach (var (question, size) in new[] { (BacktestQuestion.HowMany, 14), (BacktestQuestion.When, 20) })
        {
            ForecastCalibration Run(CalibrationOptions o) => question == BacktestQuestion.HowMany
                ? SelfCalibration.ForHowMany(data.History, today, size, sampling, forecast, o)
                : SelfCalibration.ForWhen(data.History, today, size, sampling, forecast, o);
            var conformal = Run(new CalibrationOptions { PrequentialChoice = false });
            var shrunk = Run(new CalibrationOptions());

            Assert.True(conformal.Applied);
            Assert.Null(conformal.Comparison);
            var c = Assert.IsType<PrequentialComparison>(shrunk.Comparison);
            Assert.True(c.Points >= 20);
            Assert.Contains(c.Weight, new[] { 0, 0.25, 0.5, 0.75, 1 });
            Assert.True(c.ShrunkLoss <= c.RawLoss + 1e-12 && c.ShrunkLoss <= c.CalibratedLoss + 1e-12);
            Assert.Equal(c.Weight > 0, shrunk.Applied);
            for (var i = 0; i < conformal.Levels.Count; i++)
            {
                var p = conformal.Levels[i].Percentile;
                Assert.Equal(p + (c.Weight * (conformal.Levels[i].RawLevel - p)), shrunk.Levels[i].RawLevel, 9);
            }
        }
    }
}
