using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Tests.Forecasting;

public class ForecastModelTests
{
    private static readonly DateOnly Today = new(2024, 1, 1);

    [Theory]
    [InlineData("daily", "daily")]
    [InlineData("WEEKLY", "weekly")]
    [InlineData("block:14", "block:14")]
    [InlineData(" rate-mix ", "rate-mix")]
    public void Parse_KnownNames_RoundTrip(string text, string name) => Assert.Equal(name, ForecastModel.Parse(text).Name);

    [Theory]
    [InlineData("hourly")]
    [InlineData("block:0")]
    [InlineData("block:x")]
    [InlineData("block:-3")]
    public void Parse_Unknown_SaysWhatIsValid(string text)
    {
        var e = Assert.Throws<FormatException>(() => ForecastModel.Parse(text));
        Assert.Contains("daily, weekly, block:N", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weekly_BlockLengthIsTheCalendarsWorkingWeek()
    {
        Assert.Equal(7, ForecastModel.Weekly.BlockLength(WorkingCalendar.EveryDay));
        var monFri = new WorkingCalendar([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], []);
        Assert.Equal(5, ForecastModel.Weekly.BlockLength(monFri));
        Assert.Equal(1, ForecastModel.Daily.BlockLength(monFri));
        Assert.Equal(9, ForecastModel.Block(9).BlockLength(monFri));
    }

    [Fact]
    public void Block_WholeWindowBlocks_HowManyOverTheWindowLengthIsCertain()
    {
        // Sample 3,0,0,0 and blocks of 4: any 4 consecutive (circular) days hold exactly 3 items, so "how many in 4
        // days" is 3 with certainty; the daily bootstrap instead gives P(0) = (3/4)^4 = 0.3164.
        var sample = ThroughputSample.FromDailyCounts([3, 0, 0, 0], Today);
        var block = Forecaster.HowMany(sample, Today.AddDays(4), new ForecastOptions { Model = ForecastModel.Block(4), Trials = 20_000 });
        Assert.Equal("block:4", block.Inputs.Model);
        Assert.Equal(ForecastEngine.MonteCarlo, block.Inputs.Engine);
        var only = Assert.Single(block.Distribution);
        Assert.Equal(3, only.Items);

        var daily = Forecaster.HowMany(sample, Today.AddDays(4));
        Assert.Equal(Math.Pow(0.75, 4), daily.Distribution[0].Probability, 12);
    }

    [Fact]
    public void Block_WhenThreeItems_FinishDayUniformOverTheBlock()
    {
        // Blocks of 4 from 3,0,0,0 are its rotations, each equally likely: the 3 items arrive on day 1, 2, 3 or 4 with
        // probability 1/4 each. 200,000 trials: each cumulative share within 5 binomial standard errors of 1/4, 1/2, 3/4.
        const int trials = 200_000;
        var sample = ThroughputSample.FromDailyCounts([3, 0, 0, 0], Today);
        var f = Forecaster.When(sample, WhenRequest.Items(3), new ForecastOptions { Model = ForecastModel.Block(4), Trials = trials, Percentiles = [40, 60, 80, 95] });
        var cum = f.Overall!.Distribution.ToDictionary(p => p.WorkingDay, p => p.Cumulative);
        Assert.Equal(4, cum.Count);
        for (var k = 1; k <= 3; k++)
        {
            var expected = k / 4.0;
            Assert.InRange(cum[k], expected - 5 * Math.Sqrt(expected * (1 - expected) / trials), expected + 5 * Math.Sqrt(expected * (1 - expected) / trials));
        }

        Assert.Equal(1.0, cum[4]);
        Assert.Equal([2, 3, 4, 4], f.Overall.Percentiles.Select(p => p.WorkingDays!.Value));
    }

    [Fact]
    public void Models_SameSeed_SameAnswerOnOneAndTwoThreads()
    {
        var sample = ThroughputSample.FromDailyCounts([.. Enumerable.Range(0, 90).Select(i => (i * 7) % 5)], Today);
        foreach (var model in ForecastModel.All.Skip(1))
        {
            var one = Forecaster.When(sample, WhenRequest.Items(60), new ForecastOptions { Model = model, MaxDegreeOfParallelism = 1 });
            var two = Forecaster.When(sample, WhenRequest.Items(60), new ForecastOptions { Model = model, MaxDegreeOfParallelism = 2 });
            Assert.Equal(one.Overall!.Distribution, two.Overall!.Distribution);
        }
    }

    [Fact]
    public void RelativeRateVariance_HandWorked()
    {
        // Weeks of 2 days: (1,1), (3,3): week means 1 and 3, μ = 2, sample variance of the means 2, no within-week
        // variance: Var(λ)/μ² = 2/4 = 0.5. (0,2), (2,0): equal week means, so all variation is within weeks: 0.
        Assert.Equal(0.5, ForecastModel.RelativeRateVariance([1, 1, 3, 3], 2), 12);
        Assert.Equal(0.0, ForecastModel.RelativeRateVariance([0, 2, 2, 0], 2));
        // Within-week variance is discounted: (0,2),(4,6): means 1, 5; between 8; within (2 + 2)/2 = 2, /L = 1 → 7/9.
        Assert.Equal(7.0 / 9, ForecastModel.RelativeRateVariance([0, 2, 4, 6], 2), 12);
        // A leading partial week is ignored; a single week gives 0.
        Assert.Equal(0.5, ForecastModel.RelativeRateVariance([9, 1, 1, 3, 3], 2), 12);
        Assert.Equal(0.0, ForecastModel.RelativeRateVariance([1, 3], 2));
    }

    [Fact]
    public void RateMix_HowMany_MeanAndSpreadMatchTheGammaMixtureMoments()
    {
        // Weeks of 7 days alternating all-1 and all-3 (8 weeks): μ = 2, Var(week means) = 8/7 ⋅ 1 → c = (8/7)/4 = 2/7.
        // Over 70 days the bootstrap sum S has mean 140 and variance 70 ⋅ Var(day) = 70; the mixture delivers
        // floor(m S) with E m = 1, Var m = c: mean ≈ 140 − 0.5, variance ≈ c ⋅ 140² + 70 (1 + c) = 5690.
        int[] counts = [.. Enumerable.Range(0, 56).Select(i => (i / 7) % 2 == 0 ? 1 : 3)];
        var c = ForecastModel.RelativeRateVariance(counts, 7);
        Assert.Equal(2.0 / 7, c, 12);
        var sample = ThroughputSample.FromDailyCounts(counts, Today);
        var f = Forecaster.HowMany(sample, Today.AddDays(70), new ForecastOptions { Model = ForecastModel.RateMix, Trials = 200_000 });
        var mean = f.Distribution.Sum(p => p.Items * p.Probability);
        var variance = f.Distribution.Sum(p => (p.Items - mean) * (p.Items - mean) * p.Probability);
        var expectedVariance = c * 140 * 140 + 70 * (1 + c);
        Assert.InRange(mean, 139.5 - 1, 139.5 + 1);
        Assert.InRange(variance, expectedVariance * 0.95, expectedVariance * 1.05);

        // The exact daily answer: 70 + 2 Binomial(70, 1/2), variance 70 (a sample without zero days: the exact
        // engine once left earlier days' mass in its reused buffer here).
        var daily = Forecaster.HowMany(sample, Today.AddDays(70));
        Assert.Equal(1.0, daily.Distribution.Sum(p => p.Probability), 9);
        var dailyVariance = daily.Distribution.Sum(p => (p.Items - 140.0) * (p.Items - 140.0) * p.Probability);
        Assert.Equal(70, dailyVariance, 6);
    }

    [Fact]
    public void RateMix_NoBetweenWeekVariance_IsTheBootstrap()
    {
        // The same week 0,2,0,2,0,2,1 four times: no rate variance between weeks, so rate-mix draws exactly like the
        // daily model; the Monte Carlo mean of 20 days must be 20 ⋅ 1 within 5 standard errors.
        int[] week = [0, 2, 0, 2, 0, 2, 1];
        int[] counts = [.. Enumerable.Range(0, 28).Select(i => week[i % 7])];
        Assert.Equal(0, ForecastModel.RelativeRateVariance(counts, 7), 12);
        var f = Forecaster.HowMany(ThroughputSample.FromDailyCounts(counts, Today), Today.AddDays(20), new ForecastOptions { Model = ForecastModel.RateMix, Trials = 100_000 });
        var mean = f.Distribution.Sum(p => p.Items * p.Probability);
        Assert.InRange(mean, 20 - 5 * Math.Sqrt(20.0 / 100_000), 20 + 5 * Math.Sqrt(20.0 / 100_000));
    }

    [Fact]
    public void NonDailyModel_SeveralFeaturesOrExactForced_Refused()
    {
        var sample = ThroughputSample.FromDailyCounts([1, 2, 3], Today);
        var request = new WhenRequest { Features = [FeatureSpec.Exactly("a", 3), FeatureSpec.Exactly("b", 3)] };
        var e = Assert.Throws<ArgumentException>(() => Forecaster.When(sample, request, new ForecastOptions { Model = ForecastModel.Weekly }));
        Assert.Contains("weekly model answers one backlog", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Forecaster.When(sample, WhenRequest.Items(3), new ForecastOptions { Model = ForecastModel.Weekly, Engine = ForecastEngine.Exact }));
        Assert.False(Forecaster.AllowsExact(WhenRequest.Items(3), new ForecastOptions { Model = ForecastModel.RateMix }));
    }
}
