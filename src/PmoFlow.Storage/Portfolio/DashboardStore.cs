using Npgsql;

namespace PmoFlow.Storage.Portfolio;

/// <summary>A saved dashboard: who owns it, its name and its YAML text.</summary>
/// <param name="Owner">Empty for a shared dashboard, else the owner's key fingerprint (<c>key:…</c>).</param>
/// <param name="Name">The dashboard's name (unique per owner).</param>
/// <param name="Yaml">Its YAML document (the export format).</param>
/// <param name="UpdatedAt">When it was last saved (UTC).</param>
public sealed record SavedDashboard(string Owner, string Name, string Yaml, DateTimeOffset UpdatedAt)
{
    /// <summary>Whether everyone sees it.</summary>
    public bool Shared => Owner.Length == 0;
}

/// <summary>
/// Saves, reads, lists and deletes dashboards (table <c>dashboards</c>). A name is unique per owner; reading by name
/// looks at the caller's own dashboards first, then the shared ones. Every statement is parameterised. Thread-safe.
/// </summary>
public sealed class DashboardStore(NpgsqlDataSource dataSource)
{
    /// <summary>The owner of shared dashboards.</summary>
    public const string SharedOwner = "";

    /// <summary>Saves (inserts or replaces) a dashboard in one statement.</summary>
    public async Task SaveAsync(string owner, string name, string yaml, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(yaml);
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO dashboards (owner, name, yaml, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (owner, name) DO UPDATE SET yaml = EXCLUDED.yaml, updated_at = EXCLUDED.updated_at
            """);
        cmd.Parameters.AddWithValue(owner);
        cmd.Parameters.AddWithValue(name);
        cmd.Parameters.AddWithValue(yaml);
        cmd.Parameters.AddWithValue(at.ToUniversalTime());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The dashboard named <paramref name="name"/> visible to <paramref name="owner"/>: its own first, else the shared
    /// one; null when there is neither.
    /// </summary>
    public async Task<SavedDashboard?> FindAsync(string owner, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(name);
        await using var cmd = dataSource.CreateCommand("""
            SELECT owner, name, yaml, updated_at FROM dashboards
            WHERE name = $1 AND (owner = $2 OR owner = '')
            ORDER BY owner = '' LIMIT 1
            """);
        cmd.Parameters.AddWithValue(name);
        cmd.Parameters.AddWithValue(owner);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>
    /// The dashboards visible to <paramref name="owner"/> (its own and the shared ones; every dashboard when null), by
    /// name, then shared last.
    /// </summary>
    public async Task<IReadOnlyList<SavedDashboard>> ListAsync(string? owner, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(owner is null
            ? "SELECT owner, name, yaml, updated_at FROM dashboards ORDER BY name, owner = '', owner"
            : "SELECT owner, name, yaml, updated_at FROM dashboards WHERE owner = $1 OR owner = '' ORDER BY name, owner = ''");
        if (owner is not null)
        {
            cmd.Parameters.AddWithValue(owner);
        }

        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<SavedDashboard>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    /// <summary>Deletes the owner's dashboard of that name; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string owner, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var cmd = dataSource.CreateCommand("DELETE FROM dashboards WHERE owner = $1 AND name = $2");
        cmd.Parameters.AddWithValue(owner);
        cmd.Parameters.AddWithValue(name);
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    private static SavedDashboard Read(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
}
