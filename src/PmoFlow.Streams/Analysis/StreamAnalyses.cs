using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Csv;
using PmoFlow.Storage;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Loading;

namespace PmoFlow.Streams.Analysis;

/// <summary>What to analyse: a stream, its conventions, an as-of, a window, and optionally files instead of the database.</summary>
public sealed record AnalysisRequest
{
    /// <summary>The stream's name (null: the configuration's only stream).</summary>
    public string? Stream { get; init; }

    /// <summary>A profile replacing the stream's conventions (null: the stream's).</summary>
    public string? Profile { get; init; }

    /// <summary>Convention switches as <c>key=value</c>, applied in order after the profile.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>The as-of as typed (a date, a relative date, an instant; null: now). See <see cref="StreamCalendar.ParseAsOf"/>.</summary>
    public string? AsOf { get; init; }

    /// <summary>The window's first local date as typed (absolute or relative to the as-of date); null: the analysis default.</summary>
    public string? From { get; init; }

    /// <summary>The window's last local date as typed; null: the as-of date.</summary>
    public string? To { get; init; }

    /// <summary>Analyse this events CSV instead of the database.</summary>
    public string? EventsFile { get; init; }

    /// <summary>The items CSV that goes with <see cref="EventsFile"/>.</summary>
    public string? ItemsFile { get; init; }
}

/// <summary>A stream analysed: the analysis and what it was computed from.</summary>
/// <param name="Config">The configuration.</param>
/// <param name="Stream">The stream.</param>
/// <param name="Analysis">The flow analysis.</param>
/// <param name="AsOf">The instant it is computed as of.</param>
/// <param name="Rejected">Rows of the files that could not be read (file mode only).</param>
/// <param name="FromFiles">Whether the data came from files rather than the database.</param>
public sealed record StreamAnalysis(
    PmoFlowConfig Config, StreamConfig Stream, FlowAnalysis Analysis, DateTimeOffset AsOf, IReadOnlyList<QuarantineRecord> Rejected, bool FromFiles);

/// <summary>
/// The "analyse a stream" use case behind <c>items</c>, <c>metrics</c>, <c>waste</c>, <c>quality</c> and every
/// forecast command: resolves the stream, its conventions and the as-of, loads the data (database or files, one
/// loader) and analyses it.
/// </summary>
public static class StreamAnalyses
{
    /// <summary>Analyses the stream the request names.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="request">What to analyse.</param>
    /// <param name="now">The current instant (the host's clock), for a missing or relative as-of.</param>
    /// <param name="openDatabase">Opens the database when the data is not read from files.</param>
    /// <param name="ct">Cancels the load.</param>
    public static async Task<StreamAnalysis> AnalyzeAsync(
        PmoFlowConfig config, AnalysisRequest request, DateTimeOffset now, Func<CancellationToken, Task<PmoFlowDatabase>> openDatabase, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(openDatabase);
        var (stream, query) = Resolve(config, request, now);
        var asOf = query.AsOf;
        if (LoadFiles(config, stream, request) is { } load)
        {
            return new StreamAnalysis(config, stream, FlowAnalyzer.Analyze(stream.Definition, load.Histories, query), asOf, load.Rejected, true);
        }

        await using var db = await openDatabase(ct).ConfigureAwait(false);
        var analysis = await StreamLoader.AnalyzeFromDatabaseAsync(db, config, stream, query, ct).ConfigureAwait(false);
        return new StreamAnalysis(config, stream, analysis, asOf, [], false);
    }

    /// <summary>
    /// The stream a request names and its query: the conventions (profile, then overrides), the as-of and the window
    /// as typed, read with the stream's calendar. Every use case that loads a stream for a request resolves it here.
    /// </summary>
    public static (StreamConfig Stream, FlowQuery Query) Resolve(PmoFlowConfig config, AnalysisRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(request);
        var stream = config.Stream(request.Stream);
        var calendar = StreamCalendar.Of(stream.Definition);
        var options = FlowOptionNames.Resolve(stream.Definition.Options, request.Profile, request.Overrides);
        return (stream, Query(calendar, calendar.ParseAsOf(request.AsOf, now), request.From, request.To, options));
    }

    /// <summary>The request's files read into memory (see <see cref="StreamLoader.LoadFromFiles"/>), or null when it reads the database.</summary>
    public static FileLoad? LoadFiles(PmoFlowConfig config, StreamConfig stream, AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.EventsFile is { } eventsPath
            ? StreamLoader.LoadFromFiles(config, stream, Path.GetFullPath(eventsPath), request.ItemsFile is { } i ? Path.GetFullPath(i) : null)
            : null;
    }

    /// <summary>The flow query of an as-of and a window typed by a user (dates absolute or relative to the as-of date).</summary>
    public static FlowQuery Query(StreamCalendar calendar, DateTimeOffset asOf, string? from, string? to, FlowOptions? options)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var today = calendar.DateOf(asOf);
        var toDate = to is null ? (DateOnly?)null : StreamCalendar.ParseDate(to, today, "--to");
        var fromDate = from is null ? (DateOnly?)null : StreamCalendar.ParseDate(from, today, "--from");
        if (fromDate is { } f && toDate is { } t && f > t)
        {
            throw new DateInputException($"--from {f:yyyy-MM-dd} is after --to {t:yyyy-MM-dd}.");
        }

        return StreamLoader.Query(asOf, fromDate, toDate, options);
    }
}
