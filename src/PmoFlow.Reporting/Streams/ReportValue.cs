using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Value;

namespace PmoFlow.Reporting.Streams;

/// <summary>Evaluates a report's portfolio against the stream for the "Value" section.</summary>
internal static class ReportValue
{
    /// <summary>
    /// The section's content as of <paramref name="asOf"/>: the stream analysed over its default window (the same figures
    /// as <c>pmoflow portfolio --as-of</c>), the portfolio evaluated against it with the report's forecast trials and seed.
    /// A portfolio holding errors gives a section listing them, never a failed report.
    /// </summary>
    /// <param name="portfolio">The portfolio.</param>
    /// <param name="request">The report request (stream, forecast trials and seed).</param>
    /// <param name="histories">The stream's histories.</param>
    /// <param name="asOf">The report's instant.</param>
    /// <param name="from">First day of the report's trailing weeks (value delivered per week starts there).</param>
    /// <param name="to">The report's last day (as-of day).</param>
    public static ValueView Evaluate(
        ReportPortfolio portfolio, StreamReportRequest request, IReadOnlyList<ItemHistory> histories, DateTimeOffset asOf, DateOnly from, DateOnly to)
    {
        if (portfolio.Portfolio is not { } definition)
        {
            return new ValueView(null, [], portfolio.Errors);
        }

        var locate = portfolio.Locate ?? (d => d);
        var stream = request.Stream;
        var analysis = FlowAnalyzer.Analyze(stream, histories, new FlowQuery { AsOf = asOf });
        var options = new PortfolioFlowOptions
        {
            Forecast = new InitiativeForecastOptions
            {
                Forecast = new ForecastOptions
                {
                    Trials = request.ForecastTrials,
                    Seed = request.ForecastSeed,
                    MaxDegreeOfParallelism = request.MaxDegreeOfParallelism,
                },
            },
        };
        try
        {
            var flow = PortfolioFlow.Evaluate(definition, portfolio.Options, stream, analysis, histories.Select(h => h.Item), options);
            var warnings = flow.Result.Warnings.Select(locate).ToList();
            var delivered = ValueDelivery.ByPeriod(flow.Inputs.Items, from, to, ValuePeriod.Week, stream.Options.WeekEndsOn);
            return new ValueView(flow.Section with { Warnings = warnings }, flow.Result.Kpis, [.. warnings.Select(w => w.ToString())], delivered);
        }
        catch (ValueInputException ex)
        {
            return new ValueView(null, [], ["The portfolio holds errors; fix them to see its figures.", .. ex.Errors.Select(e => locate(e).ToString())]);
        }
    }
}
