using PmoFlow.Core.Value;

namespace PmoFlow.Core.Tests.Value;

public class PortfolioValidatorTests
{
    private static readonly DateOnly D0 = new(2024, 1, 1);

    private static Portfolio With(Initiative initiative) => new()
    {
        Objectives = [new StrategicObjective("O1", "Growth", 1)],
        Initiatives = [initiative],
    };

    private static Initiative Valid => new()
    {
        Id = "INIT-1",
        Link = new InitiativeLink { ParentKeys = ["EPIC-1"] },
        CostOfDelayPerWeek = 100,
        JobDurationWeeks = 2,
    };

    private static ValueDiagnostic SingleError(Portfolio p, ValueOptions? options = null) =>
        Assert.Single(PortfolioValidator.Validate(p, options), d => d.Severity == ValueSeverity.Error);

    [Fact]
    public void Validate_ValidPortfolio_HasNoDiagnostics()
    {
        Assert.Empty(PortfolioValidator.Validate(With(Valid)));
    }

    [Fact]
    public void Validate_CashFlowsWithoutRate_NamesInitiativeAndDiscountRate()
    {
        var e = SingleError(With(Valid with { Financials = new InitiativeFinancials { CashFlows = [-100, 60, 60] } }));

        Assert.Equal("INIT-1", e.InitiativeId);
        Assert.Equal("financials.discount_rate", e.Field);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyCashFlows_IsAnError()
    {
        var e = SingleError(With(Valid with { Financials = new InitiativeFinancials { CashFlows = [], DiscountRate = 0.1 } }));

        Assert.Equal("financials.cash_flows", e.Field);
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.5, 0.5, "financials.probability_commercial_success")]
    [InlineData(0.5, -0.2, "financials.probability_technical_success")]
    public void Validate_ProbabilityOutsideUnitInterval_NamesTheField(double ps, double pt, string field)
    {
        var f = new InitiativeFinancials
        {
            PresentValueOfEarnings = 10, ProbabilityOfCommercialSuccess = ps, ProbabilityOfTechnicalSuccess = pt,
            CommercialisationCost = 1, DevelopmentCost = 1,
        };

        var e = SingleError(With(Valid with { Financials = f }));

        Assert.Equal(field, e.Field);
        Assert.Contains("[0, 1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PartialEcvInputs_NamesEachMissingInput()
    {
        var f = new InitiativeFinancials { PresentValueOfEarnings = 10, ProbabilityOfCommercialSuccess = 0.5, ProbabilityOfTechnicalSuccess = 0.5 };

        var errors = PortfolioValidator.Validate(With(Valid with { Financials = f }));

        Assert.Equal(["financials.commercialisation_cost", "financials.development_cost"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_ArrWithZeroInvestment_IsAnError()
    {
        var f = new InitiativeFinancials { AnnualAccountingProfits = [10, 20], Investment = 0 };

        var e = SingleError(With(Valid with { Financials = f }));

        Assert.Equal("financials.investment", e.Field);
        Assert.Contains("zero", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ArrAverageBasisWithoutResidual_IsAnError()
    {
        var f = new InitiativeFinancials { AnnualAccountingProfits = [10], Investment = 100 };

        var e = SingleError(With(Valid with { Financials = f }), new ValueOptions { ArrBasis = ArrBasis.AverageInvestment });

        Assert.Equal("financials.residual_value", e.Field);
    }

    [Fact]
    public void Validate_CostOfDelayWithoutDuration_IsAnError()
    {
        var e = SingleError(With(Valid with { JobDurationWeeks = null }));

        Assert.Equal("job_duration_weeks", e.Field);
    }

    [Fact]
    public void Validate_ContributionToUnknownObjective_IsAnError()
    {
        var e = SingleError(With(Valid with { Contributions = new Dictionary<string, double> { ["O9"] = 0.5 } }));

        Assert.Equal("contributions.O9", e.Field);
    }

    [Fact]
    public void Validate_ContributionAboveScale_IsAnError()
    {
        var e = SingleError(With(Valid with { Contributions = new Dictionary<string, double> { ["O1"] = 3 } }));

        Assert.Contains("[0, 1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KpiTargetAgainstDirection_NamesTheKpi()
    {
        var kpi = new Kpi { Name = "Churn", Baseline = 5, Target = 3, BaselineDate = D0, TargetDate = D0.AddDays(90), Readings = [new(D0, 5), new(D0.AddDays(1), 5)] };

        var e = SingleError(With(Valid with { Kpis = [kpi] }));

        Assert.Equal(("INIT-1", "Churn", "direction"), (e.InitiativeId, e.Kpi, e.Field));
    }

    [Fact]
    public void Validate_KpiTargetDateNotAfterBaseline_IsAnError()
    {
        var kpi = new Kpi { Name = "K", Baseline = 1, Target = 2, BaselineDate = D0, TargetDate = D0, Readings = [new(D0, 1), new(D0.AddDays(1), 1)] };

        Assert.Equal("target_date", SingleError(With(Valid with { Kpis = [kpi] })).Field);
    }

    [Fact]
    public void Validate_KpiWithoutReadings_IsAWarning()
    {
        var kpi = new Kpi { Name = "K", Baseline = 1, Target = 2, BaselineDate = D0, TargetDate = D0.AddDays(10) };

        var d = Assert.Single(PortfolioValidator.Validate(With(Valid with { Kpis = [kpi] })));

        Assert.Equal((ValueSeverity.Warning, "K", "readings"), (d.Severity, d.Kpi, d.Field));
    }

    [Fact]
    public void Validate_NoLinkRule_IsAWarning()
    {
        var d = Assert.Single(PortfolioValidator.Validate(With(Valid with { Link = new InitiativeLink() })));

        Assert.Equal((ValueSeverity.Warning, "link"), (d.Severity, d.Field));
    }

    [Fact]
    public void Validate_DuplicateInitiative_IsAnError()
    {
        var p = new Portfolio { Initiatives = [Valid, Valid with { Id = "init-1" }] };

        Assert.Equal("id", SingleError(p).Field);
    }

    [Fact]
    public void ThrowOnErrors_Errors_ThrowsListingEveryOne()
    {
        var p = With(Valid with
        {
            JobDurationWeeks = 0,
            Financials = new InitiativeFinancials { CashFlows = [-1, 2] },
        });

        var ex = Assert.Throws<ValueInputException>(() => PortfolioValidator.ThrowOnErrors(PortfolioValidator.Validate(p)));

        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("initiative 'INIT-1', field 'job_duration_weeks'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("field 'financials.discount_rate'", ex.Message, StringComparison.Ordinal);
    }
}
