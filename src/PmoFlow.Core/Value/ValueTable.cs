using System.Globalization;

namespace PmoFlow.Core.Value;

/// <summary>A plain table (column names and rows of invariant-culture text) for the CLI and CSV output.</summary>
/// <param name="Columns">Column names (snake_case).</param>
/// <param name="Rows">Rows, one cell per column; an empty string means "no figure".</param>
public sealed record ValueTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The tabular forms of a <see cref="PortfolioResult"/>.</summary>
/// <remarks>
/// Formats: money (WSJF, cost of delay, NPV, ECV) with 2 decimals; ARR, alignment and attainment as fractions with
/// 4 decimals; KPI values with up to 4 decimals; dates ISO yyyy-MM-dd; statuses in snake_case; absent figures empty.
/// </remarks>
public static class PortfolioTables
{
    /// <summary>Columns of the portfolio ranking table.</summary>
    public static IReadOnlyList<string> RankingColumns { get; } =
    [
        "rank", "initiative", "objective", "wsjf", "cost_of_delay_per_week", "npv", "ecv", "arr", "alignment",
        "value_delivered", "forecast_date", "kpi_status", "time_to_first_value_days", "time_to_last_value_days",
    ];

    /// <summary>Columns of the KPI status table.</summary>
    public static IReadOnlyList<string> KpiColumns { get; } =
    [
        "initiative", "kpi", "baseline", "target", "target_date", "latest_date", "latest_value",
        "projected_at_target_date", "attainment", "status",
    ];

    /// <summary>The portfolio ranking as a table, in rank order.</summary>
    public static ValueTable Ranking(PortfolioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = result.Ranking.Select(r => (IReadOnlyList<string>)
        [
            Int(r.Rank), r.InitiativeId, r.PrimaryObjectiveId ?? string.Empty, Money(r.Wsjf), Money(r.CostOfDelayPerWeek),
            Money(r.Npv), Money(r.Ecv), Ratio(r.Arr), Ratio(r.Alignment), Amount(r.ValueDelivered), Date(r.ForecastDate),
            Status(r.KpiStatus), Int(r.TimeToFirstValueDays), Int(r.TimeToLastValueDays),
        ]).ToList();
        return new ValueTable(RankingColumns, rows);
    }

    /// <summary>Every KPI's status as a table.</summary>
    public static ValueTable KpiStatuses(PortfolioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return KpiStatuses(result.Kpis);
    }

    /// <summary>KPI statuses as a table.</summary>
    public static ValueTable KpiStatuses(IEnumerable<KpiStatusResult> kpis)
    {
        ArgumentNullException.ThrowIfNull(kpis);
        var rows = kpis.Select(k => (IReadOnlyList<string>)
        [
            k.InitiativeId, k.Kpi, Number(k.Baseline), Number(k.Target), Date(k.TargetDate), Date(k.LatestDate),
            Number(k.LatestValue), Number(k.ProjectedAtTargetDate), Ratio(k.Attainment), Status(k.Status),
        ]).ToList();
        return new ValueTable(KpiColumns, rows);
    }

    /// <summary>The snake_case name of a status (<c>on_track</c>, ...).</summary>
    public static string Status(KpiStatus? status) => status switch
    {
        null => string.Empty,
        KpiStatus.OnTrack => "on_track",
        KpiStatus.AtRisk => "at_risk",
        KpiStatus.OffTrack => "off_track",
        KpiStatus.NotEnoughData => "not_enough_data",
        KpiStatus.NoData => "no_data",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The snake_case name of an initiative forecast's status (<c>forecast</c>, <c>done</c>, <c>no_items</c>, <c>cannot_forecast</c>).</summary>
    public static string Status(InitiativeForecastStatus status) => status switch
    {
        InitiativeForecastStatus.Forecast => "forecast",
        InitiativeForecastStatus.Done => "done",
        InitiativeForecastStatus.NoItems => "no_items",
        _ => "cannot_forecast",
    };

    private static string Int(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Money(double? v) => v?.ToString("F2", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Ratio(double? v) => v?.ToString("F4", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Number(double? v) => v?.ToString("0.####", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Amount(decimal? v) => v?.ToString("0.##", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
}
