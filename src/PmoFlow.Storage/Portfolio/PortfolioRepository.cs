using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using PmoFlow.Core.Value;

namespace PmoFlow.Storage.Portfolio;

/// <summary>
/// Stores the portfolio definition (objectives, initiatives, KPIs, settings) synchronised from <c>portfolio.yaml</c>,
/// and reads it back.
/// </summary>
/// <remarks>
/// Ids and KPI names match case-insensitively. A sync writes every definition in one transaction; definitions missing
/// from the new file stay stored as inactive, so their readings are kept. Thread-safe (one pooled connection per call).
/// Readings: see <see cref="KpiReadingStore"/>.
/// </remarks>
public sealed class PortfolioRepository(NpgsqlDataSource dataSource)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes the portfolio's definition (readings are not written: they are appended separately).</summary>
    /// <param name="portfolio">A valid portfolio (see <see cref="PortfolioValidator"/>).</param>
    /// <param name="options">The value options (the file's settings).</param>
    /// <param name="source">The file it came from, for the record.</param>
    /// <param name="ct">Cancels the sync (nothing is written).</param>
    public async Task<PortfolioSyncSummary> SaveDefinitionAsync(
        Core.Value.Portfolio portfolio, ValueOptions options, string source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var settings = JsonSerializer.Serialize(new StoredSettings(options, portfolio.ContributionScale), Json);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO portfolio_settings (id, settings, source) VALUES (1, @settings::jsonb, @source)
            ON CONFLICT (id) DO UPDATE SET settings = EXCLUDED.settings, source = EXCLUDED.source, updated_at = now()
            """, new { settings, source }, tx, cancellationToken: ct));

        var retired = await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE portfolio_objectives SET active = false, updated_at = now() WHERE active AND NOT (lower(id) = ANY(@ids))",
            new { ids = portfolio.Objectives.Select(o => o.Id.ToLowerInvariant()).ToArray() }, tx, cancellationToken: ct));
        for (var i = 0; i < portfolio.Objectives.Count; i++)
        {
            var o = portfolio.Objectives[i];
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO portfolio_objectives (id, name, weight, position) VALUES (@Id, @Name, @Weight, @position)
                ON CONFLICT ((lower(id))) DO UPDATE SET id = EXCLUDED.id, name = EXCLUDED.name, weight = EXCLUDED.weight,
                    position = EXCLUDED.position, active = true, updated_at = now()
                """, new { o.Id, o.Name, o.Weight, position = i }, tx, cancellationToken: ct));
        }

        retired += await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE portfolio_initiatives SET active = false, updated_at = now() WHERE active AND NOT (lower(id) = ANY(@ids))",
            new { ids = portfolio.Initiatives.Select(x => x.Id.ToLowerInvariant()).ToArray() }, tx, cancellationToken: ct));
        var kpiKeys = portfolio.Initiatives.SelectMany(x => x.Kpis.Select(k => KpiKey(x.Id, k.Name))).ToArray();
        retired += await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE portfolio_kpis SET active = false, updated_at = now() WHERE active AND NOT (lower(initiative_id) || chr(31) || lower(name) = ANY(@keys))",
            new { keys = kpiKeys }, tx, cancellationToken: ct));

        var kpis = 0;
        for (var i = 0; i < portfolio.Initiatives.Count; i++)
        {
            var x = portfolio.Initiatives[i];
            await using (var cmd = new NpgsqlCommand("""
                INSERT INTO portfolio_initiatives
                    (id, name, position, start_date, business_value, cost_of_delay_per_week, job_duration_weeks, definition)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT ((lower(id))) DO UPDATE SET id = EXCLUDED.id, name = EXCLUDED.name, position = EXCLUDED.position,
                    start_date = EXCLUDED.start_date, business_value = EXCLUDED.business_value,
                    cost_of_delay_per_week = EXCLUDED.cost_of_delay_per_week, job_duration_weeks = EXCLUDED.job_duration_weeks,
                    definition = EXCLUDED.definition, active = true, updated_at = now()
                """, conn, tx))
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = x.Id });
                cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)x.Name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                cmd.Parameters.Add(new NpgsqlParameter { Value = i });
                cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)x.StartDate ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
                cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)x.BusinessValue ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
                cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)x.CostOfDelayPerWeek ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
                cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)x.JobDurationWeeks ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
                cmd.Parameters.Add(new NpgsqlParameter
                {
                    Value = JsonSerializer.Serialize(new StoredInitiative(x.Contributions, x.Link, x.Financials), Json),
                    NpgsqlDbType = NpgsqlDbType.Jsonb,
                });
                await cmd.ExecuteNonQueryAsync(ct);
            }

            for (var k = 0; k < x.Kpis.Count; k++)
            {
                var kpi = x.Kpis[k];
                await using var cmd = new NpgsqlCommand("""
                    INSERT INTO portfolio_kpis
                        (initiative_id, name, position, unit, direction, baseline, target, baseline_date, target_date)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    ON CONFLICT ((lower(initiative_id)), (lower(name))) DO UPDATE SET initiative_id = EXCLUDED.initiative_id,
                        name = EXCLUDED.name, position = EXCLUDED.position, unit = EXCLUDED.unit, direction = EXCLUDED.direction,
                        baseline = EXCLUDED.baseline, target = EXCLUDED.target, baseline_date = EXCLUDED.baseline_date,
                        target_date = EXCLUDED.target_date, active = true, updated_at = now()
                    """, conn, tx);
                cmd.Parameters.Add(new NpgsqlParameter { Value = x.Id });
                cmd.Parameters.Add(new NpgsqlParameter { Value = kpi.Name });
                cmd.Parameters.Add(new NpgsqlParameter { Value = k });
                cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)kpi.Unit ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                cmd.Parameters.Add(new NpgsqlParameter { Value = Direction(kpi.Direction) });
                cmd.Parameters.Add(new NpgsqlParameter { Value = kpi.Baseline });
                cmd.Parameters.Add(new NpgsqlParameter { Value = kpi.Target });
                cmd.Parameters.Add(new NpgsqlParameter { Value = kpi.BaselineDate });
                cmd.Parameters.Add(new NpgsqlParameter { Value = kpi.TargetDate });
                await cmd.ExecuteNonQueryAsync(ct);
                kpis++;
            }
        }

        await tx.CommitAsync(ct);
        return new PortfolioSyncSummary(portfolio.Objectives.Count, portfolio.Initiatives.Count, kpis, retired);
    }

    /// <summary>The active stored definition (KPIs without readings), or null when none was ever saved.</summary>
    public async Task<StoredPortfolio?> LoadDefinitionAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        string settingsJson, source;
        DateTimeOffset updatedAt;
        await using (var cmd = new NpgsqlCommand("SELECT settings::text, source, updated_at FROM portfolio_settings WHERE id = 1", conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            (settingsJson, source, updatedAt) = (reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
        }

        var settings = JsonSerializer.Deserialize<StoredSettings>(settingsJson, Json)
            ?? throw new InvalidDataException("portfolio_settings holds no settings.");
        var objectives = (await conn.QueryAsync<(string Id, string? Name, double Weight)>(new CommandDefinition(
            "SELECT id, name, weight FROM portfolio_objectives WHERE active ORDER BY position, id", cancellationToken: ct)))
            .Select(o => new StrategicObjective(o.Id, o.Name ?? o.Id, o.Weight)).ToList();

        var kpis = new Dictionary<string, List<Kpi>>(StringComparer.OrdinalIgnoreCase);
        await using (var cmd = new NpgsqlCommand("""
            SELECT initiative_id, name, unit, direction, baseline, target, baseline_date, target_date
            FROM portfolio_kpis WHERE active ORDER BY initiative_id, position, name
            """, conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetString(0);
                if (!kpis.TryGetValue(id, out var list))
                {
                    kpis[id] = list = [];
                }

                list.Add(new Kpi
                {
                    Name = reader.GetString(1),
                    Unit = reader.IsDBNull(2) ? null : reader.GetString(2),
                    Direction = reader.GetString(3) == "lower_is_better" ? KpiDirection.LowerIsBetter : KpiDirection.HigherIsBetter,
                    Baseline = reader.GetDouble(4),
                    Target = reader.GetDouble(5),
                    BaselineDate = reader.GetFieldValue<DateOnly>(6),
                    TargetDate = reader.GetFieldValue<DateOnly>(7),
                });
            }
        }

        var initiatives = new List<Initiative>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT id, name, start_date, business_value, cost_of_delay_per_week, job_duration_weeks, definition::text
            FROM portfolio_initiatives WHERE active ORDER BY position, id
            """, conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetString(0);
                var definition = JsonSerializer.Deserialize<StoredInitiative>(reader.GetString(6), Json)
                    ?? throw new InvalidDataException($"Initiative '{id}' has no stored definition.");
                initiatives.Add(new Initiative
                {
                    Id = id,
                    Name = reader.IsDBNull(1) ? null : reader.GetString(1),
                    StartDate = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2),
                    BusinessValue = reader.IsDBNull(3) ? null : reader.GetDecimal(3),
                    CostOfDelayPerWeek = reader.IsDBNull(4) ? null : reader.GetDouble(4),
                    JobDurationWeeks = reader.IsDBNull(5) ? null : reader.GetDouble(5),
                    Contributions = definition.Contributions ?? new Dictionary<string, double>(),
                    Link = definition.Link ?? new InitiativeLink(),
                    Financials = definition.Financials,
                    Kpis = kpis.TryGetValue(id, out var list) ? list : [],
                });
            }
        }

        var portfolio = new Core.Value.Portfolio
        {
            Objectives = objectives,
            Initiatives = initiatives,
            ContributionScale = settings.ContributionScale,
        };
        return new StoredPortfolio(portfolio, settings.Options ?? ValueOptions.Default, source, updatedAt);
    }

    internal static string KpiKey(string initiative, string kpi) => $"{initiative.ToLowerInvariant()}\u001f{kpi.ToLowerInvariant()}";

    internal static string Direction(KpiDirection d) => d == KpiDirection.LowerIsBetter ? "lower_is_better" : "higher_is_better";

    private sealed record StoredSettings(ValueOptions? Options, double ContributionScale);

    private sealed record StoredInitiative(
        IReadOnlyDictionary<string, double>? Contributions, InitiativeLink? Link, InitiativeFinancials? Financials);
}
