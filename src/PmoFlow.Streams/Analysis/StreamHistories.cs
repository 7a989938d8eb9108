using PmoFlow.Core.Flow;
using PmoFlow.Core.Events;
using PmoFlow.Storage;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Loading;

namespace PmoFlow.Streams.Analysis;

/// <summary>A stream's item histories loaded for a request, with the query its options describe.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Histories">One history per item, in the loader's order.</param>
/// <param name="Query">The as-of, window and conventions.</param>
/// <param name="Rejected">Rows of the files that could not be read (file mode only).</param>
public sealed record StreamHistoryLoad(StreamConfig Stream, IReadOnlyList<ItemHistory> Histories, FlowQuery Query, IReadOnlyList<QuarantineRecord> Rejected);

/// <summary>
/// The use cases that read timelines item by item: stage histories (<c>pmoflow history</c>) and progress per parent
/// (<c>pmoflow progress</c>), on files or the database, resolved like <see cref="StreamAnalyses"/>.
/// </summary>
public static class StreamHistories
{
    /// <summary>Loads the histories the request names (files or database) and its query.</summary>
    public static async Task<StreamHistoryLoad> LoadAsync(
        PmoFlowConfig config, AnalysisRequest request, DateTimeOffset now, Func<CancellationToken, Task<PmoFlowDatabase>> openDatabase, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(openDatabase);
        var (stream, query) = StreamAnalyses.Resolve(config, request, now);
        if (StreamAnalyses.LoadFiles(config, stream, request) is { } load)
        {
            return new StreamHistoryLoad(stream, load.Histories, query, load.Rejected);
        }

        await using var db = await openDatabase(ct).ConfigureAwait(false);
        return new StreamHistoryLoad(stream, await StreamLoader.LoadHistoriesAsync(db.DataSource, config, stream, ct).ConfigureAwait(false), query, []);
    }

    /// <summary>Every stay of every item (or of <paramref name="itemKey"/>); throws <see cref="ArgumentException"/> naming an unknown item.</summary>
    public static IReadOnlyList<StatusStay> Stays(StreamHistoryLoad load, string? itemKey)
    {
        ArgumentNullException.ThrowIfNull(load);
        var stays = StageHistory.Build(load.Stream.Definition, load.Histories, load.Query, itemKey);
        return itemKey is not null && stays.Count == 0
            ? throw new ArgumentException($"No item '{itemKey}' with events in stream '{load.Stream.Definition.Name}'.")
            : stays;
    }

    /// <summary>Progress per parent of the loaded histories.</summary>
    public static IReadOnlyList<ParentProgressRow> Progress(StreamHistoryLoad load)
    {
        ArgumentNullException.ThrowIfNull(load);
        return ParentProgress.Build(FlowAnalyzer.Analyze(load.Stream.Definition, load.Histories, load.Query), load.Histories);
    }
}
