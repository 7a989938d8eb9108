using System.Globalization;
using System.Text;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;
using PmoFlow.Core.Value;
using PmoFlow.Reporting.Board;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Streams;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Forecasting;
using PmoFlow.Streams.Reports;

namespace PmoFlow.Server.Data;

/// <summary>
/// One stream's data as read at one instant, with the analyses computed from it so far. Immutable apart from its
/// bounded memo of analyses and reports; thread-safe.
/// </summary>
public sealed class StreamSnapshot
{
    /// <summary>Days in the default metrics window (ending today).</summary>
    public const int DefaultWindowDays = 90;

    private readonly SnapshotMemo _memo;

    internal StreamSnapshot(StreamConfig stream, IReadOnlyList<ItemHistory> histories, DateTimeOffset asOf, DateTimeOffset loadedAt, ReportPortfolio? portfolio = null)
        : this(stream, histories, asOf, loadedAt, portfolio, new SnapshotMemo())
    {
    }

    private StreamSnapshot(
        StreamConfig stream, IReadOnlyList<ItemHistory> histories, DateTimeOffset asOf, DateTimeOffset loadedAt, ReportPortfolio? portfolio, SnapshotMemo memo)
    {
        _memo = memo;
        Stream = stream;
        Portfolio = portfolio;
        Histories = histories;
        AsOf = asOf;
        LoadedAt = loadedAt;
        Calendar = StreamCalendar.Of(stream.Definition);
        Today = Calendar.DateOf(asOf);
        Analysis = Compute(Today.AddDays(1 - DefaultWindowDays), Today);
        Items = [.. Analysis.Items];
        Types = [.. Items.Select(i => i.Type).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Sample = StreamForecasts.Sample(Analysis, stream.Definition);
        OpenItems = Backlog.Open(Analysis);
    }

    /// <summary>The stream.</summary>
    public StreamConfig Stream { get; }

    /// <summary>The portfolio of the "Value" section, as read with the data; null when there is none.</summary>
    public ReportPortfolio? Portfolio { get; }

    /// <summary>The stream's items with their events.</summary>
    public IReadOnlyList<ItemHistory> Histories { get; }

    /// <summary>The instant every figure of this snapshot is computed as of.</summary>
    public DateTimeOffset AsOf { get; }

    /// <summary>When the data was read.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>The stream's calendar.</summary>
    public StreamCalendar Calendar { get; }

    /// <summary>Today in the stream's zone.</summary>
    public DateOnly Today { get; }

    /// <summary>The analysis over the default window (the last <see cref="DefaultWindowDays"/> days to today).</summary>
    public FlowAnalysis Analysis { get; }

    /// <summary>Every item's figures, materialised once for filtering.</summary>
    public IReadOnlyList<ItemMetrics> Items { get; }

    /// <summary>The distinct item types, sorted.</summary>
    public IReadOnlyList<string> Types { get; }

    /// <summary>The throughput sample of the forecasts (the 90 days before today).</summary>
    public ThroughputSample Sample { get; }

    /// <summary>Items in the backlog or in progress.</summary>
    public int OpenItems { get; }

    /// <summary>The analysis over a window of local dates (both ends included), computed once per window.</summary>
    public FlowAnalysis Analyze(DateOnly from, DateOnly to)
    {
        return from == Today.AddDays(1 - DefaultWindowDays) && to == Today
            ? Analysis
            : Memo("analysis", $"{from:yyyy-MM-dd}:{to:yyyy-MM-dd}", () => Compute(from, to));
    }

    private FlowAnalysis Compute(DateOnly from, DateOnly to) =>
        FlowAnalyzer.Analyze(Stream.Definition, Histories, new FlowQuery { AsOf = AsOf, From = from, To = to });

    /// <summary>Whether the report of the week holding <paramref name="week"/> is built (answering it is cheap).</summary>
    public bool HasReport(DateOnly week) => _memo.Has("report", Key(ReportKey(week)));


    /// <summary>
    /// The weekly report of the week holding <paramref name="week"/>, built once per week of this snapshot (the cache of
    /// reports is keyed by stream, as-of instant and week, and holds at most 32 analyses and reports).
    /// </summary>
    public ReportModel Report(PmoFlowConfig config, DateOnly week, int? parallelism)
    {
        // Only the model is kept: the report's three flow analyses (current, previous, trailing) are built for it and
        // dropped, which is most of a large stream's report.
        return Memo("report", ReportKey(week), () => StreamReports.Build(config, Stream, week, AsOf, Histories, Portfolio, parallelism).Model);
    }

    /// <summary>
    /// The report of the week holding <paramref name="week"/> rendered by <paramref name="render"/> under the name
    /// <paramref name="format"/> (html, md, json) as UTF-8, remembered so repeated requests for a report are not rendered
    /// again (rendering a large stream's report is heavy work too).
    /// </summary>
    public byte[] Rendered(PmoFlowConfig config, DateOnly week, int? parallelism, string format, Func<ReportModel, string> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        return Memo("rendered", $"{ReportKey(week)}:{format}", () => Encoding.UTF8.GetBytes(render(Report(config, week, parallelism))));
    }

    /// <summary>The weekly report with its charts over <paramref name="trailingWeeks"/> weeks (null: the default 12), built once per week and window.</summary>
    public ReportModel Report(PmoFlowConfig config, DateOnly week, int? parallelism, int? trailingWeeks) =>
        trailingWeeks is not { } weeks
            ? Report(config, week, parallelism)
            : Memo("report", $"{ReportKey(week)}:{weeks}", () => StreamReports.Build(config, Stream, week, AsOf, Histories, Portfolio, parallelism, weeks).Model);

    /// <summary>True when the report of the week holding <paramref name="week"/> is already rendered as <paramref name="format"/> (answering it is cheap).</summary>
    public bool HasRendered(DateOnly week, string format) => _memo.Has("rendered", Key($"{ReportKey(week)}:{format}"));

    /// <summary>
    /// The same data seen as of another instant (events after it ignored), computed once per instant; the snapshot
    /// itself when <paramref name="asOf"/> is its own as-of or null.
    /// </summary>
    public StreamSnapshot At(DateTimeOffset? asOf)
    {
        if (asOf is not { } instant || instant == AsOf)
        {
            return this;
        }

        return _memo.Get("asof", instant.UtcTicks.ToString(CultureInfo.InvariantCulture), () => new StreamSnapshot(Stream, Histories, instant, LoadedAt, Portfolio, _memo));
    }

    private string ReportKey(DateOnly week) => $"{Calendar.WeekStart(week):yyyy-MM-dd}";
    /// <summary>The analysis the board is drawn from as of <paramref name="asOf"/> (see <see cref="BoardBuilder.Analyze"/>), computed once per instant.</summary>
    public FlowAnalysis BoardAnalysis(DateTimeOffset asOf) =>
        Memo("board", $"{asOf.UtcTicks}", () => BoardBuilder.Analyze(Stream.Definition, Histories, asOf));

    /// <summary>
    /// The portfolio evaluated against the stream as of <paramref name="asOf"/> (the board's analysis), once per instant;
    /// null without a portfolio.
    /// </summary>
    /// <exception cref="ValueInputException">The portfolio holds errors.</exception>
    public PortfolioFlowResult? PortfolioFlowAt(DateTimeOffset asOf, PortfolioFlowOptions options)
    {
        if (Portfolio?.Portfolio is not { } portfolio)
        {
            return null;
        }

        return Memo("portfolio", $"{asOf.UtcTicks}", () => PortfolioFlow.Evaluate(
            portfolio, Portfolio.Options, Stream.Definition, BoardAnalysis(asOf), Histories.Select(h => h.Item), options));
    }

    /// <summary>This view's answer of a kind: the memo is shared with every as-of view, so keys carry this view's as-of.</summary>
    private T Memo<T>(string kind, string key, Func<T> compute)
        where T : class => _memo.Get(kind, Key(key), compute);

    private string Key(string key) => string.Create(CultureInfo.InvariantCulture, $"{AsOf.UtcTicks}|{key}");
}
