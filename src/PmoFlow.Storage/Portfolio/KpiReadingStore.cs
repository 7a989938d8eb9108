using Npgsql;
using NpgsqlTypes;

namespace PmoFlow.Storage.Portfolio;

/// <summary>Appends KPI readings and reads them back.</summary>
/// <remarks>
/// Readings are unique per KPI and date. Appending is all or nothing: a reading for an unknown KPI, or another value
/// for a stored date (or twice in the input with different values), refuses the whole batch and every problem is
/// returned; a reading equal to a stored one adds nothing. Safe when several writers append at once: the check runs
/// after the insert, in the same transaction, so a concurrent conflicting value is seen. Thread-safe.
/// </remarks>
public sealed class KpiReadingStore(NpgsqlDataSource dataSource)
{
    /// <summary>Appends readings (see the remarks for the rules).</summary>
    public async Task<KpiAppendResult> AppendAsync(IReadOnlyList<NewKpiReading> readings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(readings);
        foreach (var r in readings)
        {
            if (!double.IsFinite(r.Value))
            {
                throw new ArgumentException($"{r.Source}: the value of '{r.InitiativeId}' / '{r.Kpi}' on {r.Date:yyyy-MM-dd} is not a finite number.", nameof(readings));
            }
        }

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand("SELECT id, initiative_id, name FROM portfolio_kpis WHERE active", conn, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                ids[PortfolioRepository.KpiKey(reader.GetString(1), reader.GetString(2))] = reader.GetInt64(0);
            }
        }

        var unknown = new List<NewKpiReading>();
        var known = new List<(long Id, NewKpiReading Reading)>();
        foreach (var r in readings)
        {
            if (ids.TryGetValue(PortfolioRepository.KpiKey(r.InitiativeId.Trim(), r.Kpi.Trim()), out var id))
            {
                known.Add((id, r));
            }
            else
            {
                unknown.Add(r);
            }
        }

        var kpiIds = known.Select(k => k.Id).ToArray();
        var dates = known.Select(k => k.Reading.Date).ToArray();
        var values = known.Select(k => k.Reading.Value).ToArray();
        int inserted;
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO kpi_readings (kpi_id, reading_date, value, source)
            SELECT kpi_id, reading_date, value, source FROM unnest($1, $2, $3, $4) AS t(kpi_id, reading_date, value, source)
            ON CONFLICT (kpi_id, reading_date) DO NOTHING
            """, conn, tx))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = kpiIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            insert.Parameters.Add(new NpgsqlParameter { Value = dates, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
            insert.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
            insert.Parameters.Add(new NpgsqlParameter
            {
                Value = known.Select(k => k.Reading.Source).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            });
            inserted = await insert.ExecuteNonQueryAsync(ct);
        }

        // After the insert, so that a value stored meanwhile by another writer (or earlier in this batch) is compared too.
        var conflicts = new List<KpiReadingConflict>();
        await using (var check = new NpgsqlCommand("""
            SELECT t.ord, r.value, r.source
            FROM unnest($1, $2, $3) WITH ORDINALITY AS t(kpi_id, reading_date, value, ord)
            JOIN kpi_readings r ON r.kpi_id = t.kpi_id AND r.reading_date = t.reading_date
            WHERE r.value <> t.value
            ORDER BY t.ord
            """, conn, tx))
        {
            check.Parameters.Add(new NpgsqlParameter { Value = kpiIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            check.Parameters.Add(new NpgsqlParameter { Value = dates, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
            check.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
            await using var reader = await check.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                conflicts.Add(new KpiReadingConflict(known[(int)reader.GetInt64(0) - 1].Reading, reader.GetDouble(1), reader.GetString(2)));
            }
        }

        if (conflicts.Count > 0 || unknown.Count > 0)
        {
            await tx.RollbackAsync(ct);
            return new KpiAppendResult(0, known.Count - inserted - conflicts.Count, conflicts, unknown);
        }

        await tx.CommitAsync(ct);
        return new KpiAppendResult(inserted, known.Count - inserted, [], []);
    }

    /// <summary>Stored readings of active KPIs, by initiative, KPI and date; of one initiative when <paramref name="initiativeId"/> is given.</summary>
    public async Task<IReadOnlyList<StoredKpiReading>> ReadAsync(string? initiativeId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT k.initiative_id, k.name, r.reading_date, r.value, r.source, r.recorded_at
            FROM kpi_readings r JOIN portfolio_kpis k ON k.id = r.kpi_id
            WHERE k.active AND ($1::text IS NULL OR lower(k.initiative_id) = lower($1))
            ORDER BY k.initiative_id, k.position, r.reading_date
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)initiativeId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var list = new List<StoredKpiReading>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new StoredKpiReading(
                reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetDouble(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return list;
    }
}
