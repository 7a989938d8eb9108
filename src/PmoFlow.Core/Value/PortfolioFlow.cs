using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Value;

/// <summary>Options of <see cref="PortfolioFlow.Evaluate"/>.</summary>
public sealed record PortfolioFlowOptions
{
    /// <summary>Percentile, WIP limit, trials and seed of the initiative forecast.</summary>
    public InitiativeForecastOptions Forecast { get; init; } = new();

    /// <summary>
    /// The throughput sampling window; default: the last 90 days before today, or the 90 days ending on the last
    /// completion when the stream's throughput window is anchored at the last completion.
    /// </summary>
    public ThroughputWindow? Window { get; init; }
}

/// <summary>Everything the portfolio view shows for one stream.</summary>
/// <param name="Result">The evaluated portfolio (ranking with forecast dates, KPI statuses, warnings).</param>
/// <param name="Inputs">The value items taken from the flow analysis.</param>
/// <param name="Forecasts">Each initiative's forecast.</param>
/// <param name="Throughput">The throughput sample the forecast used.</param>
/// <param name="Section">The report's "Value" section data.</param>
public sealed record PortfolioFlowResult(
    PortfolioResult Result,
    FlowValueInputs Inputs,
    InitiativeForecastResult Forecasts,
    ThroughputSample Throughput,
    ValueSectionData Section);

/// <summary>
/// The portfolio linked to the flow: flow timelines → value items → WSJF order → initiative forecasts → ranking with
/// forecast dates, KPI statuses and the report's value section.
/// </summary>
/// <remarks>Pure (no clock: today is the analysis's). Thread-safe.</remarks>
public static class PortfolioFlow
{
    /// <summary>Evaluates a portfolio against one stream's flow.</summary>
    /// <param name="portfolio">The portfolio, with its KPI readings.</param>
    /// <param name="valueOptions">Value options (the portfolio file's settings).</param>
    /// <param name="stream">The stream (zone, calendar, throughput anchor).</param>
    /// <param name="analysis">The stream's flow analysis.</param>
    /// <param name="workItems">The stream's work items (parent, business value, raw type).</param>
    /// <param name="options">Forecast options (defaults when null).</param>
    /// <param name="cancellationToken">Cancels the forecast.</param>
    /// <exception cref="ValueInputException">The portfolio holds errors.</exception>
    public static PortfolioFlowResult Evaluate(
        Portfolio portfolio,
        ValueOptions valueOptions,
        StreamDefinition stream,
        FlowAnalysis analysis,
        IEnumerable<WorkItem> workItems,
        PortfolioFlowOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(valueOptions);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(analysis);
        options ??= new PortfolioFlowOptions();
        var inputs = FlowValueItems.From(analysis, workItems, stream.TimeZone);

        // The ranking does not depend on forecast dates, so a first evaluation gives the priority order.
        var order = InitiativeForecaster.PriorityOrder(portfolio, PortfolioEvaluator.Evaluate(portfolio, inputs.Items, null, valueOptions));
        var window = options.Window ?? (stream.Options.ThroughputAnchor == ThroughputAnchor.LastCompletion
            ? ThroughputWindow.AnchoredAtLastCompletion(90)
            : ThroughputWindow.Default);
        // Through ForecastSampling, so the analysis' forecast switches (excluded dates, weekday pools, cold start) apply here too.
        var sample = ForecastSampling.From(analysis, new SamplingOptions { Window = window, Calendar = stream.Calendar });
        var forecasts = InitiativeForecaster.Forecast(order, inputs.Items, sample, options.Forecast, cancellationToken);
        var result = PortfolioEvaluator.Evaluate(portfolio, inputs.Items, forecasts.Dates, valueOptions);
        var section = ValueSection.Build(portfolio, result, inputs.Items, valueOptions);
        return new PortfolioFlowResult(result, inputs, forecasts, sample, section);
    }
}
