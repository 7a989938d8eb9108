using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PmoFlow.Testing.Trackers;

/// <summary>
/// Jira Cloud as it is today, over the replay fixtures in <c>Fixtures/jira-cloud</c> (or generated issues):
/// <c>GET /rest/api/3/search/jql</c> (nextPageToken / isLast, no total, only ids unless fields are asked for),
/// <c>POST /rest/api/3/changelog/bulkfetch</c> (up to 1,000 issues, fieldIds, nextPageToken), the per-issue
/// changelog, <c>/rest/api/2/serverInfo</c>, <c>/rest/api/3/field</c>, statuses, and 410 Gone for the removed
/// <c>/rest/api/2|3/search</c>.
/// </summary>
public sealed partial class JiraCloudFake
{
    private readonly List<JsonObject> _issues;
    private readonly Dictionary<string, List<JsonObject>> _histories;
    private readonly JsonNode _serverInfo;
    private readonly JsonNode _statuses;
    private readonly JsonNode _fields;
    private readonly string _gone;

    public JiraCloudFake(IEnumerable<JsonObject> issues, Dictionary<string, List<JsonObject>> histories)
    {
        _issues = [.. issues];
        _histories = histories;
        _serverInfo = JiraCloudFixtures.Load("serverInfo.json");
        _statuses = JiraCloudFixtures.Load("status.json");
        _fields = JiraCloudFixtures.Load("field.json");
        _gone = JiraCloudFixtures.Load("errors", "410-search.json").ToJsonString();
    }

    /// <summary>The fake over the replay fixtures.</summary>
    public static JiraCloudFake FromFixtures() => new(JiraCloudFixtures.Issues(), JiraCloudFixtures.Histories());

    /// <summary>The most issues a search page holds when fields are asked for (Cloud caps it, whatever maxResults says).</summary>
    public int MaxResultsCap { get; set; } = 100;

    /// <summary>The most change histories one bulk changelog page holds.</summary>
    public int BulkHistoriesCap { get; set; } = 1000;

    /// <summary>Leave <c>nextPageToken</c> out of the last search page (seen in practice, JRACLOUD-92184) instead of null.</summary>
    public bool OmitLastToken { get; set; }

    /// <summary>When set, the search page after this many pages returns the same nextPageToken as the page before it.</summary>
    public int? RepeatTokenAfterPages { get; set; }

    /// <summary>When set, the bulk changelog keeps answering with the same nextPageToken (a loop).</summary>
    public bool RepeatBulkToken { get; set; }

    /// <summary>When true, the bulk changelog answers 404 (an instance without it), so the per-issue changelog must be used.</summary>
    public bool BulkRefused { get; set; }

    /// <summary>Request bodies the bulk changelog received, as parsed JSON.</summary>
    public List<JsonObject> BulkRequests { get; } = [];

    /// <summary>A later edit: the issue's <c>updated</c> moves and a status history is appended.</summary>
    public void AddStatusChange(string key, string historyId, DateTimeOffset at, string from, string to)
    {
        var issue = _issues.Single(i => (string)i["key"]! == key);
        var stamp = JiraCloudFixtures.Stamp(at);
        issue["fields"]!["updated"] = stamp;
        issue["fields"]!["status"]!["name"] = to;
        var id = (string)issue["id"]!;
        if (!_histories.TryGetValue(id, out var list))
        {
            _histories[id] = list = [];
        }

        list.Add(new JsonObject
        {
            ["id"] = historyId,
            ["created"] = stamp,
            ["items"] = new JsonArray(new JsonObject { ["field"] = "status", ["fieldtype"] = "jira", ["fieldId"] = "status", ["fromString"] = from, ["toString"] = to }),
        });
    }

