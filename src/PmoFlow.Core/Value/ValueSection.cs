namespace PmoFlow.Core.Value;

/// <summary>One dated value of a KPI chart.</summary>
/// <param name="Date">Local date.</param>
/// <param name="Value">Value in the KPI's unit.</param>
public sealed record KpiPoint(DateOnly Date, double Value);

/// <summary>A KPI's realisation chart: its readings against the target line, and the fitted trend.</summary>
/// <param name="InitiativeId">The initiative.</param>
/// <param name="Kpi">The KPI's name.</param>
/// <param name="Unit">Its unit, if any.</param>
/// <param name="Direction">Which way it improves.</param>
/// <param name="Status">Its status (see <see cref="KpiTrend"/>).</param>
/// <param name="Attainment">Projected attainment at the target date, as a fraction; null without a trend.</param>
/// <param name="Readings">Readings in date order (several on one date are all listed).</param>
/// <param name="TargetLine">Two points: baseline on the baseline date, target on the target date.</param>
/// <param name="Trend">
/// Two points of the least-squares trend: its value on the baseline date and its projection on the target date; empty
/// when there are too few readings for a trend.
/// </param>
public sealed record KpiRealisationSeries(
    string InitiativeId,
    string Kpi,
    string? Unit,
    KpiDirection Direction,
    KpiStatus Status,
    double? Attainment,
    IReadOnlyList<KpiPoint> Readings,
    IReadOnlyList<KpiPoint> TargetLine,
    IReadOnlyList<KpiPoint> Trend);

/// <summary>One initiative's time to value for the report.</summary>
/// <param name="InitiativeId">The initiative.</param>
/// <param name="Name">Its name.</param>
/// <param name="Start">The date counted from (start date, else first linked item's creation).</param>
/// <param name="FirstValue">Date its first linked item reached the value point.</param>
/// <param name="LastValue">Date its last linked item reached the value point, once all have.</param>
/// <param name="DaysToFirstValue">Start → first value in days (the portfolio's day count).</param>
/// <param name="DaysToLastValue">Start → last value in days; null while items are still open.</param>
/// <param name="ItemsAtValue">Linked items that reached the value point.</param>
/// <param name="Items">Linked items.</param>
public sealed record TimeToValueRow(
    string InitiativeId,
    string? Name,
    DateOnly? Start,
    DateOnly? FirstValue,
    DateOnly? LastValue,
    int? DaysToFirstValue,
    int? DaysToLastValue,
    int ItemsAtValue,
    int Items);

/// <summary>The data of a report's or dashboard's "Value" section, as plain records to chart.</summary>
/// <param name="Ranking">The portfolio ranking rows, in rank order.</param>
/// <param name="RankingTable">The same ranking as a text table (<see cref="PortfolioTables.Ranking"/>).</param>
/// <param name="Kpis">One realisation series per KPI, in ranking order then KPI order.</param>
/// <param name="TimeToValue">Time to value per initiative, in ranking order.</param>
/// <param name="Warnings">The evaluation's warnings (figures left empty and why).</param>
public sealed record ValueSectionData(
    IReadOnlyList<InitiativeValue> Ranking,
    ValueTable RankingTable,
    IReadOnlyList<KpiRealisationSeries> Kpis,
    IReadOnlyList<TimeToValueRow> TimeToValue,
    IReadOnlyList<ValueDiagnostic> Warnings);

/// <summary>Builds the "Value" section's data from an evaluated portfolio.</summary>
/// <remarks>Pure and thread-safe. The portfolio must be the one evaluated (readings included).</remarks>
public static class ValueSection
{
    /// <summary>Ranking rows, KPI realisation series (readings vs target line) and time to value per initiative.</summary>
    /// <param name="portfolio">The evaluated portfolio, with its KPI readings.</param>
    /// <param name="result">Its evaluation.</param>
    /// <param name="items">The value items it was evaluated against.</param>
    /// <param name="options">The options it was evaluated with (day count); defaults when null.</param>
    public static ValueSectionData Build(Portfolio portfolio, PortfolioResult result, IReadOnlyList<ValueItem> items, ValueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(items);
        options ??= ValueOptions.Default;
        var byId = portfolio.Initiatives.ToDictionary(i => i.Id, StringComparer.OrdinalIgnoreCase);
        var series = new List<KpiRealisationSeries>();
        foreach (var status in result.Kpis)
        {
            var kpi = byId[status.InitiativeId].Kpis.First(k => string.Equals(k.Name, status.Kpi, StringComparison.OrdinalIgnoreCase));
            series.Add(Series(kpi, status));
        }

        var ttv = new List<TimeToValueRow>();
        foreach (var row in result.Ranking)
        {
            var initiative = byId[row.InitiativeId];
            var linked = items.Where(initiative.Link.Matches).ToList();
            var t = TimeToValue.Compute(linked, initiative.StartDate, options.DayCount);
            ttv.Add(new TimeToValueRow(initiative.Id, initiative.Name, t.Start, t.FirstValue, t.LastValue,
                linked.Count == 0 ? null : t.DaysToFirstValue, linked.Count == 0 ? null : t.DaysToLastValue, t.ItemsAtValue, t.Items));
        }

        return new ValueSectionData(result.Ranking, PortfolioTables.Ranking(result), series, ttv, result.Warnings);
    }

    private static KpiRealisationSeries Series(Kpi kpi, KpiStatusResult status)
    {
        var readings = kpi.Readings.OrderBy(r => r.Date).Select(r => new KpiPoint(r.Date, r.Value)).ToList();
        KpiPoint[] target = [new(kpi.BaselineDate, kpi.Baseline), new(kpi.TargetDate, kpi.Target)];
        KpiPoint[] trend = status is { Intercept: { } a, ProjectedAtTargetDate: { } p }
            ? [new(kpi.BaselineDate, a), new(kpi.TargetDate, p)]
            : [];
        return new KpiRealisationSeries(status.InitiativeId, status.Kpi, status.Unit, status.Direction, status.Status, status.Attainment,
            readings, target, trend);
    }
}
