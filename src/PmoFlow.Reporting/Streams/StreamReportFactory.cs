using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Streams;

/// <summary>
/// Builds a stream's weekly report from its items and events: three flow analyses (the week, the week before, the
/// trailing weeks for the charts), two forecasts, and every chart input, table and warning of <see cref="ReportInputs"/>.
/// </summary>
/// <remarks>
/// <para>
/// Pure: no I/O and no clock (the request carries the as-of instant). The week's figures are computed as of the end of
/// the week, or the request's as-of instant when the week is not over; the previous week's as of its own end, from the
/// data known then only. The SLE (configured, else the 85th percentile cycle time of the trailing weeks) is the one bar
/// both weeks' SLE attainment is measured against.
/// </para>
/// <para>Thread-safe: every call works on its own state.</para>
/// </remarks>
public static class StreamReportFactory
{
    /// <summary>Builds the report from items and events held in memory (any order; repeated events count once).</summary>
    public static StreamReport Create(StreamReportRequest request, IEnumerable<WorkItem> items, IEnumerable<FlowEvent> events)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Create(request, FlowAnalyzer.Histories(request.Stream, items, events));
    }

    /// <summary>Builds the report from one history per item (e.g. grouped from a database reader in item order).</summary>
    /// <remarks>The histories are enumerated once and kept in memory: the three analyses each read them.</remarks>
    public static StreamReport Create(StreamReportRequest request, IEnumerable<ItemHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.TrailingWeeks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.HowManyWeeks, 1);
        var stream = request.Stream;
        var list = StreamHistories.InStream(stream, histories);
        var zone = stream.TimeZone;
        var calendar = StreamCalendar.Of(stream);
        var period = ReportPeriod.WeekOf(calendar, request.Week);
        var previousPeriod = ReportPeriod.WeekOf(calendar, period.From.AddDays(-1));

        if (request.AsOf < calendar.StartOfDay(period.From))
        {
            throw new ArgumentException(
                $"The week {period.Label} ({period.From:yyyy-MM-dd}..{period.To:yyyy-MM-dd}) has not begun as of {request.AsOf:yyyy-MM-dd HH:mm zzz}.",
                nameof(request));
        }

        var periodEnd = calendar.EndOfDay(period.To);
        var asOf = request.AsOf < periodEnd ? request.AsOf : periodEnd;
        var today = calendar.DateOf(asOf);
        var options = WithHeadlinePercentiles(stream.Options);

        var trailing = FlowAnalyzer.Analyze(stream, list, new FlowQuery
        {
            AsOf = asOf,
            From = period.To.AddDays(1 - (7 * request.TrailingWeeks)),
            To = today,
            Options = options,
        });
        var sle = trailing.SleDays;
        var current = FlowAnalyzer.Analyze(stream, list, new FlowQuery
        {
            AsOf = asOf, From = period.From, To = today, Options = options, SleDays = sle,
        });
        var previous = FlowAnalyzer.Analyze(stream, list, new FlowQuery
        {
            AsOf = calendar.EndOfDay(previousPeriod.To),
            From = previousPeriod.From,
            To = previousPeriod.To,
            Options = options,
            SleDays = sle,
        });

        var forecasts = ReportForecasts.Run(request, trailing, today);
        var warnings = FlowMapping.Warnings(trailing);
        if (OldData.Of(trailing) is { } old)
        {
            // The one old-data rule (the CLI's note, the API's oldData): the week's figures are empty because the data ends earlier.
            warnings.Insert(0, new DataQualityWarning("old-data", $"The data is old: {old.Message()} (or --week {ReportPeriod.WeekOf(calendar, old.LastCompletion).Label})."));
        }

        if (asOf < periodEnd)
        {
            warnings.Insert(0, new DataQualityWarning(
                "partial-period",
                $"The week {period.Label} is not over: its figures run to {asOf.ToUniversalTime():yyyy-MM-dd HH:mm} UTC ({today:yyyy-MM-dd} in {zone.Id})."));
        }

        var inputs = new ReportInputs
        {
            StreamName = stream.Name,
            Period = period,
            PreviousPeriod = previousPeriod,
            TimeZone = zone.Id,
            GeneratedAt = request.GeneratedAt ?? request.AsOf,
            Current = FlowMapping.Headlines(current, stream, sle),
            Previous = FlowMapping.Headlines(previous, stream, sle),
            SleDays = sle,
            Warnings = warnings,
            Attribution = request.Attribution,
            CycleTimes = FlowMapping.CycleTimes(trailing, stream),
            CycleTimePercentiles = FlowMapping.Percentiles(trailing.CycleTime),
            Throughput = [.. trailing.ThroughputDaily.Select(d => new Charts.DatedValue(d.Date, d.Items))],
            ThroughputBucket = "day",
            Wip = [.. trailing.Wip.Select(d => new Charts.DatedValue(d.Date, d.Items))],
            WipLimit = FlowMapping.WipLimit(stream),
            Cfd = FlowMapping.Cfd(trailing),
            CfdValues = trailing.Cfd.Mode == "currently-in-stage" ? Charts.CfdValues.InStage : Charts.CfdValues.Cumulative,
            InProgressStages = FlowMapping.InProgressStages(stream),
            Ageing = FlowMapping.Ageing(trailing),
            Blocked = FlowMapping.Blocked(trailing, list, asOf, zone),
            FlowEfficiencyByStage = FlowMapping.EfficiencyByStage(trailing),
            ValueStream = FlowMapping.ValueStream(trailing),
            TotalLeadTimeDays = FlowMapping.PerItem(trailing.ValueStreamMap.TotalLeadTimeDays, trailing.ValueStreamMap.Items),
            TotalActiveDays = FlowMapping.PerItem(trailing.ValueStreamMap.TotalActiveDays, trailing.ValueStreamMap.Items),
            StageWaits = FlowMapping.StageWaits(trailing),
            Waste = FlowMapping.Waste(trailing),
            Forecasts = forecasts.Views,
            Value = request.Portfolio is { } portfolio
                ? ReportValue.Evaluate(portfolio, request, list, asOf, period.To.AddDays(1 - (7 * request.TrailingWeeks)), today)
                : null,
        };
        return new StreamReport(inputs, ReportBuilder.Build(inputs), current, previous, trailing, forecasts.When, forecasts.HowMany);
    }

    /// <summary>The stream's options with P50 and P85 added to its percentiles (the headline figures need both).</summary>
    internal static FlowOptions WithHeadlinePercentiles(FlowOptions options)
    {
        var percentiles = options.Percentiles.Union([50.0, 85.0]).Order().ToList();
        return percentiles.Count == options.Percentiles.Count ? options : options with { Percentiles = percentiles };
    }
}
