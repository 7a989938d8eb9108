using PmoFlow.Core.Value;
using PmoFlow.Streams.Portfolio;

namespace PmoFlow.Ingestion.Tests.Portfolio;

public class PortfolioYamlLoaderTests
{
    private static PortfolioDocument Load(string yaml) => PortfolioYamlLoader.Load(new StringReader(yaml), "portfolio.yaml");

    private static ValueDiagnostic SingleError(string yaml)
    {
        var ex = Assert.Throws<PortfolioFileException>(() => Load(yaml));
        Assert.Equal("portfolio.yaml", ex.File);
        return Assert.Single(ex.Errors);
    }

    private const string Head = """
        objectives:
          - id: O1
            name: Growth
            weight: 1
        initiatives:
          - id: INIT-1
            link: { epics: [EPIC-1] }

        """;

    [Fact]
    public void Load_FullInitiative_ReadsEveryField()
    {
        var doc = Load("""
            settings:
              contribution_scale: 5
              arr_basis: average
              day_count: exclusive
              kpi_on_track: 0.95
              kpi_at_risk: 0.7
            objectives:
              - { id: O1, name: Growth, weight: 2 }
            initiatives:
              - id: INIT-1
                name: Onboarding
                start_date: 2024-01-08
                business_value: 1_000.5
                contributions: { O1: 4 }
                link:
                  epics: [EPIC-1, EPIC-2]
                  labels: onboarding
                  filter: { types: [Story], key_prefixes: [ONB-] }
                cost_of_delay_per_week: 12000
                job_duration_weeks: 6
                financials:
                  discount_rate: 0.08
                  cash_flows: [-100, 60, 60]
                  investment: 100
                  residual_value: 10
                  annual_accounting_profits: [5, 7]
                kpis:
                  - name: Churn
                    unit: "%"
                    direction: lower_is_better
                    baseline: 3
                    target: 2
                    baseline_date: 2024-01-01
                    target_date: 2024-06-30
                    readings:
                      - { date: 2024-02-01, value: 2.9 }
            """);

        var i = Assert.Single(doc.Portfolio.Initiatives);
        Assert.Equal(5, doc.Portfolio.ContributionScale);
        Assert.Equal(ArrBasis.AverageInvestment, doc.Options.ArrBasis);
        Assert.Equal(Core.Model.DayCount.Exclusive, doc.Options.DayCount);
        Assert.Equal((0.95, 0.7), (doc.Options.KpiRule.OnTrackAttainment, doc.Options.KpiRule.AtRiskAttainment));
        Assert.Equal(("Onboarding", new DateOnly(2024, 1, 8), 1000.5m), (i.Name, i.StartDate!.Value, i.BusinessValue!.Value));
        Assert.Equal(4, i.Contributions["o1"]);
        Assert.Equal(["EPIC-1", "EPIC-2"], i.Link.ParentKeys);
        Assert.Equal(["onboarding"], i.Link.Labels);
        Assert.Equal(["Story"], i.Link.ItemTypes);
        Assert.Equal(["ONB-"], i.Link.KeyPrefixes);
        Assert.Equal([-100.0, 60, 60], i.Financials!.CashFlows!);
        Assert.Equal((0.08, 100.0, 10.0), (i.Financials.DiscountRate!.Value, i.Financials.Investment!.Value, i.Financials.ResidualValue!.Value));
        var kpi = Assert.Single(i.Kpis);
        Assert.Equal((KpiDirection.LowerIsBetter, "%", 3.0, 2.0), (kpi.Direction, kpi.Unit, kpi.Baseline, kpi.Target));
        Assert.Equal(new KpiReading(new DateOnly(2024, 2, 1), 2.9), Assert.Single(kpi.Readings));
    }

