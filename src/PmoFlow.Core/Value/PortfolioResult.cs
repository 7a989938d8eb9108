namespace PmoFlow.Core.Value;

/// <summary>One initiative's row of the portfolio ranking.</summary>
/// <remarks>
/// Every figure is null when its inputs are absent or could not give a figure; the result's warnings say why.
/// Money figures are in the portfolio's currency; ARR and alignment are fractions.
/// </remarks>
public sealed record InitiativeValue
{
    /// <summary>1-based WSJF rank; null for initiatives without a cost of delay (listed after the ranked ones).</summary>
    public int? Rank { get; init; }

    /// <summary>The initiative's id.</summary>
    public required string InitiativeId { get; init; }

    /// <summary>The initiative's name.</summary>
    public string? Name { get; init; }

    /// <summary>The objective it serves most (largest weighted contribution).</summary>
    public string? PrimaryObjectiveId { get; init; }

    /// <summary>Weighted shortest job first = cost of delay per week ÷ job duration in weeks.</summary>
    public double? Wsjf { get; init; }

    /// <summary>Cost of delay per week.</summary>
    public double? CostOfDelayPerWeek { get; init; }

    /// <summary>Job duration in weeks.</summary>
    public double? JobDurationWeeks { get; init; }

    /// <summary>Net present value of its cash flows.</summary>
    public double? Npv { get; init; }

    /// <summary>Expected commercial value (Cooper).</summary>
    public double? Ecv { get; init; }

    /// <summary>Accounting rate of return as a fraction.</summary>
    public double? Arr { get; init; }

    /// <summary>Alignment score in [0, 1].</summary>
    public double? Alignment { get; init; }

    /// <summary>Business value of linked items completed in the window; null when unknown.</summary>
    public decimal? ValueDelivered { get; init; }

    /// <summary>Linked work items.</summary>
    public int LinkedItems { get; init; }

    /// <summary>Linked items completed in the window.</summary>
    public int CompletedItems { get; init; }

    /// <summary>Its forecast completion date, as given by the caller (multi-feature forecast).</summary>
    public DateOnly? ForecastDate { get; init; }

    /// <summary>Overall KPI status (see <see cref="KpiTrend.Overall"/>); null when it has no KPIs.</summary>
    public KpiStatus? KpiStatus { get; init; }

    /// <summary>Days from start to the first linked item reaching the value point.</summary>
    public int? TimeToFirstValueDays { get; init; }

    /// <summary>Days from start to the last linked item reaching the value point (null until all have).</summary>
    public int? TimeToLastValueDays { get; init; }
}

/// <summary>The evaluated portfolio: the ranking, every KPI's status, and the warnings.</summary>
/// <param name="Ranking">Initiatives in rank order (see <see cref="WsjfRanking"/>).</param>
/// <param name="Kpis">Every KPI's status, in ranking order then KPI order.</param>
/// <param name="Warnings">Figures not computed and why.</param>
public sealed record PortfolioResult(
    IReadOnlyList<InitiativeValue> Ranking,
    IReadOnlyList<KpiStatusResult> Kpis,
    IReadOnlyList<ValueDiagnostic> Warnings);
