namespace PmoFlow.Core.Value;

/// <summary>
/// A portfolio initiative: what it contributes to the strategic objectives, which work items deliver it,
/// its financial case, its cost of delay and the KPIs it should move.
/// </summary>
public sealed record Initiative
{
    /// <summary>Unique id (matched case-insensitively).</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// Contribution to each objective, by objective id: a fraction in [0, 1], or a score in
    /// [0, <see cref="Portfolio.ContributionScale"/>]. Objectives not listed get no contribution.
    /// </summary>
    public IReadOnlyDictionary<string, double> Contributions { get; init; } = new Dictionary<string, double>();

    /// <summary>Which work items belong to the initiative.</summary>
    public InitiativeLink Link { get; init; } = new();

    /// <summary>
    /// Business value of the whole initiative (points or money), if given; it is then shared equally among
    /// its linked items and any item-level values are ignored for this initiative.
    /// </summary>
    public decimal? BusinessValue { get; init; }

    /// <summary>Local date the initiative started; time to value counts from it (default: first linked item's creation).</summary>
    public DateOnly? StartDate { get; init; }

    /// <summary>Its financial case, if any.</summary>
    public InitiativeFinancials? Financials { get; init; }

    /// <summary>Cost of delay per week (money or relative points), ≥ 0.</summary>
    public double? CostOfDelayPerWeek { get; init; }

    /// <summary>Job duration (or size) in weeks, &gt; 0: the WSJF denominator.</summary>
    public double? JobDurationWeeks { get; init; }

    /// <summary>The KPIs the initiative should move.</summary>
    public IReadOnlyList<Kpi> Kpis { get; init; } = [];
}
