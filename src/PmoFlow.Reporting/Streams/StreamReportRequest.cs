using PmoFlow.Core.Model;

namespace PmoFlow.Reporting.Streams;

/// <summary>What weekly report to build for a stream: the week, the as-of instant and the forecast settings.</summary>
/// <remarks>Immutable. Dates are local dates in the stream's time zone; instants are absolute.</remarks>
public sealed record StreamReportRequest
{
    /// <summary>The value stream.</summary>
    public required StreamDefinition Stream { get; init; }

    /// <summary>Any local date of the week to report on (the week holding it, see <see cref="Model.ReportPeriod.WeekOf"/>).</summary>
    public required DateOnly Week { get; init; }

    /// <summary>
    /// The instant the report is computed as of. Figures of the week use the data known at the end of the week or at
    /// this instant, whichever is earlier; a week that has not begun by then is refused.
    /// </summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>The report's time stamp (default: <see cref="AsOf"/>).</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>The credit line the data set's licence requires, if any (e.g. <see cref="Attributions.ApacheJira"/>).</summary>
    public string? Attribution { get; init; }

    /// <summary>Weeks of history the charts show, ending with the reported week (default 12).</summary>
    public int TrailingWeeks { get; init; } = 12;

    /// <summary>The "how many" forecast's horizon, in weeks after the as-of day (default 4).</summary>
    public int HowManyWeeks { get; init; } = 4;

    /// <summary>The deadline of the "when" forecast's odds (default: the "how many" date).</summary>
    public DateOnly? Deadline { get; init; }

    /// <summary>Monte Carlo trials of the forecasts (default 10,000).</summary>
    public int ForecastTrials { get; init; } = Core.Forecasting.ForecastDefaults.Trials;

    /// <summary>The forecasts' seed (default <see cref="Core.Forecasting.ForecastOptions.DefaultSeed"/>).</summary>
    public ulong ForecastSeed { get; init; } = Core.Forecasting.ForecastOptions.DefaultSeed;

    /// <summary>Throughput sampling window of the forecasts, in days before the as-of day (default 90).</summary>
    public int SamplingDays { get; init; } = Core.Forecasting.ForecastDefaults.SamplingDays;

    /// <summary>
    /// The portfolio evaluated in the report's "Value" section (ranking, KPI realisation, time to value, initiative
    /// forecasts); null: the report has no "Value" section.
    /// </summary>
    public ReportPortfolio? Portfolio { get; init; }

    /// <summary>Worker threads of the Monte Carlo runs (null: all cores); the result does not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>
    /// Who answers the report's two forecasts: the application layer's forecast use case (StreamForecasts, set by
    /// StreamReports for every door), so the report's dates are the CLI's and the API's; null: the report's own defaults.
    /// </summary>
    public ReportForecaster? Forecaster { get; init; }
}

/// <summary>Answers a report's "when will the open backlog be done" (odds for <c>deadline</c>) and "how many by <c>by</c>".</summary>
/// <param name="request">The report request (stream, trials, seed, sampling days, threads).</param>
/// <param name="trailing">The analysis of the report's trailing weeks, up to its today.</param>
/// <param name="deadline">The deadline of the "when" odds.</param>
/// <param name="by">The "how many" date.</param>
public delegate ReportForecastAnswers ReportForecaster(StreamReportRequest request, Core.Flow.FlowAnalysis trailing, DateOnly deadline, DateOnly by);

/// <summary>A report's two forecasts and what self-calibration did for each.</summary>
/// <param name="Sample">The throughput sample (the burn-up fan's paths are drawn from it).</param>
/// <param name="When">"When" for the open backlog; null when nothing is open.</param>
/// <param name="WhenCalibration">What calibration did for it (null: off or no forecast).</param>
/// <param name="HowMany">"How many by the date".</param>
/// <param name="HowManyCalibration">What calibration did for it (null: off).</param>
public sealed record ReportForecastAnswers(
    Core.Forecasting.ThroughputSample Sample, Core.Forecasting.WhenForecast? When, Core.Forecasting.ForecastCalibration? WhenCalibration,
    Core.Forecasting.HowManyForecast HowMany, Core.Forecasting.ForecastCalibration? HowManyCalibration);
