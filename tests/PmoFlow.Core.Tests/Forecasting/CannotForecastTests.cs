using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Tests.Forecasting;

public class CannotForecastTests
{
    private static readonly DateOnly Today = new(2024, 3, 1);

    [Fact]
    public void When_NoCompletions_CannotForecastWithReason()
    {
        var sample = ThroughputSampler.Sample([], Today);

        var f = Forecaster.When(sample, WhenRequest.Items(10));

        Assert.Equal(ForecastStatus.CannotForecast, f.Status);
        Assert.Contains("no completed item", f.Reason, StringComparison.Ordinal);
        Assert.Null(f.Overall);
    }

    [Theory]
    [InlineData(ForecastEngine.Exact)]
    [InlineData(ForecastEngine.MonteCarlo)]
    public void When_AllZeroSamples_CannotForecast(ForecastEngine engine)
    {
        var sample = ThroughputSample.FromDailyCounts([0, 0, 0], Today);

        var f = Forecaster.When(sample, WhenRequest.Items(1), new ForecastOptions { Engine = engine });

        Assert.Equal(ForecastStatus.CannotForecast, f.Status);
        Assert.NotNull(f.Reason);
    }

    [Fact]
    public void HowMany_AllZeroSamples_CannotForecast()
    {
        var f = Forecaster.HowMany(ThroughputSample.FromDailyCounts([0, 0], Today), Today.AddDays(30));

        Assert.Equal(ForecastStatus.CannotForecast, f.Status);
        Assert.Empty(f.Percentiles);
    }

    [Theory]
    [InlineData(ForecastEngine.Exact)]
    [InlineData(ForecastEngine.MonteCarlo)]
    public void When_HorizonExceeded_CannotForecastWithFiguresAndNoCappedDate(ForecastEngine engine)
    {
        // One completion in 100 days: 0.01 items/day; 1000 items need ~100,000 days, far beyond one year (366 days).
        var counts = new int[100];
        counts[50] = 1;
        var sample = ThroughputSample.FromDailyCounts(counts, Today);

        var f = Forecaster.When(sample, WhenRequest.Items(1000), new ForecastOptions { Engine = engine, HorizonYears = 1, Trials = 2000 });

        Assert.Equal(ForecastStatus.CannotForecast, f.Status);
        Assert.Contains("horizon", f.Reason, StringComparison.Ordinal);
        Assert.Contains("0.01 items per working day", f.Reason, StringComparison.Ordinal);
        Assert.Contains("1000 items", f.Reason, StringComparison.Ordinal);
        Assert.All(f.Overall!.Percentiles, p => Assert.Null(p.Date));
        Assert.Equal(0, f.Overall.ProbabilityWithinHorizon);
    }

    [Fact]
    public void When_OnlyTopPercentileBeyondHorizon_LowerPercentilesKeepRealDates()
    {
        // Samples {0 ×9, 10}: P(at least one 10 in k days) = 1 − 0.9^k. Over a 1-year horizon (2024-03-01..2025-03-01: 365 working days)
        // 10 items are done by day k with probability 1 − 0.9^k, which passes 0.95 at k = 29 (1 − 0.9^29 = 0.953):
        // all percentiles fit. With 370 items (37 tens needed) the mean wait is 370 days (sd 58) > 365: P95 is out of reach.
        int[] counts = [0, 0, 0, 0, 0, 0, 0, 0, 0, 10];
        var sample = ThroughputSample.FromDailyCounts(counts, Today);
        var options = new ForecastOptions { HorizonYears = 1 };

        var fits = Forecaster.When(sample, WhenRequest.Items(10), options);
        var tooFar = Forecaster.When(sample, WhenRequest.Items(370), options);

        Assert.Equal(ForecastStatus.Ok, fits.Status);
        Assert.Equal(29, fits.Overall!.Percentiles.Single(p => p.Percentile == 95).WorkingDays);
        Assert.Equal(ForecastStatus.CannotForecast, tooFar.Status);
        Assert.Null(tooFar.Overall!.Percentiles.Single(p => p.Percentile == 95).Date);
    }
}
