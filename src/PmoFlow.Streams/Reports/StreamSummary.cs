using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Reporting.Streams;

namespace PmoFlow.Streams.Reports;

/// <summary>
/// The headline figures of a stream as of an instant, read off its weekly report so that the summary the demo prints
/// and the report it writes can never disagree: the week's throughput and P50/P85 cycle time, WIP and the open backlog
/// at the as-of instant, and the dates by which the open backlog is done at P50 and P85.
/// </summary>
/// <param name="Stream">The stream's name.</param>
/// <param name="AsOf">The as-of instant (UTC).</param>
/// <param name="Today">Its local date.</param>
/// <param name="Week">The week's label (e.g. 2026-W49).</param>
/// <param name="PartialWeek">Whether the week is not over at the as-of instant (week to date).</param>
/// <param name="Items">Items of the stream.</param>
/// <param name="Done">Items done as of the as-of instant.</param>
/// <param name="Throughput">Items done in the week (to date).</param>
/// <param name="CycleTimeP50">P50 cycle time of the week's completions, in days.</param>
/// <param name="CycleTimeP85">P85 cycle time of the week's completions, in days.</param>
/// <param name="Wip">Items in progress at the as-of instant.</param>
/// <param name="OpenBacklog">Items open (backlog and in progress) at the as-of instant.</param>
/// <param name="BacklogDoneP50">The date the open backlog is done by at P50, or null.</param>
/// <param name="BacklogDoneP85">The date the open backlog is done by at P85, or null.</param>
/// <param name="CannotForecast">Why the backlog could not be forecast, or null.</param>
/// <param name="Calibration">
/// What self-calibration did for the backlog's dates (the P85 line: "P85 calibrated on 52 past forecasts: …", or why
/// they are the raw model's), or null without a forecast.
/// </param>
public sealed record StreamSummary(
    string Stream,
    DateTimeOffset AsOf,
    DateOnly Today,
    string Week,
    bool PartialWeek,
    int Items,
    int Done,
    double? Throughput,
    double? CycleTimeP50,
    double? CycleTimeP85,
    double? Wip,
    int OpenBacklog,
    DateOnly? BacklogDoneP50,
    DateOnly? BacklogDoneP85,
    string? CannotForecast,
    string? Calibration = null)
{
    /// <summary>
    /// The calendar's holidays the backlog forecast stepped over: after the as-of date up to the P85 date (the
    /// forecast's horizon as the summary shows it), with their names when the calendar names them; empty without a forecast.
    /// </summary>
    public IReadOnlyList<Holiday> HolidaysSkipped { get; init; } = [];

    /// <summary>The summary of a built report; <paramref name="calendar"/> (the stream's) lists the holidays its forecast skipped.</summary>
    public static StreamSummary Of(StreamReport report, WorkingCalendar? calendar = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var trailing = report.Trailing;
        var current = report.Inputs.Current;
        DateOnly? At(double p) => report.When?.Overall?.Percentiles.FirstOrDefault(x => x.Percentile == p)?.Date;
        return new StreamSummary(
            report.Inputs.StreamName,
            trailing.AsOf,
            trailing.Today,
            report.Inputs.Period.Label,
            report.Model.Warnings.Any(w => w.Code == "partial-period"),
            trailing.Items.Count,
            trailing.Items.Count(i => i.State == ItemState.Done),
            current.Throughput,
            current.CycleTimeP50,
            current.CycleTimeP85,
            current.Wip,
            Backlog.Open(trailing),
            At(50),
            At(85),
            report.When is null ? "no open item" : report.When.Overall is null ? report.When.Reason : null,
            report.When is null ? null : CalibrationLine(report))
        {
            HolidaysSkipped = calendar is not null && At(85) is { } horizon ? calendar.HolidaysBetween(trailing.Today, horizon) : [],
        };
    }

    private static string? CalibrationLine(StreamReport report)
    {
        var lines = report.Inputs.Forecasts.FirstOrDefault(v => v.Calibration is not null)?.Calibration?.Lines ?? [];
        return lines.FirstOrDefault(l => l.StartsWith("P85 ", StringComparison.Ordinal)) ?? (lines.Count > 0 ? lines[0] : null);
    }
}
