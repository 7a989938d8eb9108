using Npgsql;
using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Core.Value;
using PmoFlow.Storage.Reading;

namespace PmoFlow.Storage.Portfolio;

/// <summary>A portfolio evaluated against a stored stream, with the portfolio as evaluated (stored readings added).</summary>
/// <param name="Portfolio">The portfolio with every reading it was evaluated with.</param>
/// <param name="Flow">The evaluation.</param>
public sealed record StreamPortfolioResult(Core.Value.Portfolio Portfolio, PortfolioFlowResult Flow);

/// <summary>
/// Evaluates a portfolio against a value stream stored in the database: stored KPI readings are added, the stream's
/// events are analysed as of an instant, and <see cref="PortfolioFlow.Evaluate"/> does the rest. Shared by the CLI and
/// the server.
/// </summary>
/// <remarks>Reads the stream's events into memory (one stream at a time). Thread-safe.</remarks>
public sealed class StoredStreamPortfolio(NpgsqlDataSource dataSource)
{
    /// <summary>Evaluates <paramref name="portfolio"/> against the stream.</summary>
    /// <param name="portfolio">The portfolio (with the readings of its file, if any).</param>
    /// <param name="options">Its value options.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="sources">The stream's source names.</param>
    /// <param name="asOf">The instant figures are computed as of ("now").</param>
    /// <param name="flowOptions">Forecast options (defaults when null).</param>
    /// <param name="ct">Cancels the reads and the forecast.</param>
    /// <exception cref="ValueInputException">The portfolio holds errors, or a stored reading disagrees with the file's.</exception>
    public async Task<StreamPortfolioResult> EvaluateAsync(
        Core.Value.Portfolio portfolio,
        ValueOptions options,
        StreamDefinition stream,
        IReadOnlyCollection<string> sources,
        DateTimeOffset asOf,
        PortfolioFlowOptions? flowOptions,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sources);
        var stored = await new KpiReadingStore(dataSource).ReadAsync(null, ct);
        portfolio = StoredReadings.Apply(portfolio, stored);
        var reader = new EventReader(dataSource);
        var items = await reader.ReadWorkItemsAsync(sources, ct);
        var events = new List<FlowEvent>();
        await foreach (var e in reader.ReadEventsAsync(sources, ct))
        {
            events.Add(e);
        }

        var analysis = FlowAnalyzer.Analyze(stream, items, events, new FlowQuery { AsOf = asOf });
        var flow = PortfolioFlow.Evaluate(portfolio, options, stream, analysis, items, flowOptions, ct);
        return new StreamPortfolioResult(portfolio, flow);
    }
}
