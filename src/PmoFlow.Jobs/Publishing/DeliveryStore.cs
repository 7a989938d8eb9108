using System.Security.Cryptography;
using System.Text;
using Npgsql;
using PmoFlow.Jobs.Periods;

namespace PmoFlow.Jobs.Publishing;

/// <summary>The state of one (stream, period, publisher) delivery.</summary>
public static class DeliveryStatus
{
    /// <summary>Started, outcome not recorded (its worker died or is still at it).</summary>
    public const string Pending = "pending";

    /// <summary>Delivered; never delivered again.</summary>
    public const string Delivered = "delivered";

    /// <summary>Failed with a reason; retried on the stream's next publish run.</summary>
    public const string Failed = "failed";
}

/// <summary>One row of the delivery ledger.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Period">The period.</param>
/// <param name="Publisher">The publisher's name.</param>
/// <param name="Kind">folder, webhook or database.</param>
/// <param name="Status">pending, delivered or failed.</param>
/// <param name="Attempts">Delivery runs that recorded an outcome.</param>
/// <param name="LastError">The last failure's reason.</param>
/// <param name="Receipt">What the delivery reported (path, HTTP status, …).</param>
/// <param name="DedupeKey">The key sent with webhook deliveries.</param>
/// <param name="UpdatedAt">When the row last changed.</param>
/// <param name="DeliveredAt">When it was delivered.</param>
public sealed record DeliveryRecord(
    string Stream,
    PublishPeriod Period,
    string Publisher,
    string Kind,
    string Status,
    int Attempts,
    string? LastError,
    string? Receipt,
    string DedupeKey,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeliveredAt);

/// <summary>The <c>deliveries</c> table: one row per (stream, period, publisher), locked while delivering.</summary>
public sealed class DeliveryStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "stream, period_key, period_start, period_end, publisher, kind, status, attempts, last_error, receipt, dedupe_key, updated_at, delivered_at";

    /// <summary>The dedupe key of a delivery: a hash of (stream, period, publisher), stable across retries and workers.</summary>
    public static string DedupeKey(string stream, string periodKey, string publisher)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{stream}\n{periodKey}\n{publisher}"));
        return "pmoflow-" + Convert.ToHexStringLower(bytes.AsSpan(0, 16));
    }

    /// <summary>Creates the ledger row as pending if absent (committed at once, so a crash leaves a visible pending row).</summary>
    public static async Task EnsureAsync(NpgsqlConnection conn, string stream, PublishPeriod period, string publisher, string kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO deliveries (stream, period_key, period_start, period_end, publisher, kind, dedupe_key)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (stream, period_key, publisher) DO NOTHING
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.Key });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.Start });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.End });
        cmd.Parameters.Add(new NpgsqlParameter { Value = publisher });
        cmd.Parameters.Add(new NpgsqlParameter { Value = kind });
        cmd.Parameters.Add(new NpgsqlParameter { Value = DedupeKey(stream, period.Key, publisher) });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Locks the row (waiting for a worker delivering it now) and returns it.</summary>
    public static async Task<DeliveryRecord> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string stream, string periodKey, string publisher, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            SELECT {Columns} FROM deliveries
            WHERE stream = $1 AND period_key = $2 AND publisher = $3
            FOR UPDATE
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
        cmd.Parameters.Add(new NpgsqlParameter { Value = periodKey });
        cmd.Parameters.Add(new NpgsqlParameter { Value = publisher });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? Read(reader)
            : throw new InvalidOperationException($"Delivery row {stream}/{periodKey}/{publisher} is missing.");
    }

    /// <summary>Records success in the delivery's transaction.</summary>
    public static Task MarkDeliveredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DeliveryRecord row, string receipt, CancellationToken ct) =>
        UpdateAsync(conn, tx, row, DeliveryStatus.Delivered, receipt, null, ct);

    /// <summary>Records failure and its reason in the delivery's transaction.</summary>
    public static Task MarkFailedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DeliveryRecord row, string reason, CancellationToken ct) =>
        UpdateAsync(conn, tx, row, DeliveryStatus.Failed, null, reason, ct);

    /// <summary>
    /// A stream's deliveries still owed (failed, or pending and not being delivered right now), oldest period first.
    /// Rows another worker holds locked are skipped, not waited for.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ListOutstandingAsync(string stream, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            SELECT {Columns} FROM deliveries
            WHERE stream = $1 AND status <> 'delivered'
            ORDER BY period_end, publisher
            FOR UPDATE SKIP LOCKED
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = stream });
        var list = await ReadAllAsync(cmd, ct);
        await tx.RollbackAsync(ct);
        return list;
    }

    /// <summary>Deliveries, newest first, optionally of one stream and/or one status.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> ReadAsync(string? stream, string? status, int limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT {Columns} FROM deliveries
            WHERE ($1::text IS NULL OR stream = $1) AND ($2::text IS NULL OR status = $2)
            ORDER BY period_end DESC, stream, publisher
            LIMIT $3
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)stream ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await ReadAllAsync(cmd, ct);
    }

    private static async Task UpdateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DeliveryRecord row, string status, string? receipt, string? error, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            UPDATE deliveries
            SET status = $4, attempts = attempts + 1, receipt = coalesce($5, receipt), last_error = $6, updated_at = now(),
                delivered_at = CASE WHEN $4 = 'delivered' THEN now() ELSE delivered_at END
            WHERE stream = $1 AND period_key = $2 AND publisher = $3
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = row.Stream });
        cmd.Parameters.Add(new NpgsqlParameter { Value = row.Period.Key });
        cmd.Parameters.Add(new NpgsqlParameter { Value = row.Publisher });
        cmd.Parameters.Add(new NpgsqlParameter { Value = status });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)receipt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<DeliveryRecord>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var list = new List<DeliveryRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    private static DeliveryRecord Read(NpgsqlDataReader r) => new(
        r.GetString(0),
        new PublishPeriod(r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), r.GetFieldValue<DateTimeOffset>(3)),
        r.GetString(4),
        r.GetString(5),
        r.GetString(6),
        r.GetInt32(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetString(9),
        r.GetString(10),
        r.GetFieldValue<DateTimeOffset>(11),
        r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12));
}
