using System.Text.Json;
using PmoFlow.Core.Value;

namespace PmoFlow.Core.Tests.Value;

public class PortfolioEvaluatorTests
{
    private static readonly DateOnly Jan1 = new(2024, 1, 1);

    private static DateOnly Jan(int day) => new(2024, 1, day);

    private static Portfolio Sample() => new()
    {
        Objectives = [new StrategicObjective("O1", "Growth", 3), new StrategicObjective("O2", "Cost", 1)],
        Initiatives =
        [
            new Initiative
            {
                Id = "INIT-A",
                Name = "Onboarding",
                StartDate = Jan1,
                Contributions = new Dictionary<string, double> { ["O1"] = 1.0 },
                Link = new InitiativeLink { ParentKeys = ["EPIC-1"] },
                CostOfDelayPerWeek = 3_000,
                JobDurationWeeks = 3,
                Financials = new InitiativeFinancials { CashFlows = [-1_000, 600, 600], DiscountRate = 0.10 },
                Kpis =
                [
                    new Kpi
                    {
                        Name = "Activation", Baseline = 100, Target = 200, BaselineDate = Jan1, TargetDate = Jan1.AddDays(100),
                        Readings = [new(Jan1.AddDays(10), 112), new(Jan1.AddDays(20), 122), new(Jan1.AddDays(30), 132)],
                    },
                ],
            },
            new Initiative
            {
                Id = "INIT-B",
                Contributions = new Dictionary<string, double> { ["O2"] = 1.0 },
                Link = new InitiativeLink { Labels = ["mobile"] },
                BusinessValue = 90,
                CostOfDelayPerWeek = 2_000,
                JobDurationWeeks = 1,
            },
            new Initiative
            {
                Id = "INIT-C",
                Link = new InitiativeLink { KeyPrefixes = ["OPS-"] },
            },
        ],
    };

    private static ValueItem[] Items() =>
    [
        new("S-1", ParentKey: "EPIC-1", BusinessValue: 5, Created: Jan(2), ValueReached: Jan(10), Completed: Jan(10)),
        new("S-2", ParentKey: "epic-1", Created: Jan(3), ValueReached: Jan(20), Completed: Jan(20)),
        new("M-1", Labels: ["mobile"], Completed: Jan(5)),
        new("M-2", Labels: ["Mobile"], Completed: Jan(6)),
        new("M-3", Labels: ["mobile"]),
        new("X-1"),
    ];

    private static PortfolioResult Evaluate() =>
        PortfolioEvaluator.Evaluate(Sample(), Items(), new Dictionary<string, DateOnly?> { ["INIT-A"] = new DateOnly(2024, 3, 1), ["ZZZ"] = null });

    [Fact]
    public void Evaluate_SamplePortfolio_RanksByWsjfWithUnrankedLast()
    {
        // WSJF: B = 2,000 / 1 = 2,000; A = 3,000 / 3 = 1,000; C has no cost of delay.
        var r = Evaluate();

        Assert.Equal(["INIT-B", "INIT-A", "INIT-C"], r.Ranking.Select(x => x.InitiativeId));
        Assert.Equal([1, 2, (int?)null], r.Ranking.Select(x => x.Rank));
    }

    [Fact]
    public void Evaluate_SamplePortfolio_ComputesInitiativeFigures()
    {
        var a = Evaluate().Ranking.Single(x => x.InitiativeId == "INIT-A");

        // NPV: −1,000 + 600/1.1 + 600/1.21 = −1,000 + 545.454545 + 495.867769 = 41.322314.
        Assert.Equal(41.322314, a.Npv!.Value, 6);
        Assert.Null(a.Ecv);
        Assert.Null(a.Arr);
        // Weights 3/1 → 0.75 × 1.0.
        Assert.Equal(0.75, a.Alignment!.Value, 12);
        Assert.Equal("O1", a.PrimaryObjectiveId);
        // S-1 carries 5; S-2 carries nothing (left out, warned).
        Assert.Equal(5m, a.ValueDelivered);
        Assert.Equal(2, a.CompletedItems);
        // From 01-01: first value 01-10 → 10 days inclusive, last 01-20 → 20 days.
        Assert.Equal((10, 20), (a.TimeToFirstValueDays!.Value, a.TimeToLastValueDays!.Value));
        Assert.Equal(new DateOnly(2024, 3, 1), a.ForecastDate);
        Assert.Equal(KpiStatus.OnTrack, a.KpiStatus);
    }

    [Fact]
    public void Evaluate_InitiativeLevelValue_IsSharedAmongLinkedItems()
    {
        // 90 shared by M-1, M-2, M-3 = 30 each; M-1 and M-2 completed → 60.
        var b = Evaluate().Ranking.Single(x => x.InitiativeId == "INIT-B");

        Assert.Equal(60m, b.ValueDelivered);
        Assert.Equal(3, b.LinkedItems);
        Assert.Null(b.KpiStatus);
    }

