using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Tests.Forecasting;

/// <summary>A backtest's as-of point uses only what was known then: the proof is to cut the history there and forecast live.</summary>
public class BacktestHonestyTests
{
    [Fact]
    public void Backtest_Ofbiz_EachAsOfForecastEqualsTheLiveForecastFromTheHistoryCutThere()
    {
        var events = ApacheHistory.Events("OFBIZ");
        var full = ApacheHistory.History(events);
        var sampling = new SamplingOptions();
        var forecast = new ForecastOptions { Model = ForecastModel.Weekly, Trials = 2_000 };
        var calibration = new CalibrationOptions { Trials = 2_000 };
        var result = Backtester.Run(full, new BacktestOptions
        {
            From = new DateOnly(2019, 1, 1), To = new DateOnly(2021, 6, 30), StepDays = 91, HowManyDays = 14, WhenItems = 20,
            Sampling = sampling, Forecast = forecast, Calibration = calibration,
        });

        Assert.Equal(22, result.Points.Count); // 11 as-of dates 91 days apart (2019-01-01 … 2021-06-30) × 2 questions
        // Calibrated where it beat the raw model prequentially, raw elsewhere: both kinds occur, and each equals the live answer.
        Assert.Contains(result.Points, p => p.Calibrated);
        Assert.Contains(result.Points, p => !p.Calibrated);
        var leaksWithFinalDates = 0;
        foreach (var point in result.Points)
        {
            // Everything recorded before the as-of day began (UTC): events from the as-of day on are gone.
            var cut = new DateTimeOffset(point.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var truncated = ApacheHistory.History(events, cut);
            var sample = ThroughputSampler.Sample(truncated.Final, point.AsOf, sampling);
            if (!ThroughputSampler.Sample(full.Final, point.AsOf, sampling).DailyCounts.SequenceEqual(sample.DailyCounts))
            {
                leaksWithFinalDates++;
            }

            if (point.Question == BacktestQuestion.HowMany)
            {
                var (f, c) = SelfCalibration.HowMany(truncated, sample, point.AsOf.AddDays(14), sampling, forecast, calibration);
                Assert.Equal(point.Calibrated, c.Applied);
                Assert.Equal(point.Outcomes.Select(o => o.RawLevel!.Value), c.RawLevels);
                Assert.Equal(point.Outcomes.Select(o => o.ForecastItems), f.Percentiles.Select(p => (long?)p.Items));
                Assert.Equal(
                    point.RawOutcomes!.Select(o => o.ForecastItems),
                    Forecaster.HowMany(sample, point.AsOf.AddDays(14), forecast).Percentiles.Select(p => (long?)p.Items));
            }
            else
            {
                var (f, c) = SelfCalibration.When(truncated, sample, WhenRequest.Items(20), sampling, forecast, calibration);
                Assert.Equal(point.Calibrated, c.Applied);
                Assert.Equal(point.Outcomes.Select(o => o.RawLevel!.Value), c.RawLevels);
                Assert.Equal(point.Outcomes.Select(o => o.ForecastDate), f.Overall!.Percentiles.Select(p => p.Date));
                Assert.Equal(
                    point.RawOutcomes!.Select(o => o.ForecastDate),
                    Forecaster.When(sample, WhenRequest.Items(20), forecast).Overall!.Percentiles.Select(p => p.Date));
            }
        }

        // The final Done dates (items reopened after the as-of date dropped, their later Done moved) would have leaked
        // the future into some of these samples: the cut history is what tells them apart.
        Assert.True(leaksWithFinalDates > 0);
    }

    [Fact]
    public void KnownAt_ReopenedItem_CountsOnlyWhileDone()
    {
        var d = new DateOnly(2024, 1, 1);
        // Done on day 3, reopened on day 10, done again on day 12.
        var h = CompletionHistory.FromSpells([new CompletionSpell(d.AddDays(3), d.AddDays(10)), new CompletionSpell(d.AddDays(12), null)]);
        Assert.Empty(h.KnownAt(d.AddDays(3)));
        Assert.Equal([d.AddDays(3)], h.KnownAt(d.AddDays(4)));
        Assert.Equal([d.AddDays(3)], h.KnownAt(d.AddDays(10))); // the reopen happens during day 10: not known at its start
        Assert.Empty(h.KnownAt(d.AddDays(11)));
        Assert.Empty(h.KnownAt(d.AddDays(12)));
        Assert.Equal([d.AddDays(12)], h.KnownAt(d.AddDays(13)));
        Assert.Equal([d.AddDays(12)], h.Final);
        Assert.Throws<ArgumentException>(() => CompletionHistory.FromSpells([new CompletionSpell(d.AddDays(3), d.AddDays(1))]));
    }
}
