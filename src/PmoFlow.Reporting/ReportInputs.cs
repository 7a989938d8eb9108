using PmoFlow.Reporting.Charts;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Tables;

namespace PmoFlow.Reporting;

/// <summary>The headline values of one period; null means "no data" (never zero).</summary>
/// <param name="Throughput">Items completed in the period.</param>
/// <param name="CycleTimeP50">50th percentile cycle time of those items, in days.</param>
/// <param name="CycleTimeP85">85th percentile cycle time of those items, in days.</param>
/// <param name="Wip">Items in progress at the end of the period's last day.</param>
/// <param name="FlowEfficiency">Flow efficiency, a fraction in [0, 1].</param>
/// <param name="SleAttainment">Share of completed items within the SLE, a fraction in [0, 1].</param>
public sealed record HeadlineValues(
    double? Throughput = null,
    double? CycleTimeP50 = null,
    double? CycleTimeP85 = null,
    double? Wip = null,
    double? FlowEfficiency = null,
    double? SleAttainment = null)
{
    /// <summary>A period with no data at all.</summary>
    public static HeadlineValues None { get; } = new();
}

/// <summary>One forecast for the report: its distribution, or why there is none.</summary>
/// <param name="When">A "when" forecast, or null.</param>
/// <param name="HowMany">A "how many" forecast, or null.</param>
/// <param name="CannotForecastReason">When the core answered "cannot forecast": the reason and the figures behind it.</param>
/// <param name="Warnings">The forecast's warnings (few completions, a sharp change in throughput, ...).</param>
/// <param name="Paths">Sample trial paths of the "when" forecast, drawn as a burn-up fan behind its percentile dates (empty: no fan chart).</param>
/// <param name="Calibration">The forecast's self-calibration (its lines and reliability), or null when none ran.</param>
public sealed record ForecastView(
    WhenChartData? When = null,
    HowManyChartData? HowMany = null,
    string? CannotForecastReason = null,
    IReadOnlyList<string>? Warnings = null,
    IReadOnlyList<BurnUpPoint>? Paths = null,
    CalibrationView? Calibration = null);

/// <summary>The "Value" section's content: the evaluated portfolio against the stream, or why there is none.</summary>
/// <param name="Section">The ranking, KPI realisation series and time to value; null when the portfolio could not be evaluated.</param>
/// <param name="KpiStatuses">Every KPI's status (the KPI table), in ranking order then KPI order.</param>
/// <param name="Notes">Warnings and errors to show under the heading (figures left empty and why), already located in the portfolio file.</param>
/// <param name="DeliveredByWeek">Business value of the stream's items completed per week over the report's trailing weeks (empty: not shown).</param>
/// <param name="WhatIfs">The saved portfolio scenarios beside the baseline (<see cref="Core.Value.PortfolioWhatIf.Compare"/>, baseline first); null or empty: not shown.</param>
public sealed record ValueView(
    Core.Value.ValueSectionData? Section,
    IReadOnlyList<Core.Value.KpiStatusResult> KpiStatuses,
    IReadOnlyList<string> Notes,
    IReadOnlyList<Core.Value.ValueDelivered>? DeliveredByWeek = null,
    IReadOnlyList<Core.Value.PortfolioScenarioResult>? WhatIfs = null);

/// <summary>
/// Everything the standard weekly report shows, as plain series: the seam where the flow-metric and
/// forecast results are mapped in. <see cref="ReportBuilder.Build"/> turns it into a <see cref="ReportModel"/>.
/// </summary>
/// <remarks>Empty lists draw "No data" charts and empty tables; they never fail.</remarks>
public sealed record ReportInputs
{
    /// <summary>The value stream's name.</summary>
    public required string StreamName { get; init; }

    /// <summary>The period reported on.</summary>
    public required ReportPeriod Period { get; init; }

    /// <summary>The period compared with (usually the previous week).</summary>
    public ReportPeriod? PreviousPeriod { get; init; }

    /// <summary>The stream's IANA time zone.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>When the report is produced.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>This period's headline values.</summary>
    public HeadlineValues Current { get; init; } = HeadlineValues.None;

