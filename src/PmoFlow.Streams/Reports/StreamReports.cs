using Npgsql;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Rendering;
using PmoFlow.Reporting.Streams;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Forecasting;
using PmoFlow.Streams.Loading;

namespace PmoFlow.Streams.Reports;

/// <summary>
/// The "report for a period" use case: a stream's weekly flow report (<see cref="StreamReportFactory"/>) built from
/// the stored events, with its attribution and the portfolio's "Value" section. The one builder behind
/// <c>pmoflow report</c>, the demo, the dashboard and the publish job.
/// </summary>
/// <remarks>Thread-safe; each call reads the database with its own connections.</remarks>
public static class StreamReports
{
    /// <summary>Reads the stream's items and events and builds its report for the week holding <paramref name="week"/>.</summary>
    /// <param name="config">The configuration (streams, sources).</param>
    /// <param name="stream">The stream.</param>
    /// <param name="dataSource">The database.</param>
    /// <param name="week">A local date in the week to report on.</param>
    /// <param name="asOf">The instant the report is computed as of (the week's figures stop at its end).</param>
    /// <param name="ct">Cancels the read.</param>
    public static async Task<StreamReport> BuildAsync(
        PmoFlowConfig config, StreamConfig stream, NpgsqlDataSource dataSource, DateOnly week, DateTimeOffset asOf, CancellationToken ct)
    {
        var histories = await StreamLoader.LoadHistoriesAsync(dataSource, config, stream, ct).ConfigureAwait(false);
        var portfolio = await ReportPortfolios.LoadAsync(config, dataSource, ct).ConfigureAwait(false);
        return Build(config, stream, week, asOf, histories, portfolio);
    }

    /// <summary>
    /// Builds the report of a week typed by a user (null: the last complete week that has data), as of an as-of typed
    /// by a user (null: now): the rule behind <c>pmoflow report</c>.
    /// </summary>
    public static async Task<StreamReport> BuildAsync(
        PmoFlowConfig config, StreamConfig stream, NpgsqlDataSource dataSource, string? week, string? asOf, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var calendar = StreamCalendar.Of(stream.Definition);
        var instant = calendar.ParseAsOf(asOf, now);
        var histories = await StreamLoader.LoadHistoriesAsync(dataSource, config, stream, ct).ConfigureAwait(false);
        var day = week is null ? DefaultWeek(calendar, instant, histories) : calendar.ParseWeek(week, calendar.DateOf(instant));
        var portfolio = await ReportPortfolios.LoadAsync(config, dataSource, ct).ConfigureAwait(false);
        return Build(config, stream, day, instant, histories, portfolio);
    }

    /// <summary>
    /// The week a report shows when none is asked for: the last complete week before the as-of date, or, when the
    /// stream's last event is older than that week, the week holding the last event (so an old data set still gets
    /// a report with figures). Returns a day inside the week.
    /// </summary>
    public static DateOnly DefaultWeek(StreamCalendar calendar, DateTimeOffset asOf, IReadOnlyList<ItemHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(histories);
        var lastComplete = calendar.LastCompleteWeek(calendar.DateOf(asOf));
        var last = histories.SelectMany(h => h.Events).Where(e => e.At <= asOf).Select(e => (DateTimeOffset?)e.At).DefaultIfEmpty().Max();
        return last is { } l && calendar.DateOf(l) < calendar.WeekStart(lastComplete) ? calendar.DateOf(l) : lastComplete;
    }

    /// <summary>Builds the report of the week holding <paramref name="week"/> from histories held in memory (pure).</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="week">A local date in the week to report on.</param>
    /// <param name="asOf">The instant the report is computed as of.</param>
    /// <param name="histories">The stream's histories.</param>
    /// <param name="portfolio">The portfolio of the "Value" section, if any.</param>
    /// <param name="parallelism">Worker threads of the Monte Carlo runs (null: all cores).</param>
    /// <param name="trailingWeeks">Weeks of history the charts show (null: the report's default, 12).</param>
    public static StreamReport Build(
        PmoFlowConfig config, StreamConfig stream, DateOnly week, DateTimeOffset asOf, IReadOnlyList<ItemHistory> histories,
        ReportPortfolio? portfolio, int? parallelism = null, int? trailingWeeks = null)
    {
        var request = Request(config, stream, week, asOf, portfolio) with { MaxDegreeOfParallelism = parallelism };
        return StreamReportFactory.Create(trailingWeeks is { } w ? request with { TrailingWeeks = w } : request, histories);
    }

    /// <summary>
    /// The report a scheduled period publishes: the week holding the period's last local day, computed as of the
    /// period's last instant (<paramref name="periodEnd"/>, exclusive, minus one tick). For a weekly period that is
    /// exactly the week before the fire; a day, month or schedule period gets the week-to-date report of its last day,
    /// which the report marks as a partial week. The as-of depends only on the period, so rebuilding a period gives the
    /// same bytes while its events do not change.
    /// </summary>
    public static StreamReport BuildForPeriod(
        PmoFlowConfig config, StreamConfig stream, DateTimeOffset periodEnd, IReadOnlyList<ItemHistory> histories, ReportPortfolio? portfolio = null)
    {
        var (week, asOf) = PeriodView(stream, periodEnd);
        return Build(config, stream, week, asOf, histories, portfolio);
    }

    /// <summary>
    /// The week and as-of a scheduled period's report shows (see <see cref="BuildForPeriod"/>): the period's last instant
    /// (<paramref name="periodEnd"/>, exclusive, minus one tick) and the local day it falls on.
    /// </summary>
    public static (DateOnly Week, DateTimeOffset AsOf) PeriodView(StreamConfig stream, DateTimeOffset periodEnd)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var asOf = periodEnd.AddTicks(-1);
        return (StreamCalendar.Of(stream.Definition).DateOf(asOf), asOf);
    }

    /// <summary>The report request for a configured stream: its definition, the week, the as-of instant, its attribution and the portfolio.</summary>
    public static StreamReportRequest Request(PmoFlowConfig config, StreamConfig stream, DateOnly week, DateTimeOffset asOf, ReportPortfolio? portfolio)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new StreamReportRequest
        {
            Stream = stream.Definition,
            Week = week,
            AsOf = asOf,
            Attribution = ReportAttribution.For(config, stream),
            Portfolio = portfolio,
            // The report's forecasts are the forecast use case's (one answer for every door).
            Forecaster = StreamForecasts.ForReport,
        };
    }

    /// <summary>
    /// One line per headline figure ("Throughput: 12 items (+3 vs 2026-W12, better)"), then a line counting the
    /// data-quality warnings when there are any: what chat messages and e-mails show.
    /// </summary>
    public static IReadOnlyList<string> Highlights(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var previous = model.PreviousPeriod?.Label ?? "the previous period";
        var lines = model.Headlines
            .Select(h => $"{h.Label}: {FigureFormat.Value(h, h.Value)}"
                + (h.Change.Delta is null ? string.Empty : $" ({FigureFormat.Delta(h)} vs {previous}, {FigureFormat.Assessment(h.Change)})"))
            .ToList();
        if (model.Warnings.Count > 0)
        {
            lines.Add(model.Warnings.Count == 1 ? "1 data-quality warning (see the report)" : $"{model.Warnings.Count} data-quality warnings (see the report)");
        }

        return lines;
    }
}
