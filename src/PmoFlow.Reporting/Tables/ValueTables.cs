using System.Globalization;
using PmoFlow.Core.Value;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Rendering;

namespace PmoFlow.Reporting.Tables;

/// <summary>The tables of the "Value" section; figures formatted as in <see cref="PortfolioTables"/> (CLI and CSV alike).</summary>
public static class ValueTables
{
    /// <summary>
    /// The portfolio ranking in rank order. Columns: Rank, Initiative, Name, Objective, WSJF, Cost of delay / week, NPV,
    /// ECV, ARR, Alignment, Value delivered, Forecast date, KPI status, Days to first value, Days to last value.
    /// </summary>
    public static ReportTable Ranking(IReadOnlyList<InitiativeValue> ranking, string id = "value-ranking")
    {
        ArgumentNullException.ThrowIfNull(ranking);
        var table = PortfolioTables.Ranking(new PortfolioResult(ranking, [], []));
        var rows = table.Rows.Select((r, i) => (IReadOnlyList<string?>)
        [
            Cell(r[0]), r[1], ranking[i].Name, Cell(r[2]), Cell(r[3]), Cell(r[4]), Cell(r[5]), Cell(r[6]), Cell(r[7]), Cell(r[8]), Cell(r[9]),
            Cell(r[10]), Cell(r[11]), Cell(r[12]), Cell(r[13]),
        ]).ToList();
        return new ReportTable(
            id,
            "Portfolio ranking",
            [
                new("Rank", ColumnKind.Number), new("Initiative"), new("Name"), new("Objective"), new("WSJF", ColumnKind.Number),
                new("Cost of delay / week", ColumnKind.Number), new("NPV", ColumnKind.Number), new("ECV", ColumnKind.Number),
                new("ARR", ColumnKind.Number), new("Alignment", ColumnKind.Number), new("Value delivered", ColumnKind.Number),
                new("Forecast date", ColumnKind.Date), new("KPI status"), new("Days to first value", ColumnKind.Number),
                new("Days to last value", ColumnKind.Number),
            ],
            rows,
            "No initiative in the portfolio.");
    }

    /// <summary>
    /// Every KPI's realisation. Columns: Initiative, KPI, Unit, Baseline, Target, Target date, Latest date, Latest value,
    /// Projected at target date, Attainment, Status.
    /// </summary>
    public static ReportTable KpiStatuses(IReadOnlyList<KpiStatusResult> kpis, string id = "kpi-status")
    {
        ArgumentNullException.ThrowIfNull(kpis);
        var table = PortfolioTables.KpiStatuses(kpis);
        var rows = table.Rows.Select((r, i) => (IReadOnlyList<string?>)
        [
            r[0], r[1], kpis[i].Unit, Cell(r[2]), Cell(r[3]), Cell(r[4]), Cell(r[5]), Cell(r[6]), Cell(r[7]), Cell(r[8]), Cell(r[9]),
        ]).ToList();
        return new ReportTable(
            id,
            "KPI realisation",
            [
                new("Initiative"), new("KPI"), new("Unit"), new("Baseline", ColumnKind.Number), new("Target", ColumnKind.Number),
                new("Target date", ColumnKind.Date), new("Latest date", ColumnKind.Date), new("Latest value", ColumnKind.Number),
                new("Projected at target date", ColumnKind.Number), new("Attainment", ColumnKind.Number), new("Status"),
            ],
            rows,
            "No initiative has a KPI.");
    }

    /// <summary>
    /// Time to value per initiative. Columns: Initiative, Name, Start, First value, Last value, Days to first value,
    /// Days to last value, Items at value, Linked items.
    /// </summary>
    public static ReportTable TimeToValue(IReadOnlyList<TimeToValueRow> rows, string id = "time-to-value")
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new ReportTable(
            id,
            "Time to value",
            [
                new("Initiative"), new("Name"), new("Start", ColumnKind.Date), new("First value", ColumnKind.Date),
                new("Last value", ColumnKind.Date), new("Days to first value", ColumnKind.Number),
                new("Days to last value", ColumnKind.Number), new("Items at value", ColumnKind.Number), new("Linked items", ColumnKind.Number),
            ],
            [.. rows.Select(r => (IReadOnlyList<string?>)
            [
                r.InitiativeId, r.Name, Date(r.Start), Date(r.FirstValue), Date(r.LastValue), Int(r.DaysToFirstValue), Int(r.DaysToLastValue),
                Int(r.ItemsAtValue), Int(r.Items),
            ])],
            "No initiative in the portfolio.");
    }

    /// <summary>
    /// The baseline and each saved scenario side by side (the figures of <c>pmoflow portfolio --what-if</c>'s
    /// <c>what_if</c> table). Columns: Scenario, Value by, Value delivered, NPV, Cost of delay vs baseline, WSJF order.
    /// </summary>
    public static ReportTable WhatIf(IReadOnlyList<PortfolioScenarioResult> results, string id = "what-if")
    {
        ArgumentNullException.ThrowIfNull(results);
        return new ReportTable(
            id,
            "What-if scenarios beside the baseline",
            [
                new("Scenario"), new("Value by", ColumnKind.Date), new("Value delivered", ColumnKind.Number), new("NPV", ColumnKind.Number),
                new("Cost of delay vs baseline", ColumnKind.Number), new("WSJF order"),
            ],
            [.. results.Select(r => (IReadOnlyList<string?>)
            [
                r.Name, FigureFormat.Date(r.ValueBy), r.ValueDelivered.ToString(CultureInfo.InvariantCulture), Round(r.Npv), Round(r.CostOfDelay),
                string.Join(" > ", r.WsjfOrder),
            ])],
            "No scenario.");
    }

    /// <summary>
    /// Each scenario's initiatives in forecast priority order (the figures of <c>what_if_initiatives</c>). Columns:
    /// Scenario, Priority, Initiative, WSJF rank, Status, Date, Days late, Cost of delay, NPV, Business value.
    /// </summary>
    public static ReportTable WhatIfInitiatives(IReadOnlyList<PortfolioScenarioResult> results, string id = "what-if-initiatives")
    {
        ArgumentNullException.ThrowIfNull(results);
        return new ReportTable(
            id,
            "What-if initiatives",
            [
                new("Scenario"), new("Priority", ColumnKind.Number), new("Initiative"), new("WSJF rank", ColumnKind.Number), new("Status"),
                new("Date", ColumnKind.Date), new("Days late", ColumnKind.Number), new("Cost of delay", ColumnKind.Number),
                new("NPV", ColumnKind.Number), new("Business value", ColumnKind.Number),
            ],
            [.. results.SelectMany(r => r.Initiatives.Select(i => (IReadOnlyList<string?>)
            [
                r.Name, Int(i.Priority), i.InitiativeId, Int(i.Rank), PortfolioTables.Status(i.Status), Date(i.Date), Int(i.DaysLate),
                Round(i.CostOfDelay), Round(i.Npv), i.BusinessValue?.ToString(CultureInfo.InvariantCulture),
            ]))],
            "No scenario.");
    }

    // Money rounded to cents, as pmoflow portfolio --what-if prints it.
    private static string? Round(double? value) => value is { } v ? Math.Round(v, 2).ToString(CultureInfo.InvariantCulture) : null;

    // PortfolioTables writes "no figure" as an empty string; report tables use null for an empty cell.
    private static string? Cell(string text) => text.Length == 0 ? null : text;

    private static string? Date(DateOnly? date) => date is { } d ? FigureFormat.Date(d) : null;

    private static string? Int(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
