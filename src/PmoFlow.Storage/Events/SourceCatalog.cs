using Npgsql;

namespace PmoFlow.Storage;

/// <summary>A stored source and how much of it is stored.</summary>
/// <param name="Name">The source name (from the configuration).</param>
/// <param name="Kind">csv, jira, azure-devops, github or gitlab.</param>
/// <param name="Origin">The file (CSV) its data came from, when recorded.</param>
/// <param name="Events">Stored events.</param>
/// <param name="Items">Stored work items.</param>
/// <param name="Quarantined">Quarantined rows.</param>
/// <param name="Cursor">The saved cursor (where the next import starts), or null.</param>
/// <param name="UpdatedAt">When the source was last imported.</param>
public sealed record StoredSource(string Name, string Kind, string? Origin, long Events, long Items, long Quarantined, string? Cursor, DateTimeOffset UpdatedAt);

/// <summary>What <see cref="SourceCatalog.RemoveAsync"/> deleted.</summary>
/// <param name="Name">The source.</param>
/// <param name="Events">Events deleted.</param>
/// <param name="Items">Work items deleted.</param>
/// <param name="Quarantined">Quarantined rows deleted.</param>
/// <param name="Runs">Ingest runs deleted.</param>
public sealed record RemovedSource(string Name, long Events, long Items, long Quarantined, long Runs);

/// <summary>A quarantined row: where it was, why it was refused and the raw record.</summary>
/// <param name="Source">The source.</param>
/// <param name="Location"><c>file:line</c> or the tracker URL.</param>
/// <param name="Reason">What is wrong with it.</param>
/// <param name="Raw">The raw record as read.</param>
/// <param name="At">When it was quarantined.</param>
public sealed record QuarantinedRow(string Source, string Location, string Reason, string Raw, DateTimeOffset At);

/// <summary>The stored sources: list them, remove one with everything it stored, record and read their origin, list quarantine.</summary>
/// <remarks>Thread-safe; every statement is parameterised.</remarks>
public sealed class SourceCatalog(NpgsqlDataSource dataSource)
{
    /// <summary>Every stored source with its counts, by name.</summary>
    public async Task<IReadOnlyList<StoredSource>> ListAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"{SelectSources} ORDER BY s.name");
        return await ReadSourcesAsync(cmd, ct);
    }

    /// <summary>One stored source, or null when nothing is stored under that name.</summary>
    public async Task<StoredSource?> FindAsync(string name, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"{SelectSources} WHERE s.name = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = name });
        return (await ReadSourcesAsync(cmd, ct)).SingleOrDefault();
    }

    /// <summary>Records the file a source's data comes from (registering the source when it is new).</summary>
    public async Task SetOriginAsync(string name, string kind, string origin, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO sources (name, kind, origin) VALUES ($1, $2, $3)
            ON CONFLICT (name) DO UPDATE SET origin = EXCLUDED.origin
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = name });
        cmd.Parameters.Add(new NpgsqlParameter { Value = kind });
        cmd.Parameters.Add(new NpgsqlParameter { Value = origin });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Deletes a source's events, work items, quarantined rows, ingest runs and cursor in one transaction (all or
    /// nothing); null when no source of that name is stored.
    /// </summary>
    public async Task<RemovedSource?> RemoveAsync(string name, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM sources WHERE name = $1 FOR UPDATE", conn, tx))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                return null;
            }
        }

        async Task<long> DeleteAsync(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn, tx);
            cmd.Parameters.Add(new NpgsqlParameter { Value = name });
            return await cmd.ExecuteNonQueryAsync(ct);
        }

        var events = await DeleteAsync("DELETE FROM events WHERE source = $1");
        var items = await DeleteAsync("DELETE FROM work_items WHERE source = $1");
        var quarantined = await DeleteAsync("DELETE FROM quarantine WHERE source = $1");
        var runs = await DeleteAsync("DELETE FROM ingest_runs WHERE source = $1");
        await DeleteAsync("DELETE FROM sources WHERE name = $1");
        await tx.CommitAsync(ct);
        return new RemovedSource(name, events, items, quarantined, runs);
    }

    /// <summary>Quarantined rows, newest first (then by id), of one source or all; at most <paramref name="limit"/>.</summary>
    public async Task<(IReadOnlyList<QuarantinedRow> Rows, long Total)> QuarantineAsync(string? source, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var cmd = dataSource.CreateCommand("""
            SELECT source, location, reason, raw, at, count(*) OVER () FROM quarantine
            WHERE $1::text IS NULL OR source = $1
            ORDER BY at DESC, id DESC LIMIT $2
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)source ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        var rows = new List<QuarantinedRow>();
        long total = 0;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new QuarantinedRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
            total = reader.GetInt64(5);
        }

        return (rows, total);
    }

    private const string SelectSources = """
        SELECT s.name, s.kind, s.origin, s.cursor, s.updated_at,
               (SELECT count(*) FROM events e WHERE e.source = s.name COLLATE "C"),
               (SELECT count(*) FROM work_items w WHERE w.source = s.name),
               (SELECT count(*) FROM quarantine q WHERE q.source = s.name)
        FROM sources s
        """;

    private static async Task<IReadOnlyList<StoredSource>> ReadSourcesAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var list = new List<StoredSource>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new StoredSource(
                reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return list;
    }
}
