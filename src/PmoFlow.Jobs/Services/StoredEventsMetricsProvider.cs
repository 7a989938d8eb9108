using Npgsql;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;

namespace PmoFlow.Jobs.Services;

/// <summary>
/// The default metrics for snapshots until the flow-metrics engine is wired in: how much data the stream has,
/// counted at the end of the local day (<c>events.stored</c>: events at or before it; <c>items.seen</c>: distinct
/// items with such an event). These are data volumes, not METRICS.md flow figures.
/// </summary>
public sealed class StoredEventsMetricsProvider(NpgsqlDataSource dataSource) : IMetricsProvider
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<MetricValue>> ComputeAsync(StreamJobs stream, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var end = LocalDays.StartOf(asOf.AddDays(1), stream.Zone);
        await using var cmd = dataSource.CreateCommand("""
            SELECT count(*), count(DISTINCT (source, item_key))
            FROM events
            WHERE at < $1 AND ($2::text[] IS NULL OR source = ANY($2))
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = end });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)StreamSources.Of(stream) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return [new MetricValue("events.stored", reader.GetInt64(0)), new MetricValue("items.seen", reader.GetInt64(1))];
    }
}
