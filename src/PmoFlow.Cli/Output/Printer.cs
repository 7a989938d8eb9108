using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using PmoFlow.Core.Flow;
using Spectre.Console;
using SpectreTable = Spectre.Console.Table;

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

                    var table = TerminalTable(t, ansi.Profile.Width);
                    // A table that cannot fit even with its text cut (or with --wide) is printed wider than the
                    // terminal rather than wrapped inside a cell.
                    ansi.Profile.Width = Math.Max(ansi.Profile.Width, table.Columns.Sum(c => c.Width ?? 0) + (3 * table.Columns.Count) + 1);

                    ansi.Write(table);
                }

                break;
        }
    }

    /// <summary>Text cells are never cut below this width (a short column such as a state stays whole).</summary>
    private const int MinimumCut = 12;

    /// <summary>Tables: print every cell in full instead of cutting long text cells to the terminal's width.</summary>
    public bool Wide { get; init; }

    /// <summary>
    /// A table for a person on a terminal: figures rounded for people (<see cref="PeopleFigures"/>), no cell ever
    /// wraps (a timestamp stays on one line), and unless <see cref="Wide"/> the longest text cells (titles,
    /// descriptions) are cut with "…" until the table fits <paramref name="width"/>.
    /// </summary>
    internal SpectreTable TerminalTable(TableData t, int width)
    {
        var cells = t.Rows.Select(r => t.Columns.Select((c, i) => ForPeople(c, i < r.Count ? r[i] : null)).ToArray()).ToList();
        var widths = t.Columns.Select((c, i) => cells.Select(r => r[i].Length).Append(c.Length).Max()).ToArray();
        if (!Wide)
        {
            // Borders and padding: "│ " before each column, " │" after the last: 3 per column + 1.
            var budget = width - (3 * t.Columns.Count) - 1;
            var cuttable = t.Columns.Select((c, i) => t.Rows.Any(r => i < r.Count && r[i] is string s && !LooksLikeAFigure(s))).ToArray();
            while (widths.Sum() > budget)
            {
                var widest = Enumerable.Range(0, widths.Length).Where(i => cuttable[i] && widths[i] > Math.Max(MinimumCut, t.Columns[i].Length))
                    .OrderByDescending(i => widths[i]).DefaultIfEmpty(-1).First();
                if (widest < 0)
                {
                    break;
                }

                // Cut the widest text column by the excess, but not below the next widest one (then both share the cut).
                var next = Enumerable.Range(0, widths.Length).Where(i => i != widest && cuttable[i]).Select(i => widths[i]).DefaultIfEmpty(0).Max();
                var cut = Math.Max(Math.Max(MinimumCut, t.Columns[widest].Length), Math.Max(widths[widest] - (widths.Sum() - budget), next));
                widths[widest] = cut < widths[widest] ? cut : widths[widest] - 1;
            }

            foreach (var row in cells)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i].Length > widths[i])
                    {
                        row[i] = row[i][..(widths[i] - 1)] + "\u2026";
                    }
                }
            }
        }

        var table = new SpectreTable().Title(Markup.Escape(t.Name)).Border(TableBorder.Rounded);
        for (var i = 0; i < t.Columns.Count; i++)
        {
            var column = new TableColumn(Markup.Escape(t.Columns[i])).NoWrap();
            column.Width = widths[i];
            table.AddColumn(column);
        }

        foreach (var row in cells)
        {
            // Tracker text is data, never markup.
            table.AddRow(row.Select(v => (Spectre.Console.Rendering.IRenderable)new Text(v) { Overflow = Overflow.Ellipsis }).ToArray());
        }

        return table;
    }

    /// <summary>A cell as a person reads it: days to 1 decimal, fractions as percentages, other values as <see cref="Text"/>.</summary>
    public static string ForPeople(string column, object? value)
    {
        var unit = PeopleFigures.UnitOf(column);
        return value switch
        {
            double d when unit != FigureUnit.Other || d != Math.Floor(d) => PeopleFigures.Format(d, unit),
            float f => ForPeople(column, (double)f),
            string s when unit != FigureUnit.Other && s.Contains('.', StringComparison.Ordinal)
                && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) => PeopleFigures.Format(x, unit),
            string s when s.Length > 16 && s[10] == 'T' && s[^1] == 'Z'
                && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) => PeopleFigures.Instant(instant),
            DateTimeOffset o => PeopleFigures.Instant(o),
            _ => Text(value),
        };
    }

    private static bool LooksLikeAFigure(string s) =>
        s.Length == 0 || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

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
    /// Neutralises spreadsheet formulas in text cells (<see cref="Core.Model.CsvFormula"/>): a cell starting
    /// with =, +, -, @, tab or carriage return gets a leading apostrophe, unless the whole cell is a number
    /// (a negative net flow or a backtest error such as -0.314 stays a number).
    /// </summary>
    public static string Neutralise(string text) => Core.Model.CsvFormula.Neutralise(text, keepNumbers: true);

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
