using Npgsql;

namespace PmoFlow.Storage.Portfolio;

/// <summary>A saved portfolio scenario: its name and text form (<c>PortfolioScenarioSpec</c>).</summary>
/// <param name="Name">The scenario's name (unique).</param>
/// <param name="Spec">Its text form, <c>name:key=value,...</c>.</param>
/// <param name="UpdatedAt">When it was last saved (UTC).</param>
public sealed record SavedScenario(string Name, string Spec, DateTimeOffset UpdatedAt);

/// <summary>Saves, lists and deletes portfolio what-if scenarios (table <c>portfolio_scenarios</c>). Thread-safe.</summary>
public sealed class ScenarioStore(NpgsqlDataSource dataSource)
{
    /// <summary>Saves (inserts or replaces) a scenario.</summary>
    public async Task SaveAsync(string name, string spec, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO portfolio_scenarios (name, spec, updated_at) VALUES ($1, $2, $3)
            ON CONFLICT (name) DO UPDATE SET spec = EXCLUDED.spec, updated_at = EXCLUDED.updated_at
            """);
        cmd.Parameters.AddWithValue(name);
        cmd.Parameters.AddWithValue(spec);
        cmd.Parameters.AddWithValue(at.ToUniversalTime());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every saved scenario, by name.</summary>
    public async Task<IReadOnlyList<SavedScenario>> ListAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT name, spec, updated_at FROM portfolio_scenarios ORDER BY name");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<SavedScenario>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(new SavedScenario(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return list;
    }

    /// <summary>Deletes a scenario; false when there was none of that name.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM portfolio_scenarios WHERE name = $1");
        cmd.Parameters.AddWithValue(name);
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }
}
