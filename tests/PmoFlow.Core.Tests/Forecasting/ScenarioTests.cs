using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Tests.Forecasting;

public class ScenarioTests
{
    private static readonly DateOnly Today = new(2024, 3, 1);

    private static ThroughputSample Sample() => ThroughputSample.FromDailyCounts([0, 2, 1, 0, 3, 1, 0, 0, 2, 4, 1, 1], Today);

    [Fact]
    public void Compare_PlainScenarios_StayExactAndScopePlus20MatchesDirectForecast()
    {
        // 50 items × 1.2 = 60 items: the scenario must equal a direct exact forecast of 60.
        var results = WhatIf.Compare(Sample(), WhenRequest.Items(50), [new Scenario("scope+20%") { ScopeFactor = 1.2 }]);

        Assert.Equal(["baseline", "scope+20%"], results.Select(r => r.Name));
        Assert.All(results, r => Assert.Equal(ForecastEngine.Exact, r.Forecast.Inputs.Engine));
        var direct = Forecaster.When(Sample(), WhenRequest.Items(60));
        Assert.Equal(direct.Overall!.Percentiles, results[1].Forecast.Overall!.Percentiles);
        Assert.True(results[1].Forecast.Overall!.Percentiles[2].Date > results[0].Forecast.Overall!.Percentiles[2].Date);
    }

    [Fact]
    public void Compare_AnyScenarioNeedsMonteCarlo_AllRunMonteCarloWithSameSeed()
    {
        var options = new ForecastOptions { Trials = 20_000, Seed = 99 };
        var results = WhatIf.Compare(Sample(), WhenRequest.Items(40),
        [
            Scenario.TeamChange("lose one of five", 5, -1),
            new Scenario("plus 10") { ScopeAdd = 10 },
        ], options);

        Assert.All(results, r => Assert.Equal(ForecastEngine.MonteCarlo, r.Forecast.Inputs.Engine));
        Assert.All(results, r => Assert.Equal(99UL, r.Forecast.Inputs.Seed));
        Assert.Equal(0.8, results[1].Forecast.Inputs.ThroughputFactor, 12);
        Assert.True(results[1].Forecast.Overall!.Percentiles[2].Date > results[0].Forecast.Overall!.Percentiles[2].Date);
        Assert.True(results[2].Forecast.Overall!.Percentiles[2].Date > results[0].Forecast.Overall!.Percentiles[2].Date);

        // Same seed: running the baseline again alone under Monte Carlo gives the identical column.
        var again = Forecaster.When(Sample(), WhenRequest.Items(40), options with { Engine = ForecastEngine.MonteCarlo });
        Assert.Equal(again.Overall!.Distribution, results[0].Forecast.Overall!.Distribution);
    }

    [Fact]
    public void Compare_FeatureOrderAndWipLimit_Applied()
    {
        var baseline = new WhenRequest
        {
            Features = [FeatureSpec.Exactly("A", 10), FeatureSpec.Exactly("B", 10), FeatureSpec.Exactly("C", 10)],
            WipLimit = 3,
        };
        var results = WhatIf.Compare(Sample(), baseline,
        [
            new Scenario("C first") { FeatureOrder = ["C", "A", "B"] },
            new Scenario("one at a time") { WipLimit = 1 },
        ], new ForecastOptions { Trials = 10_000 });

        var cFirst = results[1].Forecast.Features;
        Assert.Equal(["C", "A", "B"], cFirst.Select(f => f.Name));
        Assert.True(cFirst[0].Result.Percentiles[2].Date < results[0].Forecast.Features[2].Result.Percentiles[2].Date);
        Assert.Equal(1, results[2].Forecast.WipLimit);
        Assert.True(results[2].Forecast.Features[0].Result.Percentiles[2].Date < results[0].Forecast.Features[0].Result.Percentiles[2].Date);
    }

    [Fact]
    public void Apply_BadFeatureOrderOrReservedName_Throws()
    {
        var baseline = new WhenRequest { Features = [FeatureSpec.Exactly("A", 1), FeatureSpec.Exactly("B", 1)] };

        Assert.Throws<ArgumentException>(() => new Scenario("x") { FeatureOrder = ["A"] }.Apply(baseline, new ForecastOptions()));
        Assert.Throws<ArgumentException>(() => WhatIf.Compare(Sample(), baseline, [new Scenario("baseline")]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scenario.TeamChange("gone", 2, -2));
    }

    [Fact]
    public void Apply_NegativeScopeAdd_NeverBelowZero()
    {
        var (request, _) = new Scenario("cut") { ScopeAdd = -100 }.Apply(WhenRequest.Items(5), new ForecastOptions());

        Assert.Equal(0, request.Features[0].ScopeLow);
    }
}
