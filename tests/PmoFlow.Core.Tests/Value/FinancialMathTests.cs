using FsCheck;
using FsCheck.Fluent;
using PmoFlow.Core.Value;

namespace PmoFlow.Core.Tests.Value;

public class FinancialMathTests
{
    [Fact]
    public void NetPresentValue_MotleyFoolTextbookExample_MatchesPublishedAnswer()
    {
        // The Motley Fool, "Net Present Value (NPV)" (fool.com/terms/n/net-present-value): invest $15,000 now, earn
        // $3,000 a year for 10 years, cost of capital 10 % → published NPV $3,433.70.
        // By hand: annuity factor (1 − 1.1^−10) / 0.1 = 6.144567106; × 3,000 = 18,433.70; − 15,000 = 3,433.70.
        double[] flows = [-15_000, .. Enumerable.Repeat(3_000.0, 10)];

        var npv = FinancialMath.NetPresentValue(flows, 0.10);

        Assert.Equal(3_433.70, npv, 0.005);
    }

    [Fact]
    public void NetPresentValue_InvestmentOf100000TwoInflows_MatchesPublishedAnswer()
    {
        // "Example of Net Present Value Method" (expertsmind.com): cost 100,000, rate 10 %, inflows 80,000 (year 1)
        // and 50,000 (year 2); published NPV = 80,000/1.1 + 50,000/1.1² − 100,000 = 14,049 ("positive hence invest").
        // By hand: 72,727.2727 + 41,322.3140 − 100,000 = 14,049.5868 (the source truncates to the unit).
        var npv = FinancialMath.NetPresentValue([-100_000, 80_000, 50_000], 0.10);

        Assert.Equal(14_049.5868, npv, 0.0001);
        Assert.Equal(14_049, Math.Truncate(npv));
    }

    [Fact]
    public void NetPresentValue_RateZero_IsThePlainSum()
    {
        // r = 0: every discount factor is 1, so NPV = −100 + 30 + 40 + 50 = 20.
        Assert.Equal(20, FinancialMath.NetPresentValue([-100, 30, 40, 50], 0), 12);
    }

    [Fact]
    public void NetPresentValue_AllNegativeFlows_IsNegativeAndDiscounted()
    {
        // −100 − 50/1.1 − 20/1.21 = −100 − 45.454545 − 16.528926 = −161.983471.
        Assert.Equal(-161.983471, FinancialMath.NetPresentValue([-100, -50, -20], 0.10), 6);
    }

    [Fact]
    public void NetPresentValue_OnlyPeriodZero_IsUndiscounted()
    {
        Assert.Equal(-250, FinancialMath.NetPresentValue([-250], 0.5));
    }

    [Fact]
    public void NetPresentValue_NegativeRateAboveMinusOne_Compounds()
    {
        // r = −0.5: 10 / 0.5 = 20, so NPV = −10 + 20 = 10.
        Assert.Equal(10, FinancialMath.NetPresentValue([-10, 10], -0.5), 12);
    }

