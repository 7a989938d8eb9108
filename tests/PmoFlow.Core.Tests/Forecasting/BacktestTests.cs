using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Tests.Forecasting;

public class BacktestTests
{
    private static readonly DateOnly Start = new(2024, 1, 1);

    // One completion every day from 2024-01-01 to 2024-04-30 (121 days).
    private static readonly List<DateOnly> OnePerDay = [.. Enumerable.Range(0, 121).Select(Start.AddDays)];

    [Fact]
    public void Run_ConstantThroughput_EveryForecastExactAndHit()
    {
        // As of A, the 30-day window (all inside the history) says 1/day with certainty: 7 items in (A, A+7] and the 5th next item on A+5 — exactly
        // what happened, so every percentile hits with error 0.
        var r = Backtester.Run(OnePerDay, new BacktestOptions
        {
            From = new DateOnly(2024, 2, 1), To = new DateOnly(2024, 2, 29), StepDays = 7, HowManyDays = 7, WhenItems = 5,
            Sampling = new SamplingOptions { Window = ThroughputWindow.LastDays(30) },
        });

        Assert.Equal(10, r.Points.Count); // 5 as-of dates × 2 questions
        Assert.All(r.Points.Where(p => p.Question == BacktestQuestion.HowMany), p => Assert.Equal(7, p.ActualItems));
        Assert.All(r.Points.Where(p => p.Question == BacktestQuestion.When), p => Assert.Equal(p.AsOf.AddDays(5), p.ActualDate));
        Assert.All(r.Summary, s => Assert.Equal(1.0, s.HitRate));
        Assert.All(r.Summary, s => Assert.Equal(0.0, s.MeanAbsoluteError));
    }

    [Fact]
    public void Run_UsesOnlyDataKnownThen()
    {
        // Throughput doubles from 2024-03-01 (two per day). As of 2024-03-01 the 30-day window still sees 1/day, so
        // the forecast of the next 7 days is 7 while 14 happened: a miss by 7 items that only hindsight could avoid.
        var done = OnePerDay.Concat(OnePerDay.Where(d => d >= new DateOnly(2024, 3, 1))).ToList();

        var r = Backtester.Run(done, new BacktestOptions
        {
            From = new DateOnly(2024, 3, 1), To = new DateOnly(2024, 3, 1), HowManyDays = 7, WhenItems = null,
            Sampling = new SamplingOptions { Window = ThroughputWindow.LastDays(30) },
        });

        var point = Assert.Single(r.Points);
        Assert.Equal(14, point.ActualItems);
        Assert.All(point.Outcomes, o => Assert.Equal(7, o.ForecastItems));
        Assert.All(point.Outcomes, o => Assert.Equal(7, o.Error));
    }

    [Fact]
    public void Run_OutcomeBeyondDataOrNoHistory_Skipped()
    {
        var r = Backtester.Run(OnePerDay, new BacktestOptions
        {
            From = Start, To = new DateOnly(2024, 4, 28), StepDays = 118, HowManyDays = 7, WhenItems = 5,
        });

        // As of 01-01 nothing is known yet (cannot forecast); as of 04-28 the outcome runs past the data's end 04-30.
        Assert.Empty(r.Points);
        Assert.Equal(4, r.Skipped.Count);
        Assert.Contains(r.Skipped, s => s.Reason.Contains("no completed item", StringComparison.Ordinal));
        Assert.Contains(r.Skipped, s => s.Reason.StartsWith("Outcome unknown", StringComparison.Ordinal));
        Assert.Empty(r.Summary);
    }

    [Fact]
    public void Run_EmptyHistory_AllSkipped()
    {
        var r = Backtester.Run([], new BacktestOptions { From = Start, To = Start.AddDays(14) });

        Assert.Empty(r.Points);
        Assert.NotEmpty(r.Skipped);
    }
}
