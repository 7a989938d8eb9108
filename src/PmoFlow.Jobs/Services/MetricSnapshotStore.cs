using PmoFlow.Streams.Snapshots;
using Npgsql;

namespace PmoFlow.Jobs.Services;

/// <summary>One stored figure: a stream's metric at the end of a local day.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="AsOf">The local date (the figure is as of the end of it).</param>
/// <param name="Metric">The metric's name.</param>
/// <param name="Value">Its value.</param>
public sealed record MetricSnapshot(string Stream, DateOnly AsOf, string Metric, double Value);

/// <summary>A metric now and a week earlier.</summary>
/// <param name="Metric">The metric's name.</param>
/// <param name="AsOf">The date of <paramref name="Value"/>.</param>
/// <param name="Value">Its value at the end of <paramref name="AsOf"/>.</param>
/// <param name="WeekBefore">Its value at the end of the date 7 days earlier, if a snapshot exists.</param>
public sealed record MetricDelta(string Metric, DateOnly AsOf, double Value, double? WeekBefore)
{
    /// <summary>Value − WeekBefore; null when there is no snapshot a week earlier.</summary>
    public double? Change => WeekBefore is null ? null : Value - WeekBefore.Value;
}

/// <summary>The <c>metric_snapshots</c> table: daily figures per stream, for trends and week-on-week deltas.</summary>
public sealed class MetricSnapshotStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Stores a day's figures, replacing every figure taken earlier for that day (one that now has no data is removed),
    /// in one transaction.
    /// </summary>
    public async Task UpsertAsync(string stream, DateOnly asOf, IReadOnlyList<MetricValue> values, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(values);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var delete = new NpgsqlCommand("DELETE FROM metric_snapshots WHERE stream = $1 AND as_of = $2", conn, tx))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = stream });
            delete.Parameters.Add(new NpgsqlParameter { Value = asOf });
            await delete.ExecuteNonQueryAsync(ct);
        }

        foreach (var v in values)
        {
            await using var cmd = new NpgsqlCommand("""
                INSERT INTO metric_snapshots (stream, as_of, metric, value) VALUES ($1, $2, $3, $4)
                """, conn, tx);
            cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
            cmd.Parameters.Add(new NpgsqlParameter { Value = asOf });
            cmd.Parameters.Add(new NpgsqlParameter { Value = v.Metric });
            cmd.Parameters.Add(new NpgsqlParameter { Value = v.Value });
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>The latest date with a snapshot for the stream, or null.</summary>
    public async Task<DateOnly?> LastAsOfAsync(string stream, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT max(as_of) FROM metric_snapshots WHERE stream = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
        var result = await cmd.ExecuteScalarAsync(ct);
        return result is DateOnly d ? d : result is DateTime dt ? DateOnly.FromDateTime(dt) : null;
    }

    /// <summary>The stream's snapshots with <paramref name="from"/> ≤ as_of ≤ <paramref name="to"/> (both included), by date then metric.</summary>
    public async Task<IReadOnlyList<MetricSnapshot>> ReadAsync(string stream, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT as_of, metric, value FROM metric_snapshots
            WHERE stream = $1 AND as_of BETWEEN $2 AND $3
            ORDER BY as_of, metric
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
        cmd.Parameters.Add(new NpgsqlParameter { Value = from });
        cmd.Parameters.Add(new NpgsqlParameter { Value = to });
        var list = new List<MetricSnapshot>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new MetricSnapshot(stream, reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetDouble(2)));
        }

        return list;
    }

    /// <summary>
    /// Each metric's latest snapshot on or before <paramref name="asOf"/> and its value exactly 7 days before that
    /// snapshot's date (null when that day has none).
    /// </summary>
    public async Task<IReadOnlyList<MetricDelta>> WeekOnWeekAsync(string stream, DateOnly asOf, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT DISTINCT ON (cur.metric) cur.metric, cur.as_of, cur.value, prev.value
            FROM metric_snapshots cur
            LEFT JOIN metric_snapshots prev
              ON prev.stream = cur.stream AND prev.metric = cur.metric AND prev.as_of = cur.as_of - 7
            WHERE cur.stream = $1 AND cur.as_of <= $2
            ORDER BY cur.metric, cur.as_of DESC
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
        cmd.Parameters.Add(new NpgsqlParameter { Value = asOf });
        var list = new List<MetricDelta>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new MetricDelta(
                reader.GetString(0),
                reader.GetFieldValue<DateOnly>(1),
                reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetDouble(3)));
        }

        return list;
    }
}
