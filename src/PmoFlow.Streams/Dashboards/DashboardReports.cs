using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Streams;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Loading;
using PmoFlow.Streams.Reports;

namespace PmoFlow.Streams.Dashboards;

/// <summary>Where a dashboard's panels get their streams' data and reports (the database, or the server's cache).</summary>
public interface IDashboardData
{
    /// <summary>The stream's item histories.</summary>
    Task<IReadOnlyList<ItemHistory>> HistoriesAsync(StreamConfig stream, CancellationToken ct);

    /// <summary>The stream's weekly report (<see cref="StreamReports.Build"/>) of the week holding <paramref name="week"/>.</summary>
    Task<ReportModel> ReportAsync(StreamConfig stream, DateOnly week, DateTimeOffset asOf, int? trailingWeeks, CancellationToken ct);
}

/// <summary>
/// Dashboard data read from the database: each stream's histories once, the portfolio once, each distinct report once.
/// </summary>
/// <remarks>Thread-safe. Meant for one dashboard or report run (it keeps what it read).</remarks>
public sealed class StoredDashboardData(PmoFlowConfig config, NpgsqlDataSource dataSource, int? parallelism = null) : IDashboardData
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<ItemHistory>>>> _histories = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Lazy<Task<ReportModel>>> _reports = new(StringComparer.Ordinal);
    private readonly Lazy<Task<ReportPortfolio?>> _portfolio = new(() => ReportPortfolios.LoadAsync(config, dataSource, CancellationToken.None));

    /// <inheritdoc />
    public Task<IReadOnlyList<ItemHistory>> HistoriesAsync(StreamConfig stream, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return _histories.GetOrAdd(stream.Definition.Name, _ => new Lazy<Task<IReadOnlyList<ItemHistory>>>(
            () => StreamLoader.LoadHistoriesAsync(dataSource, config, stream, CancellationToken.None))).Value.WaitAsync(ct);
    }

    /// <inheritdoc />
    public Task<ReportModel> ReportAsync(StreamConfig stream, DateOnly week, DateTimeOffset asOf, int? trailingWeeks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var key = string.Create(CultureInfo.InvariantCulture, $"{stream.Definition.Name}|{week:yyyy-MM-dd}|{asOf.UtcTicks}|{trailingWeeks}");
        return _reports.GetOrAdd(key, _ => new Lazy<Task<ReportModel>>(async () =>
        {
            var histories = await HistoriesAsync(stream, CancellationToken.None).ConfigureAwait(false);
            var portfolio = await _portfolio.Value.ConfigureAwait(false);
            return StreamReports.Build(config, stream, week, asOf, histories, portfolio, parallelism, trailingWeeks).Model;
        })).Value.WaitAsync(ct);
    }
}

