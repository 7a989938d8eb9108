using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace PmoFlow.Storage.Forecasts;

/// <summary>A forecast run to store: what was asked, with which inputs, and the answer (both as JSON).</summary>
public sealed record ForecastRunRecord(
    string Stream,
    string Kind,
    DateOnly AsOf,
    int? Items,
    DateOnly? ByDate,
    DateOnly? Deadline,
    ulong Seed,
    int Trials,
    string Engine,
    IReadOnlyList<double> Percentiles,
    string WindowSpec,
    string Status,
    string InputsJson,
    string ResultJson);

/// <summary>A stored forecast run as read back.</summary>
public sealed record StoredForecastRun(long Id, string Stream, string Kind, DateTimeOffset CreatedAt, DateOnly AsOf, int? Items, DateOnly? ByDate, string Status, string ResultJson, DateTimeOffset? CheckedAt);

/// <summary>Saves and reads forecast runs (table <c>forecast_runs</c>).</summary>
public sealed class ForecastStore(NpgsqlDataSource dataSource)
{
    /// <summary>Saves a run and returns its id.</summary>
    public async Task<long> SaveAsync(ForecastRunRecord run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO forecast_runs (stream, kind, as_of, items, by_date, deadline, seed, trials, engine, percentiles,
                                       window_spec, status, inputs, result)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            RETURNING id
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = run.Stream });
        cmd.Parameters.Add(new NpgsqlParameter { Value = run.Kind });
        cmd.Parameters.Add(new NpgsqlParameter { Value = run.AsOf });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)run.Items ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)run.ByDate ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)run.Deadline ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (decimal)run.Seed, NpgsqlDbType = NpgsqlDbType.Numeric });
        cmd.Parameters.Add(new NpgsqlParameter { Value = run.Trials });
        cmd.Parameters.Add(new NpgsqlParameter { Value = run.Engine });
        cmd.Parameters.Add(new NpgsqlParameter { Value = run.Percentiles.ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = run.WindowSpec });
        cmd.Parameters.Add(new NpgsqlParameter { Value = run.Status });
        cmd.Parameters.Add(new NpgsqlParameter { Value = run.InputsJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.Add(new NpgsqlParameter { Value = run.ResultJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The latest runs of a stream (all streams when null), newest first.</summary>
    public async Task<IReadOnlyList<StoredForecastRun>> ListAsync(string? stream, int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long Id, string Stream, string Kind, DateTime CreatedAt, DateTime AsOf, int? Items, DateTime? ByDate, string Status, string Result, DateTime? CheckedAt)>(
            new CommandDefinition(
                """
                SELECT id, stream, kind, created_at, as_of, items, by_date, status, result::text, checked_at
                FROM forecast_runs
                WHERE @stream::text IS NULL OR stream = @stream
                ORDER BY created_at DESC, id DESC
                LIMIT @limit
                """,
                new { stream, limit },
                cancellationToken: ct));
        return [.. rows.Select(r => new StoredForecastRun(
            r.Id, r.Stream, r.Kind, new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)), DateOnly.FromDateTime(r.AsOf), r.Items,
            r.ByDate is { } b ? DateOnly.FromDateTime(b) : null, r.Status, r.Result,
            r.CheckedAt is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : null))];
    }

    /// <summary>Records what actually happened for a stored run.</summary>
    public async Task MarkCheckedAsync(long id, string actualJson, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("UPDATE forecast_runs SET checked_at = now(), actual = $2 WHERE id = $1", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = actualJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
