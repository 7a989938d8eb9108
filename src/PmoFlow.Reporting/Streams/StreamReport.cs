using PmoFlow.Core.Flow;
using PmoFlow.Reporting.Model;
using CoreForecast = PmoFlow.Core.Forecasting;

namespace PmoFlow.Reporting.Streams;

/// <summary>A stream's weekly report and the figures it was built from.</summary>
/// <param name="Inputs">The plain series handed to <see cref="ReportBuilder"/>.</param>
/// <param name="Model">The report.</param>
/// <param name="Current">The analysis of the reported week (window = the week up to the as-of day).</param>
/// <param name="Previous">The analysis of the week before, as known at its own end.</param>
/// <param name="Trailing">The analysis behind the charts (window = the trailing weeks ending with the reported week).</param>
/// <param name="When">The "when will the open items be done" forecast, or null when there is no open item.</param>
/// <param name="HowMany">The "how many by the horizon date" forecast.</param>
public sealed record StreamReport(
    ReportInputs Inputs,
    ReportModel Model,
    FlowAnalysis Current,
    FlowAnalysis Previous,
    FlowAnalysis Trailing,
    CoreForecast.WhenForecast? When,
    CoreForecast.HowManyForecast HowMany);
