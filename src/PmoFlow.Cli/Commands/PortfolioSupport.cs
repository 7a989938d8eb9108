using System.CommandLine;
using System.Globalization;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Value;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Portfolio;

namespace PmoFlow.Cli.Commands;

/// <summary>Wiring shared by <c>pmoflow portfolio</c> and <c>pmoflow kpi</c>.</summary>
internal static class PortfolioSupport
{
    /// <summary>The default portfolio file name, looked for beside pmoflow.yaml.</summary>
    public const string DefaultFileName = "portfolio.yaml";

    public static Option<string?> AsOf() => new("--as-of")
    {
        Description = "Compute as of this local date (end of the day, in the stream's zone: yyyy-MM-dd, yesterday, -1w) or ISO instant; default: now.",
    };

    /// <summary>The portfolio file: the one given, else portfolio.yaml beside the configuration file (or in the current folder).</summary>
    public static string ResolvePortfolioPath(string? given, PmoFlowConfig? config) =>
        given is not null
            ? Path.GetFullPath(given)
            : Path.Combine(config?.BaseDirectory ?? Directory.GetCurrentDirectory(), DefaultFileName);

    /// <summary>Loads the portfolio file, with a usage error naming the path when it is missing.</summary>
    public static PortfolioDocument LoadPortfolio(string path, bool given)
    {
        if (!File.Exists(path))
        {
            throw new UsageException(given
                ? $"the portfolio file {path} does not exist."
                : $"no portfolio file at {path}: write one (see samples/portfolio.yaml) or pass --file.");
        }

        return PortfolioYamlLoader.LoadFile(path);
    }

    /// <summary>
    /// Runs a command body, turning portfolio input errors into the bad-input exit code with every error listed
    /// (the generic handler would print the exception type).
    /// </summary>
    public static async Task<int> RunAsync(TextWriter stderr, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (PortfolioFileException ex)
        {
            await stderr.WriteLineAsync($"pmoflow: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (ValueInputException ex)
        {
            await stderr.WriteLineAsync($"pmoflow: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>Parses --as-of with the stream calendar's rule (a local date's end, a relative date, or an instant).</summary>
    public static DateTimeOffset ParseAsOf(string? text, TimeZoneInfo zone, TimeProvider clock) =>
        new Core.Model.StreamCalendar(zone).ParseAsOf(text, clock.GetUtcNow());

    /// <summary>A value table as a printable table: numbers stay numbers (CSV writes them unquoted), empty cells are null.</summary>
    public static TableData ToTable(string name, ValueTable table) =>
        new(name, table.Columns, [.. table.Rows.Select(r => (IReadOnlyList<object?>)[.. r.Select((c, i) => Cell(table.Columns[i], c))])]);

    /// <summary>The warnings as a table.</summary>
    public static TableData WarningsTable(IEnumerable<ValueDiagnostic> warnings) => new(
        "warnings",
        ["severity", "location", "initiative", "kpi", "field", "message"],
        [.. warnings.Select(w => (IReadOnlyList<object?>)
        [
            w.Severity == ValueSeverity.Error ? "error" : "warning", w.Location?.ToString(), w.InitiativeId, w.Kpi, w.Field, w.Message,
        ])]);

    /// <summary>Writes warnings to stderr, one per line.</summary>
    public static void WriteWarnings(TextWriter stderr, IEnumerable<ValueDiagnostic> warnings)
    {
        foreach (var w in warnings)
        {
            stderr.WriteLine(w.ToString());
        }
    }

    // Ids, names, dates and statuses stay text even when they look like numbers.
    private static readonly HashSet<string> TextColumns =
        ["initiative", "objective", "kpi", "forecast_date", "kpi_status", "status", "target_date", "latest_date"];

    private static object? Cell(string column, string text) =>
        text.Length == 0 ? null
        : TextColumns.Contains(column) ? text
        : decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d
        : text;
}
