using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using Spectre.Console;

namespace PmoFlow.Cli.Output;

/// <summary>Prints tables and documents in the chosen <see cref="OutputFormat"/>.</summary>
public sealed class Printer(TextWriter output, OutputFormat format, IAnsiConsole? console = null)
{
    /// <summary>JSON options used for every JSON output: camelCase, enums as strings, nulls written.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Default,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public OutputFormat Format => format;

    /// <summary>Prints tables: as tables, as CSV blocks, or as one JSON object keyed by table name.</summary>
    public void Print(params TableData[] tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        switch (format)
        {
            case OutputFormat.Json:
                var doc = new Dictionary<string, object?>();
                foreach (var t in tables)
                {
                    doc[t.Name] = t.Rows.Select(r => Row(t.Columns, r)).ToList();
                }

                output.WriteLine(JsonSerializer.Serialize(tables.Length == 1 ? doc[tables[0].Name] : doc, Json));
                break;
            case OutputFormat.Csv:
                for (var i = 0; i < tables.Length; i++)
                {
                    if (tables.Length > 1)
                    {
                        if (i > 0)
                        {
                            output.WriteLine();
                        }

                        output.WriteLine($"# {tables[i].Name}");
                    }

                    WriteCsv(tables[i]);
                }

                break;
            default:
                var ansi = console ?? AnsiConsole.Console;
                foreach (var t in tables)
                {
                    if (t.Rows.Count > LargeTableRows)
                    {
                        WriteLargeTable(t);
                        continue;
                    }

                    var table = new Table().Title(Markup.Escape(t.Name)).Border(TableBorder.Rounded);
                    foreach (var c in t.Columns)
                    {
                        table.AddColumn(new TableColumn(Markup.Escape(c)));
                    }

                    foreach (var r in t.Rows)
                    {
                        // Tracker text is data, never markup.
                        table.AddRow(r.Select(v => (Spectre.Console.Rendering.IRenderable)new Text(Text(v))).ToArray());
                    }

                    ansi.Write(table);
                }

                break;
        }
    }

    /// <summary>Prints a document as JSON (for --format json) regardless of tables.</summary>
    public void PrintJson(object document) => output.WriteLine(JsonSerializer.Serialize(document, Json));

    /// <summary>Formats a value for CSV and tables: ISO dates, invariant numbers, empty for no data.</summary>
    public static string Text(object? value) => value switch
    {
        null => string.Empty,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        double x => double.IsFinite(x) ? Math.Round(x, 4).ToString(CultureInfo.InvariantCulture) : string.Empty,
        float x => Text((double)x),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>
    /// Neutralises spreadsheet formulas in text cells: a cell starting with =, +, -, @, tab or carriage return
    /// gets a leading apostrophe. Numbers are written as numbers (a negative net flow stays -2).
    /// </summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static Dictionary<string, object?> Row(IReadOnlyList<string> columns, IReadOnlyList<object?> values)
    {
        var row = new Dictionary<string, object?>(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var v = i < values.Count ? values[i] : null;
            row[columns[i]] = v switch
            {
                double d when !double.IsFinite(d) => null,
                DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => v,
            };
        }

        return row;
    }

    /// <summary>Above this many rows a table is drawn by <see cref="WriteLargeTable"/> rather than Spectre's layout engine.</summary>
    public const int LargeTableRows = 200;

    /// <summary>
    /// Draws a large table in the same rounded style in one pass: column widths from the widest cell, one line per row,
    /// no wrapping (pipe it to <c>less -S</c>). Spectre's layout measures every cell several times, which took 10 s for
    /// the 12,470 rows × 17 columns of OFBiz's <c>items</c>; this takes milliseconds.
    /// </summary>
    private void WriteLargeTable(TableData t)
    {
        var cells = new string[t.Rows.Count][];
        var widths = t.Columns.Select(CellWidth).ToArray();
        for (var r = 0; r < t.Rows.Count; r++)
        {
            var row = new string[t.Columns.Count];
            for (var c = 0; c < row.Length; c++)
            {
                var text = c < t.Rows[r].Count ? Text(t.Rows[r][c]) : string.Empty;
                row[c] = text.AsSpan().IndexOfAny('\n', '\r', '\t') >= 0 ? text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ') : text;
                widths[c] = Math.Max(widths[c], CellWidth(row[c]));
            }

            cells[r] = row;
        }

        var sb = new StringBuilder();
        var total = widths.Sum() + (3 * widths.Length) + 1;
        var title = t.Name.Length >= total ? t.Name : t.Name.PadLeft(((total - t.Name.Length) / 2) + t.Name.Length);
        sb.Append(title.TrimEnd()).Append('\n');
        Rule(sb, widths, '╭', '┬', '╮');
        Line(sb, widths, [.. t.Columns]);
        Rule(sb, widths, '├', '┼', '┤');
        foreach (var row in cells)
        {
            Line(sb, widths, row);
        }

        Rule(sb, widths, '╰', '┴', '╯');
        output.Write(sb.ToString());

        static void Rule(StringBuilder sb, int[] widths, char left, char mid, char right)
        {
            sb.Append(left);
            for (var c = 0; c < widths.Length; c++)
            {
                sb.Append('─', widths[c] + 2).Append(c == widths.Length - 1 ? right : mid);
            }

            sb.Append('\n');
        }

        static void Line(StringBuilder sb, int[] widths, string[] row)
        {
            sb.Append('│');
            for (var c = 0; c < widths.Length; c++)
            {
                sb.Append(' ').Append(row[c]).Append(' ', widths[c] - CellWidth(row[c]) + 1).Append('│');
            }

            sb.Append('\n');
        }
    }

    /// <summary>Terminal columns a text takes: East Asian wide characters and emoji two, combining marks none, others one.</summary>
    internal static int CellWidth(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            width += Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format ? 0
                : v is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
                    or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1F64F
                    or >= 0x1F900 and <= 0x1F9FF or >= 0x20000 and <= 0x3FFFD ? 2
                : 1;
        }

        return width;
    }

    private void WriteCsv(TableData t)
    {
        var sb = new StringWriter(new StringBuilder(), CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(sb, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true))
        {
            csv.WriteHeader([.. t.Columns]);
            foreach (var r in t.Rows)
            {
                foreach (var v in r)
                {
                    csv.WriteField(v is string s ? Neutralise(s) : Text(v));
                }

                csv.EndRecord();
            }
        }

        output.Write(sb.ToString());
    }
}
