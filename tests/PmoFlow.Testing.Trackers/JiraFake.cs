using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PmoFlow.Testing.Trackers;

/// <summary>
/// Jira's search, board-issue, changelog and status endpoints over recorded issues: filters by the JQL's
/// <c>updated &gt;=</c> bound, orders by <c>updated</c> when asked, paginates with startAt/maxResults and can
/// truncate the embedded changelog so the per-issue changelog endpoint must be used.
/// </summary>
public sealed partial class JiraFake
{
    private readonly List<JsonObject> _issues;
    private readonly Dictionary<string, List<JsonObject>> _histories = [];
    private readonly JsonArray _statuses;

    public JiraFake(IEnumerable<JsonObject> issues, JsonArray statuses)
    {
        _issues = [.. issues.DistinctBy(i => (string)i["id"]!)];
        _statuses = statuses;
        foreach (var issue in _issues)
        {
            _histories[(string)issue["id"]!] = [.. issue["changelog"]!["histories"]!.AsArray().Select(h => h!.AsObject())];
        }
    }

    /// <summary>When set, the embedded changelog holds only this many histories (total says how many exist).</summary>
    public int? EmbeddedChangelogLimit { get; set; }

    /// <summary>The most issues a search page returns, whatever maxResults asks.</summary>
    public int MaxResultsCap { get; set; } = 1000;

    /// <summary>The most histories a changelog page returns.</summary>
    public int ChangelogPageCap { get; set; } = 100;

    /// <summary>Updates an issue's <c>updated</c> field (a later edit) and appends a status history to it.</summary>
    public void AddStatusChange(string key, string historyId, DateTimeOffset at, string from, string to)
    {
        var issue = _issues.Single(i => (string)i["key"]! == key);
        var stamp = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+0000";
        issue["fields"]!["updated"] = stamp;
        var history = new JsonObject
        {
            ["id"] = historyId,
            ["created"] = stamp,
            ["items"] = new JsonArray(new JsonObject { ["field"] = "status", ["fieldId"] = "status", ["fromString"] = from, ["toString"] = to }),
        };
        _histories[(string)issue["id"]!].Add(history);
        issue["changelog"]!["histories"]!.AsArray().Add(history.DeepClone());
        issue["changelog"]!["total"] = _histories[(string)issue["id"]!].Count;
        issue["changelog"]!["maxResults"] = _histories[(string)issue["id"]!].Count;
    }

    public void Map(WebApplication app)
    {
        app.MapGet("/rest/api/{version}/search", Search);
        app.MapGet("/rest/agile/1.0/board/{board}/issue", Search);
        app.MapGet("/rest/api/{version}/issue/{id}/changelog", (HttpContext c, string id) => Changelog(c, id));
        app.MapGet("/rest/api/{version}/status", () => Results.Json(_statuses));

        // These recordings are of the startAt-paged /search that Data Center keeps: the fake says it is one.
        app.MapGet("/rest/api/2/serverInfo", () => Results.Text(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "jira-datacenter", "serverInfo.json")), "application/json"));
    }

    private IResult Search(HttpContext context)
    {
        var jql = context.Request.Query["jql"].ToString();
        var startAt = int.Parse(context.Request.Query["startAt"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        var maxResults = Math.Min(MaxResultsCap, int.Parse(context.Request.Query["maxResults"].FirstOrDefault() ?? "50", CultureInfo.InvariantCulture));
        var all = JiraJql.Apply(_issues, jql);
        var page = new JsonArray();
        foreach (var issue in all.Skip(startAt).Take(maxResults))
        {
            var copy = issue.DeepClone().AsObject();
            var histories = _histories[(string)issue["id"]!];
            if (EmbeddedChangelogLimit is { } limit && histories.Count > limit)
            {
                copy["changelog"] = new JsonObject
                {
                    ["startAt"] = 0,
                    ["maxResults"] = limit,
                    ["total"] = histories.Count,
                    ["histories"] = new JsonArray([.. histories.Take(limit).Select(h => h.DeepClone())]),
                };
            }

            page.Add(copy);
        }

        return Results.Json(new JsonObject
        {
            ["expand"] = "schema,names",
            ["startAt"] = startAt,
            ["maxResults"] = maxResults,
            ["total"] = all.Count,
            ["issues"] = page,
        });
    }

    private IResult Changelog(HttpContext context, string id)
    {
        if (!_histories.TryGetValue(id, out var histories))
        {
            return Results.NotFound();
        }

        var startAt = int.Parse(context.Request.Query["startAt"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        var maxResults = Math.Min(ChangelogPageCap, int.Parse(context.Request.Query["maxResults"].FirstOrDefault() ?? "100", CultureInfo.InvariantCulture));
        var values = histories.Skip(startAt).Take(maxResults).Select(h => h.DeepClone()).ToArray();
        return Results.Json(new JsonObject
        {
            ["startAt"] = startAt,
            ["maxResults"] = maxResults,
            ["total"] = histories.Count,
            ["isLast"] = startAt + values.Length >= histories.Count,
            ["values"] = new JsonArray(values),
        });
    }

}
