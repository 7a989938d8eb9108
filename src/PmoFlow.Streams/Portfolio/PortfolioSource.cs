using Npgsql;
using PmoFlow.Core.Value;
using PmoFlow.Streams.Configuration;
using PmoFlow.Storage.Portfolio;

namespace PmoFlow.Streams.Portfolio;

/// <summary>A portfolio as loaded for evaluation, and the file it came from (if any).</summary>
/// <param name="Portfolio">The portfolio (with stored readings when asked for).</param>
/// <param name="Options">Its value options.</param>
/// <param name="Document">The parsed file; null when the portfolio is the definition stored in the database.</param>
public sealed record LoadedPortfolio(Core.Value.Portfolio Portfolio, ValueOptions Options, PortfolioDocument? Document)
{
    /// <summary>The diagnostic with its file location added when the portfolio came from a file.</summary>
    public ValueDiagnostic Locate(ValueDiagnostic diagnostic) => Document?.Locate(diagnostic) ?? diagnostic;
}

/// <summary>
/// Where the server, the reports and the jobs find the portfolio: the portfolio file when it exists (default
/// <c>portfolio.yaml</c> beside <c>pmoflow.yaml</c>), else the definition last stored in the database by
/// <c>pmoflow portfolio</c>, <c>pmoflow kpi import</c> or the API.
/// </summary>
public static class PortfolioSource
{
    /// <summary>The default portfolio file name, looked for beside the configuration file.</summary>
    public const string DefaultFileName = "portfolio.yaml";

    /// <summary>The default portfolio file of a configuration.</summary>
    public static string DefaultPath(PmoFlowConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Path.Combine(config.BaseDirectory, DefaultFileName);
    }

    /// <summary>Loads the portfolio; null when there is no file and none is stored.</summary>
    /// <param name="path">The portfolio file to read when it exists.</param>
    /// <param name="dataSource">The database holding the stored definition and KPI readings.</param>
    /// <param name="withStoredReadings">Adds the KPI readings stored in the database (imported or posted).</param>
    /// <param name="ct">Cancels the reads.</param>
    /// <exception cref="PortfolioFileException">The file holds errors (each located file:line).</exception>
    /// <exception cref="ValueInputException">A stored reading disagrees with the file's reading of the same date.</exception>
    public static async Task<LoadedPortfolio?> LoadAsync(string path, NpgsqlDataSource dataSource, bool withStoredReadings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(dataSource);
        LoadedPortfolio loaded;
        if (File.Exists(path))
        {
            var doc = PortfolioYamlLoader.LoadFile(path);
            loaded = new LoadedPortfolio(doc.Portfolio, doc.Options, doc);
        }
        else if (await new PortfolioRepository(dataSource).LoadDefinitionAsync(ct) is { } stored)
        {
            loaded = new LoadedPortfolio(stored.Portfolio, stored.Options, null);
        }
        else
        {
            return null;
        }

        if (!withStoredReadings)
        {
            return loaded;
        }

        var readings = await new KpiReadingStore(dataSource).ReadAsync(null, ct);
        return loaded with { Portfolio = StoredReadings.Apply(loaded.Portfolio, readings) };
    }
}
