using PmoFlow.Core.Value;

namespace PmoFlow.Storage.Portfolio;

/// <summary>A KPI reading to append.</summary>
/// <param name="InitiativeId">The initiative's id (matched case-insensitively).</param>
/// <param name="Kpi">The KPI's name within the initiative (matched case-insensitively).</param>
/// <param name="Date">The local date measured.</param>
/// <param name="Value">The value (finite).</param>
/// <param name="Source">Where it came from, for messages: <c>file:line</c> or <c>api</c>.</param>
public sealed record NewKpiReading(string InitiativeId, string Kpi, DateOnly Date, double Value, string Source);

/// <summary>A stored KPI reading.</summary>
/// <param name="InitiativeId">The initiative's id as stored.</param>
/// <param name="Kpi">The KPI's name as stored.</param>
/// <param name="Date">The local date measured.</param>
/// <param name="Value">The value.</param>
/// <param name="Source">Where it came from (<c>file:line</c> or <c>api</c>).</param>
/// <param name="RecordedAt">When it was stored (UTC).</param>
public sealed record StoredKpiReading(string InitiativeId, string Kpi, DateOnly Date, double Value, string Source, DateTimeOffset RecordedAt);

/// <summary>A reading refused because its KPI already has another value on that date.</summary>
/// <param name="Reading">The refused reading.</param>
/// <param name="StoredValue">The value already stored for that KPI and date.</param>
/// <param name="StoredSource">Where the stored value came from.</param>
public sealed record KpiReadingConflict(NewKpiReading Reading, double StoredValue, string StoredSource);

/// <summary>What appending readings did.</summary>
/// <param name="Inserted">New readings stored (0 when anything was refused: the append is all or nothing).</param>
/// <param name="AlreadyStored">Readings identical to stored ones (same KPI, date and value), which add nothing.</param>
/// <param name="Conflicts">Readings giving another value for a stored date (or twice in the input with different values).</param>
/// <param name="UnknownKpis">Readings naming an initiative or KPI that is not stored (or no longer active).</param>
public sealed record KpiAppendResult(
    int Inserted,
    int AlreadyStored,
    IReadOnlyList<KpiReadingConflict> Conflicts,
    IReadOnlyList<NewKpiReading> UnknownKpis)
{
    /// <summary>True when nothing was refused (and the new readings were committed).</summary>
    public bool Succeeded => Conflicts.Count == 0 && UnknownKpis.Count == 0;
}

/// <summary>The portfolio definition as stored, with the settings it was saved with.</summary>
/// <param name="Portfolio">Active objectives, initiatives and KPIs, in file order, KPIs without readings.</param>
/// <param name="Options">The value options (the file's <c>settings</c>).</param>
/// <param name="Source">The file it was last synchronised from.</param>
/// <param name="UpdatedAt">When.</param>
public sealed record StoredPortfolio(Core.Value.Portfolio Portfolio, ValueOptions Options, string Source, DateTimeOffset UpdatedAt);

/// <summary>What a definition sync changed.</summary>
/// <param name="Objectives">Objectives written.</param>
/// <param name="Initiatives">Initiatives written.</param>
/// <param name="Kpis">KPIs written.</param>
/// <param name="Retired">Objectives, initiatives and KPIs no longer in the file, now inactive (their readings are kept).</param>
public sealed record PortfolioSyncSummary(int Objectives, int Initiatives, int Kpis, int Retired);
