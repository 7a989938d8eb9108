using PmoFlow.Core.Value;

namespace PmoFlow.Streams.Portfolio;

/// <summary>
/// A portfolio read from a file, its options (the file's <c>settings</c>), and where each key came from, so that any
/// diagnostic about it can name the file and line.
/// </summary>
public sealed class PortfolioDocument
{
    private readonly IReadOnlyDictionary<string, SourceLocation> _locations;

    internal PortfolioDocument(
        string file, Core.Value.Portfolio portfolio, ValueOptions options, IReadOnlyDictionary<string, SourceLocation> locations)
    {
        File = file;
        Portfolio = portfolio;
        Options = options;
        _locations = locations;
    }

    /// <summary>The file the portfolio was read from.</summary>
    public string File { get; }

    /// <summary>The portfolio.</summary>
    public Core.Value.Portfolio Portfolio { get; }

    /// <summary>Options from the file's <c>settings</c> section (defaults where absent).</summary>
    public ValueOptions Options { get; }

    /// <summary>The portfolio's warnings (no link rule, KPI without readings), with their locations.</summary>
    public IReadOnlyList<ValueDiagnostic> Warnings =>
        PortfolioValidator.Validate(Portfolio, Options).Where(d => d.Severity == ValueSeverity.Warning).Select(Locate).ToList();

    /// <summary>
    /// Evaluates the portfolio against the work items (see <see cref="PortfolioEvaluator.Evaluate"/>), with every warning
    /// located in the file.
    /// </summary>
    public PortfolioResult Evaluate(IReadOnlyList<ValueItem> items, IReadOnlyDictionary<string, DateOnly?>? forecastDates = null, ValueOptions? options = null)
    {
        PortfolioResult result;
        try
        {
            result = PortfolioEvaluator.Evaluate(Portfolio, items, forecastDates, options ?? Options);
        }
        catch (ValueInputException ex)
        {
            throw new PortfolioFileException(File, ex.Errors.Select(Locate).ToList());
        }

        return result with { Warnings = result.Warnings.Select(Locate).ToList() };
    }

    /// <summary>
    /// The diagnostic with its file location: the key it names, else the nearest enclosing key (the KPI, the
    /// initiative), else unchanged.
    /// </summary>
    public ValueDiagnostic Locate(ValueDiagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        if (diagnostic.Location is not null)
        {
            return diagnostic;
        }

        var field = diagnostic.Field;
        while (true)
        {
            if (_locations.TryGetValue(Key(diagnostic.InitiativeId, diagnostic.Kpi, field), out var location))
            {
                return diagnostic with { Location = location };
            }

            if (field.Length == 0)
            {
                break;
            }

            var dot = field.LastIndexOf('.');
            field = dot < 0 ? string.Empty : field[..dot];
        }

        if (diagnostic.Kpi is not null && _locations.TryGetValue(Key(diagnostic.InitiativeId, null, string.Empty), out var initiative))
        {
            return diagnostic with { Location = initiative };
        }

        return diagnostic;
    }

    internal PortfolioDocument WithPortfolio(Core.Value.Portfolio portfolio) => new(File, portfolio, Options, _locations);

    internal static string Key(string? initiative, string? kpi, string field) =>
        $"{initiative?.ToUpperInvariant()}\u001f{kpi?.ToUpperInvariant()}\u001f{field.ToUpperInvariant()}";
}
