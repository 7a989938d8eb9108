using PmoFlow.Streams.Snapshots;
using PmoFlow.Jobs.Configuration;

namespace PmoFlow.Jobs.Services;

/// <summary>What a snapshot run stored.</summary>
/// <param name="Days">The local dates snapshotted, oldest first.</param>
/// <param name="Values">Figures stored in all.</param>
public sealed record SnapshotResult(IReadOnlyList<DateOnly> Days, int Values);

/// <summary>
/// Takes a stream's daily metric snapshot, filling days missed since the last one (up to
/// <see cref="MaxBackfillDays"/>), so downtime leaves no gaps in trends.
/// </summary>
public sealed class SnapshotService(IMetricsProvider metrics, MetricSnapshotStore store)
{
    /// <summary>At most this many days are taken in one run (the most recent ones).</summary>
    public const int MaxBackfillDays = 31;

    /// <summary>Snapshots every day after the last stored one up to <paramref name="asOf"/> (included); re-takes <paramref name="asOf"/> if stored.</summary>
    public async Task<SnapshotResult> SnapshotAsync(StreamJobs stream, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var last = await store.LastAsOfAsync(stream.Name, ct);
        var from = last is null || last.Value >= asOf ? asOf : last.Value.AddDays(1);
        if (from < asOf.AddDays(1 - MaxBackfillDays))
        {
            from = asOf.AddDays(1 - MaxBackfillDays);
        }

        var days = new List<DateOnly>();
        for (var day = from; day <= asOf; day = day.AddDays(1))
        {
            days.Add(day);
        }

        var computed = await metrics.ComputeDaysAsync(stream, days, ct);
        var count = 0;
        for (var i = 0; i < days.Count; i++)
        {
            await store.UpsertAsync(stream.Name, days[i], computed[i], ct);
            count += computed[i].Count;
        }

        return new SnapshotResult(days, count);
    }
}
