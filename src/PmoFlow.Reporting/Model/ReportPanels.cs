using System.Globalization;

namespace PmoFlow.Reporting.Model;

/// <summary>What a report holds that a panel can show: a section, a chart or a table.</summary>
public enum ReportPartKind
{
    /// <summary>A whole section (its notes, charts and tables).</summary>
    Section = 0,

    /// <summary>One chart.</summary>
    Chart = 1,

    /// <summary>One table.</summary>
    Table = 2,
}

/// <summary>One part of a report a panel can show.</summary>
/// <param name="Id">Its id in the report (a section, chart or table id).</param>
/// <param name="Kind">Section, chart or table.</param>
/// <param name="Title">Its title or caption.</param>
/// <param name="Section">The id of the section holding it (itself for a section).</param>
public sealed record ReportPart(string Id, ReportPartKind Kind, string Title, string Section);

/// <summary>
/// Picks parts of a built report for a dashboard panel: a dashboard selects and orders what the report already holds,
/// it never draws a chart of its own. Pure; thread-safe.
/// </summary>
public static class ReportPanels
{
    /// <summary>Every section, chart and table of <paramref name="model"/>, in display order (a section before its parts).</summary>
    public static IReadOnlyList<ReportPart> Catalogue(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var parts = new List<ReportPart>();
        foreach (var s in model.Sections)
        {
            parts.Add(new ReportPart(s.Id, ReportPartKind.Section, s.Title, s.Id));
            parts.AddRange(s.Charts.Select(c => new ReportPart(c.Id, ReportPartKind.Chart, c.Title, s.Id)));
            parts.AddRange(s.Tables.Select(t => new ReportPart(t.Id, ReportPartKind.Table, t.Title, s.Id)));
        }

        return parts;
    }

    /// <summary>
    /// The section a panel shows: the part of <paramref name="model"/> whose id is <paramref name="show"/> (a section id
    /// first, else the charts and tables of that id: a chart and a table sharing one, like <c>value-ranking</c>, come
    /// together), as a section with id <c>panel-{number}</c>. Its charts and tables get ids
    /// prefixed <c>p{number}-</c>, so two panels showing the same chart stay distinct (HTML ids, CSV file names).
    /// Null when the report has no such part.
    /// </summary>
    /// <param name="model">The report built for the panel's stream, week and as-of.</param>
    /// <param name="show">The part's id.</param>
    /// <param name="number">The panel's 1-based position.</param>
    /// <param name="title">The panel's title; null: the part's own title.</param>
    /// <param name="heightPx">The height of its charts in CSS pixels; null: each chart's own.</param>
    /// <param name="notes">Notes shown first (e.g. the panel's stream, week and as-of).</param>
    public static ReportSection? Select(ReportModel model, string show, int number, string? title, int? heightPx, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(show);
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        var prefix = "p" + number.ToString(CultureInfo.InvariantCulture) + "-";
        ReportChart Chart(ReportChart c) => new(Prefixed(prefix, c.Id), c.Title, c.Option, c.Description, heightPx ?? c.HeightPx);
        ReportTable Table(ReportTable t) => new(Prefixed(prefix, t.Id), t.Title, t.Columns, t.Rows, t.EmptyText);
        var id = "panel-" + number.ToString(CultureInfo.InvariantCulture);
        if (model.Sections.FirstOrDefault(s => s.Id == show) is { } section)
        {
            return new ReportSection(id, title ?? section.Title, [.. section.Charts.Select(Chart)], [.. section.Tables.Select(Table)], [.. notes, .. section.Notes]);
        }

        // A chart and a table may share an id (the ranking's chart and table): the panel shows both.
        var charts = model.AllCharts().Where(c => c.Id == show).Select(Chart).ToList();
        var tables = model.AllTables().Where(t => t.Id == show).Select(Table).ToList();
        return charts.Count + tables.Count == 0
            ? null
            : new ReportSection(id, title ?? (charts.Count > 0 ? charts[0].Title : tables[0].Title), charts, tables, notes);
    }

    private static string Prefixed(string prefix, string id)
    {
        var full = prefix + id;
        return full.Length <= 64 ? full : full[..64].TrimEnd('-');
    }
}
