using System.Security.Cryptography;
using System.Text;
using PmoFlow.Core.Model;
using PmoFlow.Streams.Configuration;

namespace PmoFlow.Streams.Dashboards;

/// <summary>A saved layout of report panels, in display order.</summary>
/// <param name="Name">The dashboard's name (1-100 characters, no control characters; may be any text, it is escaped where shown).</param>
/// <param name="Shared">Whether every user sees it (else only the holders of the API key that saved it).</param>
/// <param name="Panels">Its panels, in display order (at most <see cref="DashboardRules.MaxPanels"/>).</param>
public sealed record Dashboard(string Name, bool Shared, IReadOnlyList<DashboardPanel> Panels);

/// <summary>One panel: a section, chart or table of a stream's weekly report, with its own week, as-of and window.</summary>
/// <remarks>
/// The panel shows what the report of its stream holds (the same chart and table code); its <see cref="AsOf"/> and
/// <see cref="Week"/> are read relative to the instant the dashboard is shown or the report is built for, so a saved
/// <c>-1w</c> always means "a week before".
/// </remarks>
public sealed record DashboardPanel
{
    /// <summary>The id of the report's section, chart or table shown (e.g. <c>cycle-time</c>, <c>throughput</c>, <c>blocked-items</c>).</summary>
    public required string Show { get; init; }

    /// <summary>The stream whose report it shows; null: the dashboard's stream (the report's, or the page's).</summary>
    public string? Stream { get; init; }

    /// <summary>The panel's title; null: the part's own title.</summary>
    public string? Title { get; init; }

    /// <summary>Columns of the dashboard's 4-column grid it spans (1-4; the report ignores it).</summary>
    public int Width { get; init; } = DashboardRules.DefaultWidth;

    /// <summary>Height of its charts in CSS pixels (160-1200); null: each chart's own.</summary>
    public int? Height { get; init; }

    /// <summary>The as-of as typed (a date, <c>-1w</c>, an ISO instant); null: the dashboard's as-of.</summary>
    public string? AsOf { get; init; }

    /// <summary>The week as typed (<c>last</c>, <c>this</c>, a date, <c>2026-W05</c>); null: the dashboard's week (or, with an as-of, the report's default week for it).</summary>
    public string? Week { get; init; }

    /// <summary>Weeks of history its charts show, ending with its week (1-104); null: the report's 12.</summary>
    public int? Weeks { get; init; }
}

/// <summary>The rules a dashboard obeys, wherever it comes from (YAML import, the dashboard page's JSON).</summary>
public static class DashboardRules
{
    /// <summary>Most panels on one dashboard.</summary>
    public const int MaxPanels = 60;

    /// <summary>Longest dashboard name or panel title.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Grid columns a new panel spans.</summary>
    public const int DefaultWidth = 2;

    /// <summary>Columns of the dashboard grid.</summary>
    public const int Columns = 4;

    /// <summary>What is wrong with a name or title, or null when it is fine.</summary>
    public static string? NameProblem(string? name, bool required)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return required ? "is required" : null;
        }

        if (name.Length > MaxNameLength)
        {
            return $"is {name.Length} characters long; at most {MaxNameLength}";
        }

        return name.Any(char.IsControl) ? "must not hold control characters (line breaks, tabs)" : null;
    }

    /// <summary>
    /// Each problem of a panel as (key, problem); empty when it is fine. Streams are checked against
    /// <paramref name="config"/> when given.
    /// </summary>
    public static IEnumerable<(string Key, string Problem)> Check(DashboardPanel panel, PmoFlowConfig? config)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (string.IsNullOrEmpty(panel.Show) || panel.Show.Length > 64
            || !panel.Show.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || panel.Show[0] == '-')
        {
            yield return ("show", $"'{panel.Show}' is not a report part id (lower-case letters, digits and '-', e.g. cycle-time or throughput)");
        }

        if (panel.Stream is { } s && config is not null
            && !config.Streams.Any(x => string.Equals(x.Definition.Name, s, StringComparison.OrdinalIgnoreCase)))
        {
            yield return ("stream", $"no stream is named '{s}' (streams: {string.Join(", ", config.Streams.Select(x => x.Definition.Name))})");
        }

        if (NameProblem(panel.Title, required: false) is { } title)
        {
            yield return ("title", title);
        }

        if (panel.Width is < 1 or > Columns)
        {
            yield return ("width", $"must be between 1 and {Columns} (columns of the grid)");
        }

        if (panel.Height is < 160 or > 1200)
        {
            yield return ("height", "must be between 160 and 1200 (pixels)");
        }

        if (panel.Weeks is < 1 or > 104)
        {
            yield return ("weeks", "must be between 1 and 104");
        }

        var reference = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        string? asOfProblem = null;
        string? weekProblem = null;
        try
        {
            _ = StreamCalendar.Utc.ParseAsOf(panel.AsOf, reference, "asOf");
        }
        catch (DateInputException ex)
        {
            asOfProblem = ex.Message;
        }

        try
        {
            _ = StreamCalendar.Utc.ParseWeek(panel.Week, DateOnly.FromDateTime(reference.UtcDateTime), "week");
        }
        catch (DateInputException ex)
        {
            weekProblem = ex.Message;
        }

        if (asOfProblem is not null)
        {
            yield return ("asOf", asOfProblem);
        }

        if (weekProblem is not null)
        {
            yield return ("week", weekProblem);
        }
    }
}

/// <summary>Who a dashboard belongs to: shared, or the holders of one API key (known by its fingerprint, never the key).</summary>
public static class DashboardOwners
{
    /// <summary>The owner of shared dashboards.</summary>
    public const string Shared = Storage.Portfolio.DashboardStore.SharedOwner;

    /// <summary>The owner name of an API key's private dashboards: <c>key:</c> and the first 16 hex digits of its SHA-256.</summary>
    public static string OfKey(string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        return "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)))[..16];
    }
}
