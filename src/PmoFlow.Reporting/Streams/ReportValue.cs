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
            var notes = warnings.Select(w => w.ToString()).ToList();
            var whatIfs = WhatIfs(portfolio, definition, stream.Name, flow, options.Forecast, notes);
            return new ValueView(flow.Section with { Warnings = warnings }, flow.Result.Kpis, notes, delivered, whatIfs);
        }
        catch (ValueInputException ex)
        {
            return new ValueView(null, [], ["The portfolio holds errors; fix them to see its figures.", .. ex.Errors.Select(e => locate(e).ToString())]);
        }
    }

    /// <summary>
    /// The saved scenarios beside the baseline: <see cref="PortfolioWhatIf.Compare"/> on the evaluation's items and
    /// throughput with the report's forecast options and the default value date, the same call as
    /// <c>pmoflow portfolio --what-if</c>. A scenario that does not parse or names an unknown initiative is left out
    /// with a note.
    /// </summary>
    private static IReadOnlyList<PortfolioScenarioResult>? WhatIfs(
        ReportPortfolio portfolio, Portfolio definition, string stream, PortfolioFlowResult flow, InitiativeForecastOptions options, List<string> notes)
    {
        if (portfolio.Scenarios.Count == 0)
        {
            return null;
        }

        var scenarios = new List<PortfolioScenario>();
        foreach (var spec in portfolio.Scenarios)
        {
            try
            {
                scenarios.Add(PortfolioScenarioSpec.Parse(spec, stream));
            }
            catch (ArgumentException ex)
            {
                notes.Add($"Saved scenario left out: {ex.Message.Split(" (Parameter", 2)[0]}");
            }
        }

        var by = PortfolioWhatIf.DefaultValueBy(flow.Throughput.Today);
        IReadOnlyList<PortfolioScenarioResult> Compare(IReadOnlyList<PortfolioScenario> s) =>
            PortfolioWhatIf.Compare(definition, portfolio.Options, flow.Inputs.Items, flow.Throughput, by, s, options);
        try
        {
            return Compare(scenarios);
        }
        catch (ArgumentException)
        {
            // One scenario names an initiative the portfolio no longer has: keep the others.
            var results = new List<PortfolioScenarioResult>();
            foreach (var s in scenarios)
            {
                try
                {
                    var compared = Compare([s]);
                    if (results.Count == 0)
                    {
                        results.Add(compared[0]);
                    }

                    results.Add(compared[1]);
                }
                catch (ArgumentException ex)
                {
                    notes.Add($"Saved scenario left out: {ex.Message.Split(" (Parameter", 2)[0]}");
                }
            }

            return results.Count > 0 ? results : null;
        }
    }
}
