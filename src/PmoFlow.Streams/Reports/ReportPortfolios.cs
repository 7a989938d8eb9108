using Npgsql;
using PmoFlow.Core.Value;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Portfolio;
using PmoFlow.Reporting.Streams;

namespace PmoFlow.Streams.Reports;

/// <summary>The portfolio of the weekly reports' "Value" section, as the report, the dashboard and the publish job load it.</summary>
public static class ReportPortfolios
{
    /// <summary>
    /// The portfolio (file beside the configuration, else the stored definition) with every stored KPI reading and the
    /// saved what-if scenarios (by name); null when
    /// there is none (the report then has no "Value" section). A portfolio holding errors is returned as
    /// <see cref="ReportPortfolio.Unavailable"/> with the errors, so the flow report is still written and says why the
    /// value figures are missing.
    /// </summary>
    public static async Task<ReportPortfolio?> LoadAsync(PmoFlowConfig config, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        var path = PortfolioSource.DefaultPath(config);
        try
        {
            var loaded = await PortfolioSource.LoadAsync(path, dataSource, withStoredReadings: true, ct).ConfigureAwait(false);
            if (loaded is null)
            {
                return null;
            }

            var scenarios = await new Storage.Portfolio.ScenarioStore(dataSource).ListAsync(ct).ConfigureAwait(false);
            return ReportPortfolio.Of(loaded.Portfolio, loaded.Options, d => WithFileName(loaded.Locate(d))) with { Scenarios = [.. scenarios.Select(s => s.Spec)] };
        }
        catch (PortfolioFileException ex)
        {
            return ReportPortfolio.Unavailable([$"The portfolio file {Path.GetFileName(path)} holds errors; fix them to see its figures.", .. ex.Errors.Select(e => WithFileName(e).ToString())]);
        }
        catch (ValueInputException ex)
        {
            return ReportPortfolio.Unavailable(["The stored KPI readings disagree with the portfolio file.", .. ex.Errors.Select(e => WithFileName(e).ToString())]);
        }
    }

    // Reports are published and shared: name the portfolio file, not the server's folders.
    private static ValueDiagnostic WithFileName(ValueDiagnostic diagnostic) =>
        diagnostic.Location is { } at ? diagnostic with { Location = at with { File = Path.GetFileName(at.File) } } : diagnostic;
}
