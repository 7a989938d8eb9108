using FsCheck;
using FsCheck.Fluent;
using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Tests.Forecasting;

public class ForecastPropertyTests
{
    private static readonly DateOnly Today = new(2024, 3, 1);

    // Samples of 1..40 days with 0..6 items each and at least one completion.
    private static readonly Gen<int[]> Samples = Gen.Choose(1, 40)
        .SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 6), n))
        .Where(a => a.Any(x => x > 0));

    private static readonly Gen<double[]> Levels = Gen.ArrayOf(Gen.Choose(1, 100), 5).Select(a => a.Select(x => (double)x).ToArray());

    [Fact]
    public void When_ForecastDate_NonDecreasingWithConfidence()
    {
        var gen = Gen.Zip(Samples, Gen.Zip(Gen.Choose(0, 80), Levels));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var (counts, (items, levels)) = t;
            var f = Forecaster.When(ThroughputSample.FromDailyCounts(counts, Today), WhenRequest.Items(items),
                new ForecastOptions { Percentiles = levels, HorizonYears = 2 });
            var byLevel = f.Overall!.Percentiles.OrderBy(p => p.Percentile).ToList();
            return byLevel.Zip(byLevel.Skip(1)).All(x =>
                x.Second.Date is null || (x.First.Date is not null && x.First.Date <= x.Second.Date));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void HowMany_Count_NonIncreasingWithConfidence()
    {
        var gen = Gen.Zip(Samples, Gen.Zip(Gen.Choose(0, 60), Levels));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var (counts, (days, levels)) = t;
            var f = Forecaster.HowMany(ThroughputSample.FromDailyCounts(counts, Today), Today.AddDays(days),
                new ForecastOptions { Percentiles = levels });
            var byLevel = f.Percentiles.OrderBy(p => p.Percentile).ToList();
            return byLevel.Zip(byLevel.Skip(1)).All(x => x.First.Items >= x.Second.Items);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void When_MonteCarloFeatures_DatesNonDecreasingAndDistributionSumsToWithinHorizon()
    {
        var gen = Gen.Zip(Samples, Gen.Zip(Gen.Choose(1, 3), Gen.Choose(0, 30)));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var (counts, (wip, scope)) = t;
            var request = new WhenRequest
            {
                Features = [new FeatureSpec("A", scope, scope + 5), new FeatureSpec("B", 3, 8) { Risks = [new RiskSpec("r", 0.5, 1, 4)] }],
                WipLimit = wip,
            };
            var f = Forecaster.When(ThroughputSample.FromDailyCounts(counts, Today), request,
                new ForecastOptions { Trials = 300, HorizonYears = 1, Percentiles = [10, 50, 85, 99] });
            var dates = f.Overall!.Percentiles.Select(p => p.Date).ToList();
            var ordered = dates.Zip(dates.Skip(1)).All(x => x.Second is null || (x.First is not null && x.First <= x.Second));
            var total = f.Overall.Distribution.Sum(p => p.Probability);
            return ordered && Math.Abs(total - f.Overall.ProbabilityWithinHorizon) < 1e-9;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void When_DeadlineProbability_NonDecreasingInDeadline()
    {
        var gen = Gen.Zip(Samples, Gen.Zip(Gen.Choose(1, 50), Gen.Choose(0, 60)));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var (counts, (items, offset)) = t;
            var sample = ThroughputSample.FromDailyCounts(counts, Today);
            var early = Forecaster.When(sample, WhenRequest.Items(items, Today.AddDays(offset)));
            var late = Forecaster.When(sample, WhenRequest.Items(items, Today.AddDays(offset + 3)));
            return early.Overall!.DeadlineProbability <= late.Overall!.DeadlineProbability;
        }).QuickCheckThrowOnFailure();
    }
}
