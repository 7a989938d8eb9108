using System.Text.Json.Nodes;

namespace PmoFlow.Reporting.Model;

/// <summary>A titled part of a report holding charts, tables and notes.</summary>
/// <param name="Id">A stable identifier (lower-case letters, digits and '-').</param>
/// <param name="Title">The section's heading.</param>
/// <param name="Charts">Its charts, in display order.</param>
/// <param name="Tables">Its tables, in display order.</param>
/// <param name="Notes">Plain-text notes shown under the heading (e.g. "cannot forecast: ...").</param>
public sealed record ReportSection(
    string Id,
    string Title,
    IReadOnlyList<ReportChart> Charts,
    IReadOnlyList<ReportTable> Tables,
    IReadOnlyList<string> Notes)
{
    /// <summary>The identifier, validated.</summary>
    public string Id { get; } = Identifiers.Validate(Id, nameof(Id));
}

/// <summary>One chart: an Apache ECharts option object built in C#, and a text alternative.</summary>
/// <param name="Id">A stable identifier, unique in the report (lower-case letters, digits and '-').</param>
/// <param name="Title">The chart's caption.</param>
/// <param name="Option">The ECharts option (animation off); it is serialised as JSON, never as script.</param>
/// <param name="Description">A one-line text alternative, used as the chart's accessible label and in the Markdown summary.</param>
/// <param name="HeightPx">The chart's height in CSS pixels.</param>
public sealed record ReportChart(string Id, string Title, JsonObject Option, string Description, int HeightPx = 360)
{
    /// <summary>The identifier, validated.</summary>
    public string Id { get; } = Identifiers.Validate(Id, nameof(Id));
}

/// <summary>The kind of values a table column holds; numbers are written invariant ("1234.5").</summary>
public enum ColumnKind
{
    /// <summary>Free text (often from a tracker).</summary>
    Text = 0,

    /// <summary>A number formatted with the invariant culture.</summary>
    Number = 1,

    /// <summary>A local calendar date, ISO 8601 (yyyy-MM-dd).</summary>
    Date = 2,
}

/// <summary>A table column.</summary>
/// <param name="Name">The column heading.</param>
/// <param name="Kind">What its cells hold.</param>
public sealed record TableColumn(string Name, ColumnKind Kind = ColumnKind.Text);

/// <summary>A table of a report; each table is also written as its own CSV file named after <see cref="Id"/>.</summary>
/// <param name="Id">A stable identifier and CSV file name (lower-case letters, digits and '-').</param>
/// <param name="Title">The table's caption.</param>
/// <param name="Columns">The columns.</param>
/// <param name="Rows">The rows; each has one cell per column (null for an empty cell).</param>
/// <param name="EmptyText">What to show when there are no rows.</param>
public sealed record ReportTable(
    string Id,
    string Title,
    IReadOnlyList<TableColumn> Columns,
    IReadOnlyList<IReadOnlyList<string?>> Rows,
    string EmptyText = "None.")
{
    /// <summary>The identifier, validated.</summary>
    public string Id { get; } = Identifiers.Validate(Id, nameof(Id));

    /// <summary>The rows, each checked to have one cell per column.</summary>
    public IReadOnlyList<IReadOnlyList<string?>> Rows { get; } = CheckRows(Columns, Rows);

    private static IReadOnlyList<IReadOnlyList<string?>> CheckRows(
        IReadOnlyList<TableColumn> columns, IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Count != columns.Count)
            {
                throw new ArgumentException(
                    $"Row {i} has {rows[i].Count} cells; the table has {columns.Count} columns.", nameof(rows));
            }
        }

        return rows;
    }
}

internal static class Identifiers
{
    public static string Validate(string id, string paramName)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || id[0] == '-'
            || !id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException(
                $"'{id}' is not a valid identifier: use 1-64 lower-case letters, digits and '-'.", paramName);
        }

        return id;
    }
}
