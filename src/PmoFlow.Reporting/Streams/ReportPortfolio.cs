using PmoFlow.Core.Value;

namespace PmoFlow.Reporting.Streams;

/// <summary>
/// The portfolio a weekly report's "Value" section evaluates against the stream: the portfolio with its KPI readings,
/// or the errors that kept it from loading (the section then shows them instead of figures).
/// </summary>
/// <remarks>Immutable. Build with <see cref="Of"/> or <see cref="Unavailable"/>.</remarks>
public sealed record ReportPortfolio
{
    private ReportPortfolio(Portfolio? portfolio, ValueOptions options, Func<ValueDiagnostic, ValueDiagnostic>? locate, IReadOnlyList<string> errors)
    {
        Portfolio = portfolio;
        Options = options;
        Locate = locate;
        Errors = errors;
    }

    /// <summary>The portfolio, with every KPI reading to chart; null when it could not be loaded.</summary>
    public Portfolio? Portfolio { get; }

    /// <summary>Its value options (the portfolio file's settings).</summary>
    public ValueOptions Options { get; }

    /// <summary>Adds a file location (file:line) to a diagnostic, when the portfolio was read from a file.</summary>
    public Func<ValueDiagnostic, ValueDiagnostic>? Locate { get; }

    /// <summary>Why there is no portfolio to evaluate (shown as the section's notes).</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>
    /// Saved what-if scenarios in their text form (<see cref="PortfolioScenarioSpec"/>), shown beside the baseline in the
    /// "Value" section; empty: none.
    /// </summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>A loaded portfolio.</summary>
    /// <param name="portfolio">The portfolio with its KPI readings (stored readings included).</param>
    /// <param name="options">Its value options; defaults when null.</param>
    /// <param name="locate">Adds the file location to diagnostics, if the portfolio came from a file.</param>
    public static ReportPortfolio Of(Portfolio portfolio, ValueOptions? options = null, Func<ValueDiagnostic, ValueDiagnostic>? locate = null)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        return new ReportPortfolio(portfolio, options ?? ValueOptions.Default, locate, []);
    }

    /// <summary>A portfolio that could not be loaded, and why (at least one message).</summary>
    public static ReportPortfolio Unavailable(IEnumerable<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var list = errors.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("Say why the portfolio is unavailable.", nameof(errors));
        }

        return new ReportPortfolio(null, ValueOptions.Default, null, list);
    }
}
