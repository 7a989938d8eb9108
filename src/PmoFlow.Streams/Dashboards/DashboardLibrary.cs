using Npgsql;
using PmoFlow.Storage.Portfolio;

namespace PmoFlow.Streams.Dashboards;

/// <summary>A saved dashboard as read back: the dashboard, its owner and when it was saved.</summary>
/// <param name="Dashboard">The dashboard.</param>
/// <param name="Owner">Empty (shared) or the owning key's fingerprint.</param>
/// <param name="UpdatedAt">When it was last saved.</param>
/// <param name="Yaml">Its stored YAML text (what export writes).</param>
public sealed record StoredDashboard(Dashboard Dashboard, string Owner, DateTimeOffset UpdatedAt, string Yaml);

/// <summary>
/// The saved dashboards use case: save (import), find, list and remove, shared or private to an API key. The one
/// path behind <c>pmoflow dashboard</c>, <c>/api/dashboards</c>, the dashboard page and <c>report --dashboard</c>.
/// Everything stored is the YAML <see cref="DashboardYaml.Write"/> writes and is read back through
/// <see cref="DashboardYaml.Parse"/>.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class DashboardLibrary(NpgsqlDataSource dataSource)
{
    private readonly DashboardStore _store = new(dataSource);

    /// <summary>The owner a dashboard is saved under: shared, else the key's fingerprint.</summary>
    /// <exception cref="ArgumentException">A private dashboard without an API key.</exception>
    public static string OwnerFor(Dashboard dashboard, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        if (dashboard.Shared)
        {
            return DashboardOwners.Shared;
        }

        return apiKey is null
            ? throw new ArgumentException($"dashboard '{dashboard.Name}' is private (shared: false), which needs an API key ($PMOFLOW_API_KEY or --api-key-file) to own it.")
            : DashboardOwners.OfKey(apiKey);
    }

    /// <summary>Who is asking: the key's fingerprint, or shared when there is no key.</summary>
    public static string Viewer(string? apiKey) => apiKey is null ? DashboardOwners.Shared : DashboardOwners.OfKey(apiKey);

    /// <summary>Saves a dashboard (replacing one of the same owner and name); returns its YAML.</summary>
    public async Task<string> SaveAsync(Dashboard dashboard, string? apiKey, DateTimeOffset at, CancellationToken ct)
    {
        var owner = OwnerFor(dashboard, apiKey);
        var yaml = DashboardYaml.Write(dashboard);
        await _store.SaveAsync(owner, dashboard.Name, yaml, at, ct).ConfigureAwait(false);
        return yaml;
    }

    /// <summary>The dashboard of that name the viewer sees (its own first, then the shared one); null when none.</summary>
    public async Task<StoredDashboard?> FindAsync(string name, string? apiKey, CancellationToken ct)
    {
        var saved = await _store.FindAsync(Viewer(apiKey), name, ct).ConfigureAwait(false);
        return saved is null ? null : Read(saved);
    }

    /// <summary>Every dashboard the viewer sees, by name.</summary>
    public async Task<IReadOnlyList<StoredDashboard>> ListAsync(string? apiKey, CancellationToken ct)
    {
        var saved = await _store.ListAsync(Viewer(apiKey), ct).ConfigureAwait(false);
        return [.. saved.Select(Read)];
    }

    /// <summary>Removes the dashboard of that name the viewer sees; false when there is none.</summary>
    public async Task<bool> RemoveAsync(string name, string? apiKey, CancellationToken ct)
    {
        var saved = await _store.FindAsync(Viewer(apiKey), name, ct).ConfigureAwait(false);
        return saved is not null && await _store.DeleteAsync(saved.Owner, saved.Name, ct).ConfigureAwait(false);
    }

    // Stored text was written by DashboardYaml.Write; streams are not re-checked (a stream removed from the
    // configuration shows as a panel saying so, instead of hiding the whole dashboard).
    private static StoredDashboard Read(SavedDashboard saved) =>
        new(DashboardYaml.Parse(saved.Yaml, $"dashboard '{saved.Name}'", null), saved.Owner, saved.UpdatedAt, saved.Yaml);
}
