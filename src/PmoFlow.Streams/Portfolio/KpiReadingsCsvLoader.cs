using System.Globalization;
using System.Text;
using CsvHelper;
using PmoFlow.Core.Value;

namespace PmoFlow.Streams.Portfolio;

/// <summary>One row of a KPI readings file.</summary>
/// <param name="InitiativeId">The initiative's id.</param>
/// <param name="Kpi">The KPI's name within the initiative.</param>
/// <param name="Date">The local date measured.</param>
/// <param name="Value">The value.</param>
/// <param name="Location">The row's file and line.</param>
public sealed record KpiReadingRow(string InitiativeId, string Kpi, DateOnly Date, double Value, SourceLocation Location);

/// <summary>
/// Reads a KPI readings CSV: header <c>initiative,kpi,date,value</c> (any order, any case, extra columns ignored),
/// dates yyyy-MM-dd, numbers with a dot for decimals. UTF-8 with or without a byte order mark.
/// </summary>
/// <remarks>
/// Every bad row is reported at once in a <see cref="PortfolioFileException"/> with its file:line. Readings may be
/// appended to the file over time; rows repeating the same initiative, KPI, date and value count once (see
/// <see cref="PortfolioReadings.Merge"/>). Thread-safe (no shared state).
/// </remarks>
public static class KpiReadingsCsvLoader
{
    private static readonly string[] Required = ["initiative", "kpi", "date", "value"];

    /// <summary>Reads a readings file.</summary>
    public static IReadOnlyList<KpiReadingRow> LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Load(reader, path);
    }

    /// <summary>Reads readings from text; <paramref name="file"/> names it in errors.</summary>
    public static IReadOnlyList<KpiReadingRow> Load(TextReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(file);
        var options = new CsvReaderOptions
        {
            Separator = ',',
            TrimWhitespace = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        var errors = new List<ValueDiagnostic>();
        var rows = new List<KpiReadingRow>();
        using var csv = CsvReader.Create(reader, options, leaveOpen: true);
        try
        {
            var header = csv.Headers.Select(h => h.Trim().TrimStart('\uFEFF').Trim().ToLowerInvariant()).ToList();
            if (header.Count == 0 || header.All(h => h.Length == 0))
            {
                throw new PortfolioFileException(file,
                    [Error(file, 1, null, null, "header", "the file is empty: expected the header initiative,kpi,date,value.")]);
            }

            var missing = Required.Where(r => !header.Contains(r)).ToList();
            if (missing.Count > 0)
            {
                throw new PortfolioFileException(file,
                    [Error(file, 1, null, null, "header", $"missing column(s) {string.Join(", ", missing)}; expected initiative,kpi,date,value.")]);
            }

            var index = Required.ToDictionary(r => r, r => header.IndexOf(r));
            while (csv.Read())
            {
                var line = checked((int)csv.LineNumber);
                string Cell(string name) => index[name] < csv.FieldCount ? csv.GetString(index[name]).Trim() : string.Empty;
                ReadRow(file, line, Cell("initiative"), Cell("kpi"), Cell("date"), Cell("value"), rows, errors);
            }
        }
        catch (CsvFormatException ex)
        {
            errors.Add(Error(file, checked((int)ex.LineNumber), null, null, "csv", "malformed CSV: " + ex.Message));
        }

        if (errors.Count > 0)
        {
            throw new PortfolioFileException(file, errors);
        }

        return rows;
    }

    private static void ReadRow(
        string file, int line, string initiative, string kpi, string dateText, string valueText, List<KpiReadingRow> rows, List<ValueDiagnostic> errors)
    {
        var before = errors.Count;
        if (initiative.Length == 0)
        {
            errors.Add(Error(file, line, null, kpi, "initiative", "the initiative is empty."));
        }

        if (kpi.Length == 0)
        {
            errors.Add(Error(file, line, initiative, null, "kpi", "the KPI name is empty."));
        }

        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(Error(file, line, initiative, kpi, "date", $"'{dateText}' is not a date in the form yyyy-MM-dd."));
        }

        if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            errors.Add(Error(file, line, initiative, kpi, "value", $"'{valueText}' is not a number (use a dot for decimals)."));
        }

        if (errors.Count == before)
        {
            rows.Add(new KpiReadingRow(initiative, kpi, date, value, new SourceLocation(file, line)));
        }
    }

    private static ValueDiagnostic Error(string file, int line, string? initiative, string? kpi, string field, string message) =>
        new(ValueSeverity.Error, string.IsNullOrEmpty(initiative) ? null : initiative, string.IsNullOrEmpty(kpi) ? null : kpi, field, message)
        {
            Location = new SourceLocation(file, line),
        };
}