    [Fact]
    public void Evaluate_ValueWindow_CountsOnlyCompletionsInside()
    {
        var b = PortfolioEvaluator.Evaluate(Sample(), Items(), options: new ValueOptions { From = Jan(6), To = Jan(31) })
            .Ranking.Single(x => x.InitiativeId == "INIT-B");

        Assert.Equal(30m, b.ValueDelivered);
    }

    [Fact]
    public void Evaluate_SamplePortfolio_WarnsInsteadOfSilentZeros()
    {
        var w = Evaluate().Warnings;

        Assert.Contains(w, d => d is { InitiativeId: "INIT-C", Field: "link" } && d.Message.Contains("no work items", StringComparison.Ordinal));
        Assert.Contains(w, d => d is { InitiativeId: "INIT-C", Field: "cost_of_delay_per_week" });
        Assert.Contains(w, d => d is { InitiativeId: "INIT-A", Field: "business_value" });
        Assert.Contains(w, d => d is { InitiativeId: "INIT-B", Field: "start_date" });
        Assert.Contains(w, d => d is { InitiativeId: "ZZZ", Field: "forecast_date" });
        var c = Evaluate().Ranking.Single(x => x.InitiativeId == "INIT-C");
        Assert.Null(c.ValueDelivered);
        Assert.Null(c.TimeToFirstValueDays);
    }

    [Fact]
    public void Evaluate_InvalidInput_ThrowsNamingInitiativeAndField()
    {
        var p = Sample() with
        {
            Initiatives = [Sample().Initiatives[0] with { Financials = new InitiativeFinancials { CashFlows = [-1, 2] } }],
        };

        var ex = Assert.Throws<ValueInputException>(() => PortfolioEvaluator.Evaluate(p, Items()));

        var e = Assert.Single(ex.Errors);
        Assert.Equal(("INIT-A", "financials.discount_rate"), (e.InitiativeId, e.Field));
    }

    [Fact]
    public void Evaluate_EmptyPortfolio_IsEmpty()
    {
        var r = PortfolioEvaluator.Evaluate(new Portfolio(), []);

        Assert.Empty(r.Ranking);
        Assert.Empty(r.Kpis);
    }

    [Fact]
    public void Ranking_Table_HasTheDocumentedColumnsAndFormats()
    {
        var t = PortfolioTables.Ranking(Evaluate());

        Assert.Equal(
            "rank,initiative,objective,wsjf,cost_of_delay_per_week,npv,ecv,arr,alignment,value_delivered,forecast_date,kpi_status,time_to_first_value_days,time_to_last_value_days",
            string.Join(',', t.Columns));
        Assert.Equal(
            "2|INIT-A|O1|1000.00|3000.00|41.32|||0.7500|5|2024-03-01|on_track|10|20",
            string.Join('|', t.Rows[1]));
        // C contributes to no objective: alignment is a real 0, every other figure is absent.
        Assert.Equal("|INIT-C|||||||0.0000|||||", string.Join('|', t.Rows[2]));
    }

    [Fact]
    public void KpiStatuses_Table_HasTheDocumentedColumnsAndFormats()
    {
        var t = PortfolioTables.KpiStatuses(Evaluate());

        Assert.Equal(
            "initiative,kpi,baseline,target,target_date,latest_date,latest_value,projected_at_target_date,attainment,status",
            string.Join(',', t.Columns));
        // Worked in KpiTrendTests: projected 202, attainment 1.02.
        Assert.Equal("INIT-A|Activation|100|200|2024-04-10|2024-01-31|132|202|1.0200|on_track", string.Join('|', Assert.Single(t.Rows)));
    }

    [Fact]
    public void Result_SerializesCleanlyWithSystemTextJson()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        var result = Evaluate();

        var json = JsonSerializer.Serialize(result, options);
        using var doc = JsonDocument.Parse(json);
        var a = doc.RootElement.GetProperty("ranking")[1];

        Assert.Equal("INIT-A", a.GetProperty("initiative_id").GetString());
        Assert.Equal("on_track", a.GetProperty("kpi_status").GetString());
        Assert.Equal("2024-03-01", a.GetProperty("forecast_date").GetString());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("ecv").ValueKind);
        Assert.Equal("warning", doc.RootElement.GetProperty("warnings")[0].GetProperty("severity").GetString());
        var back = JsonSerializer.Deserialize<PortfolioResult>(json, options)!;
        Assert.Equal(result.Ranking, back.Ranking);
        Assert.Equal(result.Kpis, back.Kpis);
    }
}
