namespace PmoFlow.Core.Value;

/// <summary>
/// The financial case of an initiative. Every figure is optional: a figure whose inputs are all absent is
/// simply not computed (null), while partly given inputs are an error, never a silent zero.
/// </summary>
/// <remarks>
/// Money is in one currency of the user's choice (no conversion). Rates and probabilities are fractions
/// (0.08 for 8 %). Periods of <see cref="CashFlows"/> are whatever the discount rate is per (usually years).
/// </remarks>
public sealed record InitiativeFinancials
{
    /// <summary>Cash flows CF_0..CF_n by period, CF_0 first (usually the negative investment); null when not given.</summary>
    public IReadOnlyList<double>? CashFlows { get; init; }

    /// <summary>Discount rate per period r (0.08 for 8 %); required with <see cref="CashFlows"/>.</summary>
    public double? DiscountRate { get; init; }

    /// <summary>PV: present value of the future earnings once launched (ECV input).</summary>
    public double? PresentValueOfEarnings { get; init; }

    /// <summary>Ps: probability of commercial success, in [0, 1] (ECV input).</summary>
    public double? ProbabilityOfCommercialSuccess { get; init; }

    /// <summary>Pt: probability of technical success, in [0, 1] (ECV input).</summary>
    public double? ProbabilityOfTechnicalSuccess { get; init; }

    /// <summary>C: commercialisation (launch) cost, ≥ 0 (ECV input).</summary>
    public double? CommercialisationCost { get; init; }

    /// <summary>D: remaining development cost, ≥ 0 (ECV input).</summary>
    public double? DevelopmentCost { get; init; }

    /// <summary>Initial investment, &gt; 0 (ARR denominator).</summary>
    public double? Investment { get; init; }

    /// <summary>Residual (scrap) value at the end of the life, ≥ 0; only used by the average-investment ARR basis.</summary>
    public double? ResidualValue { get; init; }

    /// <summary>Annual accounting profits (after depreciation), one per year of the life (ARR numerator).</summary>
    public IReadOnlyList<double>? AnnualAccountingProfits { get; init; }

    /// <summary>True when any ECV input is given.</summary>
    public bool HasAnyEcvInput =>
        PresentValueOfEarnings.HasValue || ProbabilityOfCommercialSuccess.HasValue || ProbabilityOfTechnicalSuccess.HasValue
        || CommercialisationCost.HasValue || DevelopmentCost.HasValue;
}
