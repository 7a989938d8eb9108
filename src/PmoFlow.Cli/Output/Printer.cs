using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using PmoFlow.Reporting.Rendering;
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
    /// Neutralises spreadsheet formulas in text cells (<see cref="TextEscaping.NeutraliseFormula"/>): a cell starting
    /// with =, +, -, @, tab or carriage return gets a leading apostrophe, unless the whole cell is a number
    /// (a negative net flow or a backtest error such as -0.314 stays a number).
    /// </summary>
    public static string Neutralise(string text) => TextEscaping.NeutraliseFormula(text, keepNumbers: true);

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