    public void Map(WebApplication app)
    {
        app.MapGet("/rest/api/2/serverInfo", () => Results.Text(_serverInfo.ToJsonString(), "application/json"));
        app.MapGet("/rest/api/{version}/search", () => Results.Text(_gone, "application/json", Encoding.UTF8, 410));
        app.MapPost("/rest/api/{version}/search", () => Results.Text(_gone, "application/json", Encoding.UTF8, 410));
        app.MapGet("/rest/api/3/search/jql", Search);
        app.MapGet("/rest/agile/1.0/board/{board}/issue", Board);
        app.MapPost("/rest/api/3/changelog/bulkfetch", (Func<HttpContext, Task<IResult>>)BulkFetch);
        app.MapGet("/rest/api/{version}/issue/{id}/changelog", (HttpContext c, string id) => Changelog(c, id));
        app.MapGet("/rest/api/3/field", () => Results.Text(_fields.ToJsonString(), "application/json"));
        app.MapGet("/rest/api/{version}/status", () => Results.Text(_statuses.ToJsonString(), "application/json"));
    }

    private int _searchPages;

    private IResult Search(HttpContext context)
    {
        var jql = context.Request.Query["jql"].ToString();
        var fields = context.Request.Query["fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var max = int.Parse(context.Request.Query["maxResults"].FirstOrDefault() ?? "50", CultureInfo.InvariantCulture);
        var token = context.Request.Query["nextPageToken"].FirstOrDefault();
        var start = token is null ? 0 : DecodeToken(token, "search");
        max = Math.Min(max, fields.Length > 0 ? MaxResultsCap : 5000);

        var all = JiraJql.Apply(_issues, jql);
        var page = new JsonArray();
        foreach (var issue in all.Skip(start).Take(max))
        {
            // Only ids unless fields are asked for; otherwise exactly the fields asked for.
            var copy = new JsonObject { ["expand"] = string.Empty, ["id"] = (string)issue["id"]!, ["self"] = issue["self"]?.DeepClone(), ["key"] = (string)issue["key"]! };
            if (fields.Length > 0)
            {
                var source = issue["fields"]!.AsObject();
                copy["fields"] = new JsonObject(fields.Where(source.ContainsKey).Select(f => KeyValuePair.Create(f, source[f]?.DeepClone())));
            }
            else
            {
                copy.Remove("key");
                copy.Remove("self");
            }

            page.Add(copy);
        }

        var n = Interlocked.Increment(ref _searchPages);
        var last = start + page.Count >= all.Count;
        var body = new JsonObject { ["issues"] = page };
        if (!last)
        {
            var next = n > RepeatTokenAfterPages && token is not null ? token : EncodeToken("search", start + page.Count);
            body["nextPageToken"] = next;
        }
        else if (!OmitLastToken)
        {
            body["nextPageToken"] = null;
        }

        body["isLast"] = last;
        return Results.Text(body.ToJsonString(), "application/json");
    }

    /// <summary>The most histories a board listing embeds per issue (the rest is in the changelog endpoints).</summary>
    public int EmbeddedChangelogLimit { get; set; } = 100;

    /// <summary>The agile board listing, which Cloud still pages by startAt with <c>total</c> and <c>expand=changelog</c>.</summary>
    private IResult Board(HttpContext context)
    {
        var startAt = int.Parse(context.Request.Query["startAt"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        var max = Math.Min(MaxResultsCap, int.Parse(context.Request.Query["maxResults"].FirstOrDefault() ?? "50", CultureInfo.InvariantCulture));
        var all = JiraJql.Apply(_issues, context.Request.Query["jql"].ToString());
        var page = new JsonArray();
        foreach (var issue in all.Skip(startAt).Take(max))
        {
            var copy = issue.DeepClone().AsObject();
            var histories = _histories.GetValueOrDefault((string)issue["id"]!, []);
            var embedded = histories.Take(EmbeddedChangelogLimit).Select(h => (JsonNode)h.DeepClone()).ToArray();
            copy["changelog"] = new JsonObject { ["startAt"] = 0, ["maxResults"] = embedded.Length, ["total"] = histories.Count, ["histories"] = new JsonArray(embedded) };
            page.Add(copy);
        }

        return Results.Text(new JsonObject { ["expand"] = "schema,names", ["startAt"] = startAt, ["maxResults"] = max, ["total"] = all.Count, ["issues"] = page }.ToJsonString(), "application/json");
    }

    private async Task<IResult> BulkFetch(HttpContext context)
    {
        if (BulkRefused)
        {
            return Results.Text("{\"errorMessages\":[\"null for uri: /rest/api/3/changelog/bulkfetch\"],\"errors\":{}}", "application/json", Encoding.UTF8, 404);
        }

        using var reader = new StreamReader(context.Request.Body);
        var request = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        lock (BulkRequests)
        {
            BulkRequests.Add(request);
        }

        var ids = request["issueIdsOrKeys"]!.AsArray().Select(i => (string)i!).ToList();
        if (ids.Count is 0 or > 1000)
        {
            return Results.Text("{\"errorMessages\":[\"issueIdsOrKeys must hold between 1 and 1000 issue ids or keys.\"],\"errors\":{}}", "application/json", Encoding.UTF8, 400);
        }

        var fieldIds = request["fieldIds"]?.AsArray().Select(f => (string)f!).ToHashSet(StringComparer.Ordinal);
        var max = Math.Min(BulkHistoriesCap, (int?)request["maxResults"] ?? 1000);
        var token = (string?)request["nextPageToken"];
        var start = token is null ? 0 : DecodeToken(token, "bulk");

        // Oldest change first, then the smaller issue id, as the documentation says.
        var all = ids
            .Select(key => _issues.FirstOrDefault(i => (string)i["id"]! == key || (string)i["key"]! == key))
            .OfType<JsonObject>()
            .SelectMany(issue => _histories.GetValueOrDefault((string)issue["id"]!, [])
                .Select(h => (IssueId: (string)issue["id"]!, History: Filter(h, fieldIds)))
                .Where(x => x.History is not null))
            .OrderBy(x => JiraTime.Parse((string)x.History!["created"]!))
            .ThenBy(x => long.Parse(x.IssueId, CultureInfo.InvariantCulture))
            .ToList();
        var page = all.Skip(start).Take(max).ToList();
        var logs = new JsonArray();
        foreach (var group in page.GroupBy(x => x.IssueId))
        {
            logs.Add(new JsonObject { ["issueId"] = group.Key, ["changeHistories"] = new JsonArray([.. group.Select(x => x.History!)]) });
        }

        var more = start + page.Count < all.Count;
        return Results.Text(new JsonObject
        {
            ["issueChangeLogs"] = logs,
            ["nextPageToken"] = RepeatBulkToken ? EncodeToken("bulk", 0) : more ? EncodeToken("bulk", start + page.Count) : null,
        }.ToJsonString(), "application/json");
    }

    private static JsonObject? Filter(JsonObject history, HashSet<string>? fieldIds)
    {
        var copy = history.DeepClone().AsObject();
        if (fieldIds is null)
        {
            return copy;
        }

        var items = copy["items"]!.AsArray();
        foreach (var item in items.ToList())
        {
            if (!fieldIds.Contains((string?)item!["fieldId"] ?? (string?)item["field"] ?? string.Empty))
            {
                items.Remove(item);
            }
        }

        return items.Count == 0 ? null : copy;
    }

    private IResult Changelog(HttpContext context, string id)
    {
        if (!_issues.Exists(i => (string)i["id"]! == id))
        {
            return Results.NotFound();
        }

        var histories = _histories.GetValueOrDefault(id, []);
        var startAt = int.Parse(context.Request.Query["startAt"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        var maxResults = Math.Min(100, int.Parse(context.Request.Query["maxResults"].FirstOrDefault() ?? "100", CultureInfo.InvariantCulture));
        var values = histories.Skip(startAt).Take(maxResults).Select(h => h.DeepClone()).ToArray();
        return Results.Text(new JsonObject
        {
            ["self"] = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}",
            ["maxResults"] = maxResults,
            ["startAt"] = startAt,
            ["total"] = histories.Count,
            ["isLast"] = startAt + values.Length >= histories.Count,
            ["values"] = new JsonArray(values),
        }.ToJsonString(), "application/json");
    }

    private static string EncodeToken(string kind, int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}:{offset}:pmoflow-fixture")));

    private static int DecodeToken(string token, string kind)
    {
        var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':');
        return parts[0] == kind ? int.Parse(parts[1], CultureInfo.InvariantCulture) : throw new FormatException($"not a {kind} token");
    }

}

/// <summary>The Jira Cloud replay fixtures (<c>Fixtures/jira-cloud</c>) and facts counted from them independently of the connector.</summary>
public static class JiraCloudFixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "jira-cloud");

    public static JsonNode Load(params string[] parts) => JsonNode.Parse(File.ReadAllText(Path.Combine([Dir, .. parts])))!;

    /// <summary>The 25 issues as the enhanced search returns them with every field asked for.</summary>
    public static List<JsonObject> Issues() => [.. Load("issues.json").AsArray().Select(i => i!.AsObject())];

    /// <summary>Each issue id's change histories (the bulk changelog's <c>issueChangeLogs</c>, all in one).</summary>
    public static Dictionary<string, List<JsonObject>> Histories() => Load("changelogs.json")["issueChangeLogs"]!.AsArray()
        .ToDictionary(l => (string)l!["issueId"]!, l => l!["changeHistories"]!.AsArray().Select(h => h!.AsObject()).ToList());

    public static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+0000";

    /// <summary>Status names each issue key moved to, in changelog order (history instant, then id).</summary>
    public static Dictionary<string, List<string?>> StatusSequences()
    {
        var histories = Histories();
        return Issues()
            .Select(i => ((string)i["key"]!, histories.GetValueOrDefault((string)i["id"]!, [])
                .OrderBy(h => JiraTime.Parse((string)h["created"]!)).ThenBy(h => long.Parse((string)h["id"]!, CultureInfo.InvariantCulture))
                .SelectMany(h => h["items"]!.AsArray())
                .Where(it => (string?)it!["fieldId"] == "status")
                .Select(it => (string?)it!["toString"]).ToList()))
            .Where(x => x.Item2.Count > 0)
            .ToDictionary(x => x.Item1, x => x.Item2);
    }

    /// <summary>
    /// Events a default Jira source stores for the fixtures: one <c>created</c> per issue plus one per changelog item
    /// whose fieldId is status, resolution, issuetype, parent or the Flagged field (customfield_10021).
    /// </summary>
    public static int ExpectedEventCount()
    {
        string[] counted = ["status", "resolution", "issuetype", "parent", "customfield_10021"];
        return Issues().Count + Histories().Values.SelectMany(h => h).SelectMany(h => h["items"]!.AsArray())
            .Count(it => counted.Contains((string?)it!["fieldId"]));
    }

    /// <summary>
    /// A generated Cloud site for benchmarks and volume tests: <paramref name="count"/> issues, each with
    /// <paramref name="histories"/> status changes, in the same shapes as the fixtures.
    /// </summary>
    public static (List<JsonObject> Issues, Dictionary<string, List<JsonObject>> Histories) Generate(int count, int histories)
    {
        string[] flow = ["To Do", "In Progress", "In Review", "Done"];
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var issues = new List<JsonObject>(count);
        var all = new Dictionary<string, List<JsonObject>>(count);
        for (var i = 0; i < count; i++)
        {
            var id = (100000 + i).ToString(CultureInfo.InvariantCulture);
            var created = start.AddMinutes(i);
            var at = created;
            var list = new List<JsonObject>(histories);
            for (var h = 0; h < histories; h++)
            {
                at = at.AddMinutes(1 + ((i + h) % 50));
                list.Add(new JsonObject
                {
                    ["id"] = (1_000_000L + ((long)i * histories) + h).ToString(CultureInfo.InvariantCulture),
                    ["created"] = Stamp(at),
                    ["items"] = new JsonArray(new JsonObject
                    {
                        ["field"] = "status", ["fieldtype"] = "jira", ["fieldId"] = "status",
                        ["fromString"] = flow[h % 4], ["toString"] = flow[(h + 1) % 4],
                    }),
                });
            }

            all[id] = list;
            issues.Add(new JsonObject
            {
                ["id"] = id,
                ["self"] = $"https://pmoflow-fixture.atlassian.net/rest/api/3/issue/{id}",
                ["key"] = $"GEN-{i + 1}",
                ["fields"] = new JsonObject
                {
                    ["summary"] = $"Generated issue {i + 1}",
                    ["issuetype"] = new JsonObject { ["name"] = "Story" },
                    ["created"] = Stamp(created),
                    ["updated"] = Stamp(at),
                    ["status"] = new JsonObject { ["name"] = flow[histories % 4] },
                    ["labels"] = new JsonArray(),
                },
            });
        }

        return (issues, all);
    }
}