    [Fact]
    public void Load_MissingDiscountRate_NamesInitiativeKeyAndTheFinancialsLine()
    {
        var e = SingleError(Head + """
                financials:
                  cash_flows: [-100, 60, 60]
            """);

        Assert.Equal(("INIT-1", "financials.discount_rate"), (e.InitiativeId, e.Field));
        Assert.Equal(8, e.Location!.Line); // the `financials:` key
        Assert.Contains("portfolio.yaml:8", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ProbabilityOutsideUnitInterval_PointsAtItsLine()
    {
        var e = SingleError(Head + """
                financials:
                  present_value_of_earnings: 10
                  probability_commercial_success: 1.4
                  commercialisation_cost: 1
                  probability_technical_success: 0.5
                  development_cost: 1
            """);

        Assert.Equal("financials.probability_commercial_success", e.Field);
        Assert.Equal(10, e.Location!.Line);
        Assert.Equal(7, e.Location.Column); // "      probability_commercial_success: 1.4"
    }

    [Fact]
    public void Load_EmptyCashFlow_IsAnErrorAtItsLine()
    {
        var e = SingleError(Head + """
                financials:
                  discount_rate: 0.1
                  cash_flows: []
            """);

        Assert.Equal(("financials.cash_flows", 10), (e.Field, e.Location!.Line));
    }

    [Fact]
    public void Load_CashFlowsKeyWithNothing_IsAnEmptyCashFlowNotAnAbsentOne()
    {
        var e = SingleError(Head + """
                financials:
                  discount_rate: 0.1
                  cash_flows:
            """);

        Assert.Equal("financials.cash_flows", e.Field);
    }

    [Fact]
    public void Load_ZeroInvestmentForArr_IsAnErrorAtItsLine()
    {
        var e = SingleError(Head + """
                financials:
                  annual_accounting_profits: [10, 20]
                  investment: 0
            """);

        Assert.Equal(("financials.investment", 10), (e.Field, e.Location!.Line));
    }

    [Fact]
    public void Load_MisspelledKey_IsAnUnknownKeyAtItsLine()
    {
        var e = SingleError(Head + """
                financials:
                  discount_rte: 0.1
            """);

        Assert.Equal(("financials.discount_rte", 9), (e.Field, e.Location!.Line));
        Assert.Contains("unknown key 'discount_rte'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotANumber_IsAnErrorAtItsLine()
    {
        var e = SingleError(Head + """
                cost_of_delay_per_week: lots
                job_duration_weeks: 2
            """);

        Assert.Equal(("cost_of_delay_per_week", 8), (e.Field, e.Location!.Line));
        Assert.Contains("'lots' is not a number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KpiWithBadDate_NamesTheKpi()
    {
        var e = SingleError(Head + """
                kpis:
                  - name: Churn
                    baseline: 3
                    target: 2
                    direction: lower_is_better
                    baseline_date: 2024-01-01
                    target_date: 31/12/2024
            """);

        Assert.Equal(("INIT-1", "Churn", "target_date", 14), (e.InitiativeId, e.Kpi, e.Field, e.Location!.Line));
    }

    [Fact]
    public void Load_KpiMissingTarget_IsAnErrorAtTheKpi()
    {
        var e = SingleError(Head + """
                kpis:
                  - name: Churn
                    baseline: 3
                    baseline_date: 2024-01-01
                    target_date: 2024-12-31
            """);

        Assert.Equal(("Churn", "target", 9), (e.Kpi, e.Field, e.Location!.Line));
    }

    [Fact]
    public void Load_BadIndentation_ReportsTheParsersLine()
    {
        var e = SingleError("objectives:\n  - id: O1\n    name: Growth\n   weight: 1\n");

        Assert.Equal(("yaml", 4), (e.Field, e.Location!.Line));
    }

    [Fact]
    public void Load_UnclosedFlowList_ReportsALineNotACrash()
    {
        var e = SingleError("objectives:\n  - id: O1\n    name: [unclosed\ninitiatives: []\n");

        Assert.Equal("yaml", e.Field);
        Assert.True(e.Location!.Line >= 3, e.ToString());
    }

    [Fact]
    public void Load_DuplicateKey_IsAnError()
    {
        var ex = Assert.Throws<PortfolioFileException>(() => Load(Head + "    job_duration_weeks: 1\n    job_duration_weeks: 2\n    cost_of_delay_per_week: 1\n"));

        Assert.Contains(ex.Errors, e => e.Location!.Line == 9);
    }

    [Fact]
    public void Load_SeveralErrors_ReportsThemAll()
    {
        var ex = Assert.Throws<PortfolioFileException>(() => Load(Head + """
                cost_of_delay_per_week: x
                financials:
                  probability_technical_success: maybe
                  colour: blue
            """));

        Assert.Equal([8, 10, 11], ex.Errors.Select(e => e.Location!.Line).Order());
    }

    [Fact]
    public void Load_InitiativeWithoutId_IsAnError()
    {
        var e = SingleError("initiatives:\n  - name: Nameless\n");

        Assert.Equal(("initiatives.id", 2), (e.Field, e.Location!.Line));
    }

    [Fact]
    public void Load_EmptyFile_IsAnError()
    {
        Assert.Contains("empty", SingleError("").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoLinkRule_IsAWarningNotAnError()
    {
        var doc = Load("initiatives:\n  - id: A\n");

        var w = Assert.Single(doc.Warnings);
        Assert.Equal(("A", "link", 2), (w.InitiativeId, w.Field, w.Location!.Line));
    }
}
