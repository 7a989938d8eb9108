using System.Text;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Rendering;

/// <summary>
/// Renders a report table as CSV (RFC 4180: comma separated, CRLF line ends, a header row), with spreadsheet
/// formulas neutralised (<see cref="TextEscaping.CsvField"/>).
/// </summary>
/// <remarks>Thread-safe. <see cref="ReportWriter"/> writes the text as UTF-8 with a byte-order mark, which Excel needs to read non-ASCII text.</remarks>
public static class CsvTableRenderer
{
    /// <summary>The table as CSV text.</summary>
    public static string Render(ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var sb = new StringBuilder(64 + (table.Rows.Count * 64));
        for (var i = 0; i < table.Columns.Count; i++)
        {
            sb.Append(i == 0 ? string.Empty : ",").Append(TextEscaping.CsvField(table.Columns[i].Name));
        }

        sb.Append("\r\n");
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < row.Count; i++)
            {
                sb.Append(i == 0 ? string.Empty : ",").Append(TextEscaping.CsvField(row[i], table.Columns[i].Kind == ColumnKind.Number));
            }

            sb.Append("\r\n");
        }

        return sb.ToString();
    }
}
