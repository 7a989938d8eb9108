using Npgsql;

namespace PmoFlow.Storage.Reading;

/// <summary>Reads sources, ingest runs and quarantine rows (for status output and the dashboard).</summary>
/// <remarks>Thread-safe; each call uses its own pooled connection.</remarks>
public sealed class IngestStatusReader(NpgsqlDataSource dataSource)
{
    /// <summary>Every source, by name.</summary>
    public async Task<IReadOnlyList<SourceRecord>> ReadSourcesAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT name, kind, cursor, updated_at FROM sources ORDER BY name");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<SourceRecord>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new SourceRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return rows;
    }

    /// <summary>Per source, the runs found abandoned (their process ended before they completed) and the runs marked running now.</summary>
    public async Task<IReadOnlyList<(string Source, long Abandoned, long Running)>> ReadAbandonedAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT source,
                   count(*) FILTER (WHERE outcome = 'failed' AND error LIKE 'abandoned:%'),
                   count(*) FILTER (WHERE outcome = 'running')
            FROM ingest_runs
            GROUP BY source
            HAVING count(*) FILTER (WHERE (outcome = 'failed' AND error LIKE 'abandoned:%') OR outcome = 'running') > 0
            ORDER BY source
            """);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<(string, long, long)>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return rows;
    }

    /// <summary>The latest <paramref name="limit"/> runs, newest first, of one source (null: all sources).</summary>
    public async Task<IReadOnlyList<IngestRunRecord>> ReadRunsAsync(string? source, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var cmd = dataSource.CreateCommand("""
            SELECT id, source, started_at, ended_at, events_read, events_inserted, duplicates, items_upserted,
                   quarantined, outcome, error
            FROM ingest_runs
            WHERE $1::text IS NULL OR source = $1
            ORDER BY started_at DESC, id DESC
            LIMIT $2
            """);
        AddSourceAndLimit(cmd, source, limit);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<IngestRunRecord>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new IngestRunRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetInt64(4),
                reader.GetInt64(5),
                reader.GetInt64(6),
                reader.GetInt64(7),
                reader.GetInt64(8),
                reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        return rows;
    }

    /// <summary>The latest <paramref name="limit"/> quarantine rows, newest first, of one source (null: all).</summary>
    public async Task<IReadOnlyList<QuarantineRow>> ReadQuarantineAsync(string? source, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var cmd = dataSource.CreateCommand("""
            SELECT id, source, location, raw, reason, at, run_id
            FROM quarantine
            WHERE $1::text IS NULL OR source = $1
            ORDER BY at DESC, id DESC
            LIMIT $2
            """);
        AddSourceAndLimit(cmd, source, limit);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<QuarantineRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new QuarantineRow(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6)));
        }

        return rows;
    }

    /// <summary>The number of quarantine rows of one source (null: all).</summary>
    public async Task<long> CountQuarantineAsync(string? source, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT count(*) FROM quarantine WHERE $1::text IS NULL OR source = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)source ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static void AddSourceAndLimit(NpgsqlCommand cmd, string? source, int limit)
    {
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)source ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
    }
}