    [Fact]
    public void NetPresentValue_EmptyFlows_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => FinancialMath.NetPresentValue([], 0.1));
        Assert.Equal("cashFlows", ex.ParamName);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(-2.0)]
    [InlineData(double.NaN)]
    public void NetPresentValue_RateAtOrBelowMinusOne_Throws(double rate)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => FinancialMath.NetPresentValue([-1, 2], rate));
        Assert.Equal("rate", ex.ParamName);
    }

    [Fact]
    public void NetPresentValue_RateZero_EqualsSumForAnyFlows()
    {
        Prop.ForAll(
                Gen.Choose(-1_000_000, 1_000_000).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
                ints =>
                {
                    var flows = ints.Select(i => (double)i).ToArray();
                    return Math.Abs(FinancialMath.NetPresentValue(flows, 0) - flows.Sum()) < 1e-6;
                })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void NetPresentValue_InvestmentThenInflows_NeverRisesWithTheRate()
    {
        // With CF_0 ≤ 0 and every later flow ≥ 0, each discounted term shrinks as r grows.
        Prop.ForAll(
                Gen.Choose(0, 10_000).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
                Gen.Choose(0, 50).ToArbitrary(),
                (ints, pct) =>
                {
                    var flows = ints.Select((v, t) => t == 0 ? -(double)v : v).ToArray();
                    var low = FinancialMath.NetPresentValue(flows, pct / 100.0);
                    var high = FinancialMath.NetPresentValue(flows, (pct + 5) / 100.0);
                    return high <= low + 1e-9;
                })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ExpectedCommercialValue_CooperProjectAlpha_MatchesPublishedAnswer()
    {
        // Cooper, Edgett & Kleinschmidt, "Portfolio Management for New Products" (ECV table; also in Cooper's
        // Research-Technology Management portfolio articles): project Alpha, PV $30M, Pt 0.8, Ps 0.5, D $3M, C $5M →
        // published ECV $5.0M. (Figures quoted from the book's table; checked here by hand.)
        // By hand: ((30 × 0.5) − 5) × 0.8 − 3 = (15 − 5) × 0.8 − 3 = 8 − 3 = 5.
        var ecv = FinancialMath.ExpectedCommercialValue(30, 0.5, 5, 0.8, 3);

        Assert.Equal(5.0, ecv, 12);
    }

    [Fact]
    public void ExpectedCommercialValue_HandWorkedCase_FollowsTheDecisionTree()
    {
        // ((100 × 0.6) − 10) × 0.7 − 15 = 50 × 0.7 − 15 = 35 − 15 = 20.
        Assert.Equal(20, FinancialMath.ExpectedCommercialValue(100, 0.6, 10, 0.7, 15), 12);
    }

    [Fact]
    public void ExpectedCommercialValue_NoTechnicalChance_LosesTheDevelopmentCost()
    {
        Assert.Equal(-7, FinancialMath.ExpectedCommercialValue(1_000, 1, 0, 0, 7), 12);
    }

    [Theory]
    [InlineData(1.2, 0.5, "probabilityCommercial")]
    [InlineData(-0.1, 0.5, "probabilityCommercial")]
    [InlineData(0.5, 1.01, "probabilityTechnical")]
    [InlineData(0.5, double.NaN, "probabilityTechnical")]
    public void ExpectedCommercialValue_ProbabilityOutsideUnitInterval_Throws(double ps, double pt, string param)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => FinancialMath.ExpectedCommercialValue(10, ps, 1, pt, 1));
        Assert.Equal(param, ex.ParamName);
    }

    [Fact]
    public void AccountingRateOfReturn_AccaAbleLtdAverageInvestment_MatchesPublishedAnswer()
    {
        // ACCA Management Accounting (MA/FMA) mock exam, "Able Ltd" (answered by the OpenTuition tutor): initial cost
        // $300,000, life 5 years, scrap value $20,000, revenue $120,000 and costs $30,000 a year. Average profit =
        // 90,000 − (300,000 − 20,000)/5 = 34,000; average investment = (300,000 + 20,000)/2 = 160,000;
        // published ARR = 34,000 / 160,000 = 21.25 % (21 % to the nearest %).
        double[] profits = [34_000, 34_000, 34_000, 34_000, 34_000];

        var arr = FinancialMath.AccountingRateOfReturn(profits, 300_000, ArrBasis.AverageInvestment, 20_000);

        Assert.Equal(0.2125, arr, 12);
    }

    [Fact]
    public void AccountingRateOfReturn_AccaAbleLtdInitialInvestment_DividesByTheInitialCost()
    {
        // Same project on the METRICS default basis: 34,000 / 300,000 = 0.113333...
        var arr = FinancialMath.AccountingRateOfReturn([34_000, 34_000, 34_000, 34_000, 34_000], 300_000);

        Assert.Equal(34_000.0 / 300_000.0, arr, 12);
    }

    [Fact]
    public void AccountingRateOfReturn_UnevenProfits_AveragesThem()
    {
        // (10 + 20 + 60) / 3 = 30; 30 / 200 = 0.15.
        Assert.Equal(0.15, FinancialMath.AccountingRateOfReturn([10, 20, 60], 200), 12);
    }

    [Fact]
    public void AccountingRateOfReturn_ZeroInvestment_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => FinancialMath.AccountingRateOfReturn([10], 0));
        Assert.Equal("initialInvestment", ex.ParamName);
    }

    [Fact]
    public void AccountingRateOfReturn_NoProfits_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => FinancialMath.AccountingRateOfReturn([], 100));
        Assert.Equal("annualProfits", ex.ParamName);
    }
}
