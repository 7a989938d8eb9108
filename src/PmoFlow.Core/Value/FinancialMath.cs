namespace PmoFlow.Core.Value;

/// <summary>The financial figures of METRICS §5: NPV, Cooper's expected commercial value, accounting rate of return.</summary>
/// <remarks>
/// Pure functions, thread-safe. Each validates its inputs and throws <see cref="ArgumentException"/> (naming the
/// parameter) rather than return a made-up number; <see cref="PortfolioValidator"/> checks the same rules up front
/// and names the initiative and field.
/// </remarks>
public static class FinancialMath
{
    /// <summary>Net present value: Σ CF_t / (1 + r)^t for t = 0..n.</summary>
    /// <param name="cashFlows">CF_0..CF_n; CF_0 is undiscounted (usually the negative investment). At least one.</param>
    /// <param name="rate">Discount rate per period as a fraction (0.10 for 10 %), finite and &gt; −1. Zero is allowed (plain sum).</param>
    public static double NetPresentValue(IReadOnlyList<double> cashFlows, double rate)
    {
        ArgumentNullException.ThrowIfNull(cashFlows);
        if (cashFlows.Count == 0)
        {
            throw new ArgumentException("NPV needs at least one cash flow (CF_0); the cash flow list is empty.", nameof(cashFlows));
        }

        if (!double.IsFinite(rate) || rate <= -1)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The discount rate must be a finite fraction greater than -1 (0.10 for 10 %).");
        }

        var npv = 0.0;
        for (var t = 0; t < cashFlows.Count; t++)
        {
            var cf = cashFlows[t];
            if (!double.IsFinite(cf))
            {
                throw new ArgumentException($"Cash flow CF_{t} is not a finite number.", nameof(cashFlows));
            }

            npv += cf / Math.Pow(1 + rate, t);
        }

        return npv;
    }

    /// <summary>Expected commercial value (Cooper): ((PV × Ps) − C) × Pt − D.</summary>
    /// <param name="presentValue">PV: present value of future earnings once launched.</param>
    /// <param name="probabilityCommercial">Ps, in [0, 1].</param>
    /// <param name="commercialisationCost">C, ≥ 0.</param>
    /// <param name="probabilityTechnical">Pt, in [0, 1].</param>
    /// <param name="developmentCost">D (remaining), ≥ 0.</param>
    public static double ExpectedCommercialValue(
        double presentValue,
        double probabilityCommercial,
        double commercialisationCost,
        double probabilityTechnical,
        double developmentCost)
    {
        RequireFinite(presentValue, nameof(presentValue));
        RequireProbability(probabilityCommercial, nameof(probabilityCommercial));
        RequireProbability(probabilityTechnical, nameof(probabilityTechnical));
        RequireNonNegative(commercialisationCost, nameof(commercialisationCost));
        RequireNonNegative(developmentCost, nameof(developmentCost));
        return (((presentValue * probabilityCommercial) - commercialisationCost) * probabilityTechnical) - developmentCost;
    }

    /// <summary>
    /// Accounting rate of return as a fraction (0.2125 for 21.25 %): average annual accounting profit ÷ initial
    /// investment, or ÷ average investment = (initial + residual) / 2.
    /// </summary>
    /// <param name="annualProfits">Accounting profit (after depreciation) of each year of the life; at least one.</param>
    /// <param name="initialInvestment">Initial investment, &gt; 0 (zero is an error: the ratio does not exist).</param>
    /// <param name="basis">Which denominator.</param>
    /// <param name="residualValue">Residual value, ≥ 0; only used by <see cref="ArrBasis.AverageInvestment"/>.</param>
    public static double AccountingRateOfReturn(
        IReadOnlyList<double> annualProfits,
        double initialInvestment,
        ArrBasis basis = ArrBasis.InitialInvestment,
        double residualValue = 0)
    {
        ArgumentNullException.ThrowIfNull(annualProfits);
        if (annualProfits.Count == 0)
        {
            throw new ArgumentException("ARR needs at least one year of accounting profit; the list is empty.", nameof(annualProfits));
        }

        var sum = 0.0;
        for (var i = 0; i < annualProfits.Count; i++)
        {
            if (!double.IsFinite(annualProfits[i]))
            {
                throw new ArgumentException($"Accounting profit of year {i + 1} is not a finite number.", nameof(annualProfits));
            }

            sum += annualProfits[i];
        }

        RequireFinite(initialInvestment, nameof(initialInvestment));
        if (initialInvestment <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(initialInvestment), initialInvestment,
                "ARR needs an initial investment greater than zero.");
        }

        RequireNonNegative(residualValue, nameof(residualValue));
        var denominator = basis == ArrBasis.AverageInvestment ? (initialInvestment + residualValue) / 2 : initialInvestment;
        return sum / annualProfits.Count / denominator;
    }

    private static void RequireFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be a finite number.");
        }
    }

    private static void RequireProbability(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(name, value, "A probability must lie in [0, 1].");
        }
    }

    private static void RequireNonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be a finite number ≥ 0.");
        }
    }
}
