using System.Text.Json;
using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Tests.Forecasting;

public class ForecastOutputTests
{
    private static readonly DateOnly Today = new(2024, 3, 1);

    private static ThroughputSample ZeroOneTwo() => ThroughputSample.FromDailyCounts([0, 1, 2], Today);

    [Fact]
    public void WhenForecast_SerializesAndRoundTrips()
    {
        var f = Forecaster.When(ZeroOneTwo(), WhenRequest.Items(3, Today.AddDays(5)));

        var json = JsonSerializer.Serialize(f);
        var back = JsonSerializer.Deserialize<WhenForecast>(json)!;

        Assert.Contains("\"Status\":\"Ok\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Engine\":\"Exact\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Date\":\"2024-03-04\"", json, StringComparison.Ordinal);
        Assert.Equal(json, JsonSerializer.Serialize(back));
    }

    [Fact]
    public void CannotForecast_SerializesWithNullOverall()
    {
        var f = Forecaster.When(ThroughputSampler.Sample([], Today), WhenRequest.Items(3));

        var json = JsonSerializer.Serialize(f);

        Assert.Contains("\"Status\":\"CannotForecast\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Overall\":null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_RecordWindowSeedTrialsPercentilesAndSample()
    {
        var sample = ThroughputSampler.Sample([Today.AddDays(-1), Today.AddDays(-3)], Today,
            new SamplingOptions { Window = ThroughputWindow.LastDays(10) });

        var f = Forecaster.When(sample, WhenRequest.Items(5), new ForecastOptions { Engine = ForecastEngine.MonteCarlo, Trials = 1234, Seed = 5 });

        Assert.Equal(ThroughputWindowKind.LastDays, f.Inputs.Sample.Window.Kind);
        Assert.Equal(10, f.Inputs.Sample.WorkingDays);
        Assert.Equal(2, f.Inputs.Sample.Completions);
        Assert.Equal(8, f.Inputs.Sample.ZeroDays);
        Assert.Equal(0.2, f.Inputs.Sample.MeanPerDay, 12);
        Assert.Equal(5UL, f.Inputs.Seed);
        Assert.Equal(1234, f.Inputs.Trials);
        Assert.Equal([50.0, 70, 85, 95], f.Inputs.Percentiles);
        Assert.Equal(new DateOnly(2034, 3, 1), f.Inputs.HorizonEnd);
        Assert.Contains(f.Warnings, w => w.Code == ForecastWarningCode.FewCompletions);
    }

    [Fact]
    public void Tables_PercentilesAndDistribution_HaveColumnsAndIsoDates()
    {
        var f = Forecaster.When(ZeroOneTwo(), WhenRequest.Items(3));

        var table = ForecastTables.Percentiles(f);
        var dist = ForecastTables.Distribution(f.Overall!);

        Assert.Equal(["scope", "percentile", "date", "working_days", "calendar_days"], table.Columns);
        Assert.Equal(["all", "85", "2024-03-06", "5", "5"], table.Rows[2]);
        Assert.Equal(["2024-03-03", "2", "0.3333", "0.3333"], dist.Rows[0]);
        Assert.StartsWith("scope,percentile,date,working_days,calendar_days\nall,50,2024-03-04,3,3\n", table.ToCsv(), StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_HowManyScenariosBacktestInFlight_Shapes()
    {
        var hm = Forecaster.HowMany(ZeroOneTwo(), Today.AddDays(2));
        var scenarios = WhatIf.Compare(ZeroOneTwo(), WhenRequest.Items(3, Today.AddDays(6)), [new Scenario("double") { ScopeFactor = 2 }]);
        var km = KaplanMeier.Fit([2, 3, 3, 5, 8], [4, 6]);

        Assert.Equal(["50", "2"], ForecastTables.Percentiles(hm).Rows[0]);
        Assert.Equal(["items", "probability", "at_least"], ForecastTables.Distribution(hm).Columns);
        var st = ForecastTables.Scenarios(scenarios);
        Assert.Equal(["scenario", "status", "p50", "p70", "p85", "p95", "deadline_probability"], st.Columns);
        Assert.Equal(["baseline", "Ok", "2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07", "0.9616"], st.Rows[0]);
        var inflight = ForecastTables.InFlight([("K-1", km.Estimate(3, minObservedBeyond: 1)), ("K-2", km.Estimate(9, minObservedBeyond: 1))]);
        Assert.Equal(["item", "age", "within_7d", "within_14d", "within_30d"], inflight.Columns);
        Assert.Equal(["K-2", "9", "", "", ""], inflight.Rows[1]);
    }

    [Fact]
    public void ToCsv_QuotesCommasAndQuotes()
    {
        var t = new ForecastTable(["a", "b"], [["x,y", "say \"hi\""]]);

        Assert.Equal("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", t.ToCsv());
    }
}
