using PmoFlow.Streams.Loading;
using System.Collections.Concurrent;
using Npgsql;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Reports;

namespace PmoFlow.Server.Data;

/// <summary>
/// Keeps each stream's <see cref="StreamSnapshot"/> in memory. A snapshot older than the cache duration is still served
/// while one refresh reads the database in the background, so only the first request of a stream waits for the read.
/// </summary>
/// <remarks>Thread-safe; at most one load per stream runs at a time.</remarks>
public sealed class StreamCache(PmoFlowConfig config, NpgsqlDataSource dataSource, TimeProvider clock, TimeSpan duration)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The snapshot of <paramref name="stream"/>: cached, refreshed in the background when stale.</summary>
    public async Task<StreamSnapshot> GetAsync(StreamConfig stream, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var name = stream.Definition.Name;
        var entry = _entries.GetOrAdd(name, _ => new Entry());
        Task<StreamSnapshot> task;
        lock (entry)
        {
            if (entry.Current is null || (entry.Current.IsFaulted || entry.Current.IsCanceled))
            {
                entry.Current = LoadAsync(stream);
                entry.Refreshing = null;
            }
            else if (entry.Current.IsCompletedSuccessfully && entry.Refreshing is null
                     && clock.GetUtcNow() - entry.Current.Result.LoadedAt >= duration)
            {
                var refresh = LoadAsync(stream);
                entry.Refreshing = refresh;
                _ = refresh.ContinueWith(
                    t =>
                    {
                        lock (entry)
                        {
                            if (t.IsCompletedSuccessfully)
                            {
                                entry.Current = t;
                            }

                            entry.Refreshing = null;
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            task = entry.Current;
        }

        return await task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Drops every cached snapshot (the next request reads the database again).</summary>
    public void Clear() => _entries.Clear();

    private async Task<StreamSnapshot> LoadAsync(StreamConfig stream)
    {
        // Not tied to one request's cancellation: other requests share the load.
        var now = clock.GetUtcNow();
        var histories = await StreamLoader.LoadHistoriesAsync(dataSource, config, stream, CancellationToken.None).ConfigureAwait(false);
        var portfolio = await ReportPortfolios.LoadAsync(config, dataSource, CancellationToken.None).ConfigureAwait(false);
        return await Task.Run(() => new StreamSnapshot(stream, histories, now, now, portfolio)).ConfigureAwait(false);
    }

    private sealed class Entry
    {
        public Task<StreamSnapshot>? Current { get; set; }

        public Task<StreamSnapshot>? Refreshing { get; set; }
    }
}