    /// <summary>The previous period's headline values.</summary>
    public HeadlineValues Previous { get; init; } = HeadlineValues.None;

    /// <summary>The SLE in days (configured, or the 85th percentile cycle time); null when unknown.</summary>
    public double? SleDays { get; init; }

    /// <summary>Data-quality warnings.</summary>
    public IReadOnlyList<DataQualityWarning> Warnings { get; init; } = [];

    /// <summary>The credit line the data set's licence requires, if any (see <see cref="Attributions"/>).</summary>
    public string? Attribution { get; init; }

    /// <summary>Completed items (for the scatterplot and histogram); usually a trailing window, not just the period.</summary>
    public IReadOnlyList<CycleTimePoint> CycleTimes { get; init; } = [];

    /// <summary>Cycle time percentiles of those items (e.g. P50, P70, P85, P95).</summary>
    public IReadOnlyList<ChartPercentile> CycleTimePercentiles { get; init; } = [];

    /// <summary>Throughput per bucket, zero buckets included.</summary>
    public IReadOnlyList<DatedValue> Throughput { get; init; } = [];

    /// <summary>What a throughput bucket is: "day" or "week".</summary>
    public string ThroughputBucket { get; init; } = "day";

    /// <summary>WIP at the end of each day.</summary>
    public IReadOnlyList<DatedValue> Wip { get; init; } = [];

    /// <summary>The stream's WIP limit, if any.</summary>
    public double? WipLimit { get; init; }

    /// <summary>CFD bands in stage order.</summary>
    public IReadOnlyList<CfdBand> Cfd { get; init; } = [];

    /// <summary>What the CFD band values are.</summary>
    public CfdValues CfdValues { get; init; } = CfdValues.Cumulative;

    /// <summary>The in-progress stages in workflow order (the ageing chart's columns).</summary>
    public IReadOnlyList<string> InProgressStages { get; init; } = [];

    /// <summary>Items in progress now.</summary>
    public IReadOnlyList<AgeingItem> Ageing { get; init; } = [];

    /// <summary>Blocked items now.</summary>
    public IReadOnlyList<BlockedItem> Blocked { get; init; } = [];

    /// <summary>Flow efficiency per stage (fractions).</summary>
    public IReadOnlyList<StageValue> FlowEfficiencyByStage { get; init; } = [];

    /// <summary>Value stream map stages in workflow order.</summary>
    public IReadOnlyList<VsmStageBar> ValueStream { get; init; } = [];

    /// <summary>The stream's total lead time for the value stream map, in days.</summary>
    public double TotalLeadTimeDays { get; init; }

    /// <summary>The active time within that lead time, in days.</summary>
    public double TotalActiveDays { get; init; }

    /// <summary>Waiting time per stage.</summary>
    public IReadOnlyList<StageWait> StageWaits { get; init; } = [];

    /// <summary>Waste per stage and category.</summary>
    public IReadOnlyList<WasteEntry> Waste { get; init; } = [];

    /// <summary>Forecasts to show, in order.</summary>
    public IReadOnlyList<ForecastView> Forecasts { get; init; } = [];

    /// <summary>The "Value" section (portfolio ranking, KPI realisation, time to value); null: no portfolio, no section.</summary>
    public ValueView? Value { get; init; }
}

/// <summary>Credit lines for the data sets PmoFlow is demonstrated and tested with.</summary>
public static class Attributions
{
    /// <summary>
    /// The CC BY 4.0 credit for the Apache Jira data of "An Alternative Issue Tracking Dataset of Public
    /// Jira Repositories": e.g. <c>ApacheJira("OFBiz")</c> gives
    /// "Data: Apache OFBiz Jira, via Montgomery, Lüders &amp; Maalej (MSR 2022), CC BY 4.0".
    /// </summary>
    public static string ApacheJira(string project) =>
        $"Data: Apache {project} Jira, via Montgomery, Lüders & Maalej (MSR 2022), CC BY 4.0";
}