/// <summary>
/// A dashboard's panels as report sections, and the weekly report rendered from a dashboard: each panel is the part of
/// its stream's report (same builder, same charts and tables) for its own week, as-of and window, in the dashboard's
/// order. The one rule behind the dashboard page, <c>pmoflow report --dashboard</c> and the publish job's
/// <c>report.dashboard</c>.
/// </summary>
public static class DashboardReports
{
    /// <summary>
    /// One section per panel, in the dashboard's order (<c>panel-1</c>, <c>panel-2</c>, …), each starting with a note
    /// naming its stream, week and as-of. A panel that cannot be shown (a week not begun, a part the report does not
    /// hold) is a section saying why; the others still show.
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="dashboard">The dashboard.</param>
    /// <param name="stream">The dashboard's stream (panels without a stream show it).</param>
    /// <param name="week">A day of the dashboard's week.</param>
    /// <param name="asOf">The dashboard's instant; panels' as-ofs and weeks are read relative to it.</param>
    /// <param name="data">Where histories and reports come from.</param>
    /// <param name="ct">Cancels the reads.</param>
    public static async Task<IReadOnlyList<ReportSection>> PanelsAsync(
        PmoFlowConfig config, Dashboard dashboard, StreamConfig stream, DateOnly week, DateTimeOffset asOf, IDashboardData data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(dashboard);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(data);
        var sections = new List<ReportSection>(dashboard.Panels.Count);
        for (var i = 0; i < dashboard.Panels.Count; i++)
        {
            var panel = dashboard.Panels[i];
            var number = i + 1;
            try
            {
                sections.Add(await PanelAsync(config, panel, number, stream, week, asOf, data, ct).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is ArgumentException or ConfigException)
            {
                sections.Add(new ReportSection(
                    "panel-" + number.ToString(CultureInfo.InvariantCulture), panel.Title ?? panel.Show, [], [],
                    [$"This panel cannot be shown: {ex.Message.Split(" (Parameter", 2)[0]}"]));
            }
        }

        return sections;
    }

    /// <summary>
    /// The weekly report rendered from a dashboard: the stream's report of the week typed by a user (null: the last
    /// complete week that has data) as of an as-of typed by a user (null: <paramref name="now"/>), its headline figures
    /// and warnings, with the dashboard's panels as its sections.
    /// </summary>
    public static async Task<ReportModel> BuildAsync(
        PmoFlowConfig config, StreamConfig stream, Dashboard dashboard, string? week, string? asOf, DateTimeOffset now, IDashboardData data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(data);
        var calendar = StreamCalendar.Of(stream.Definition);
        var instant = calendar.ParseAsOf(asOf, now);
        var histories = await data.HistoriesAsync(stream, ct).ConfigureAwait(false);
        var day = week is null ? StreamReports.DefaultWeek(calendar, instant, histories) : calendar.ParseWeek(week, calendar.DateOf(instant));
        return await BuildAsync(config, stream, dashboard, day, instant, data, ct).ConfigureAwait(false);
    }

    /// <summary>The report of the week holding <paramref name="week"/> as of <paramref name="asOf"/>, with the dashboard's panels as its sections.</summary>
    public static async Task<ReportModel> BuildAsync(
        PmoFlowConfig config, StreamConfig stream, Dashboard dashboard, DateOnly week, DateTimeOffset asOf, IDashboardData data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        var report = await data.ReportAsync(stream, week, asOf, null, ct).ConfigureAwait(false);
        var panels = await PanelsAsync(config, dashboard, stream, week, asOf, data, ct).ConfigureAwait(false);
        return report with { Sections = panels };
    }

    private static async Task<ReportSection> PanelAsync(
        PmoFlowConfig config, DashboardPanel panel, int number, StreamConfig stream, DateOnly week, DateTimeOffset asOf, IDashboardData data, CancellationToken ct)
    {
        var own = panel.Stream is not { } name ? stream
            : config.Streams.FirstOrDefault(s => string.Equals(s.Definition.Name, name, StringComparison.OrdinalIgnoreCase))
              ?? throw new ArgumentException($"no stream is named '{name}'.");
        var calendar = StreamCalendar.Of(own.Definition);
        var at = panel.AsOf is null ? asOf : calendar.ParseAsOf(panel.AsOf, asOf, "asOf");
        DateOnly day;
        if (panel.Week is { } w)
        {
            day = calendar.ParseWeek(w, calendar.DateOf(at), "week");
        }
        else if (panel.AsOf is null && ReferenceEquals(own, stream))
        {
            day = week;
        }
        else
        {
            day = StreamReports.DefaultWeek(calendar, at, await data.HistoriesAsync(own, ct).ConfigureAwait(false));
        }

        var report = await data.ReportAsync(own, day, at, panel.Weeks, ct).ConfigureAwait(false);
        var note = string.Create(CultureInfo.InvariantCulture,
            $"{own.Definition.Name} · {report.Period.Label} · as of {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC")
            + (panel.Weeks is { } n ? string.Create(CultureInfo.InvariantCulture, $" · {n} weeks of history") : string.Empty);
        return ReportPanels.Select(report, panel.Show, number, panel.Title, panel.Height, [note])
            ?? new ReportSection(
                "panel-" + number.ToString(CultureInfo.InvariantCulture), panel.Title ?? panel.Show, [], [],
                [note, $"The report of {own.Definition.Name} has no section, chart or table '{panel.Show}'."]);
    }
}
