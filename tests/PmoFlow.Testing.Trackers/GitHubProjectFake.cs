using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PmoFlow.Testing.Trackers;

/// <summary>
/// GitHub's GraphQL endpoint (<c>POST /graphql</c>) over the replay fixtures in <c>Fixtures/github-project</c>: a
/// Projects (v2) board's items (<c>first</c>/<c>after</c> with <c>pageInfo</c>), the status field's value, each issue's
/// project timeline (paged with <c>IssueTimeline</c> when longer than <see cref="TimelinePageSize"/>), the
/// <c>x-ratelimit-*</c> headers, and on demand the primary, secondary and <c>RATE_LIMITED</c> limits.
/// </summary>
public sealed class GitHubProjectFake
{
    private readonly List<JsonObject> _items;
    private int _requests;

    public GitHubProjectFake(IEnumerable<JsonObject> items, int projectNumber = 3)
    {
        _items = [.. items];
        ProjectNumber = projectNumber;
    }

    /// <summary>The fake over the replay fixtures (project 3 of octo-org).</summary>
    public static GitHubProjectFake FromFixtures() => new(GitHubProjectFixtures.Items());

    public int ProjectNumber { get; }

    /// <summary>The status field's name on this board; any other name has no value on the items.</summary>
    public string StatusField { get; set; } = "Status";

    /// <summary>Timeline events per page (GitHub allows up to 100).</summary>
    public int TimelinePageSize { get; set; } = 100;

    /// <summary>When set, the answer to request N (1-based) says no points are left until now + <see cref="ResetAfter"/>.</summary>
    public int? ExhaustAtRequest { get; set; }

    /// <summary>When set, request N is refused with a secondary rate limit: 403 with <c>Retry-After: 1</c>.</summary>
    public int? SecondaryLimitAtRequest { get; set; }

    /// <summary>When set, request N is answered 200 with a <c>RATE_LIMITED</c> GraphQL error (and no points left).</summary>
    public int? RateLimitedErrorAtRequest { get; set; }

    public TimeSpan ResetAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>When set, every IssueTimeline request for this issue node id fails with 502.</summary>
    public string? FailTimelineOf { get; set; }

    /// <summary>When true, every items page answers with the same endCursor (a loop).</summary>
    public bool RepeatEndCursor { get; set; }

    /// <summary>Changes an item's current status (and its updatedAt) without writing a timeline event, as GitHub has been seen doing.</summary>
    public void SetStatusWithoutEvent(int issueNumber, string status, DateTimeOffset at)
    {
        var item = _items.Single(i => (int?)i["content"]?["number"] == issueNumber && (string?)i["content"]?["__typename"] == "Issue");
        item["fieldValueByName"] = new JsonObject { ["name"] = status, ["optionId"] = "opt-" + status.ToLowerInvariant().Replace(' ', '-') };
        item["updatedAt"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    public void Map(WebApplication app) => app.MapPost("/graphql", (Func<HttpContext, Task<IResult>>)GraphQlAsync);

    private async Task<IResult> GraphQlAsync(HttpContext context)
    {
        var n = Interlocked.Increment(ref _requests);
        var headers = context.Response.Headers;
        var exhausted = n == ExhaustAtRequest || n == RateLimitedErrorAtRequest;
        var reset = DateTimeOffset.UtcNow + (exhausted ? ResetAfter : TimeSpan.FromHours(1));
        headers["x-ratelimit-limit"] = "5000";
        headers["x-ratelimit-remaining"] = exhausted ? "0" : (5000 - n).ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-used"] = n.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-resource"] = "graphql";
        if (n == SecondaryLimitAtRequest)
        {
            headers.RetryAfter = "1";
            return Json(GitHubProjectFixtures.Load("errors", "403-secondary.json"), 403);
        }

        if (n == RateLimitedErrorAtRequest)
        {
            return Json(GitHubProjectFixtures.Load("errors", "rate-limited.json"));
        }

        using var reader = new StreamReader(context.Request.Body);
        var request = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        var variables = request["variables"]!.AsObject();
        if ((string?)request["operationName"] == "IssueTimeline" && (string?)variables["id"] == FailTimelineOf)
        {
            return Json(new JsonObject { ["message"] = "Server Error" }, 502);
        }

        var rateLimit = new JsonObject { ["cost"] = 1, ["remaining"] = 5000 - n, ["resetAt"] = reset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };
        return (string?)request["operationName"] switch
        {
            "ProjectItems" => (int)variables["number"]! != ProjectNumber
                ? Json(GitHubProjectFixtures.Load("errors", "not-found.json"))
                : Json(new JsonObject { ["data"] = new JsonObject { ["rateLimit"] = rateLimit, ["owner"] = new JsonObject { ["projectV2"] = new JsonObject { ["items"] = Items(variables) } } } }),
            "IssueTimeline" => Json(new JsonObject { ["data"] = new JsonObject { ["rateLimit"] = rateLimit, ["node"] = Timeline(variables) } }),
            "StatusOptions" => Json(new JsonObject
            {
                ["data"] = new JsonObject
                {
                    ["owner"] = new JsonObject
                    {
                        ["projectV2"] = new JsonObject
                        {
                            ["field"] = (string?)variables["statusField"] == StatusField
                                ? new JsonObject { ["options"] = new JsonArray([.. new[] { "Todo", "In Progress", "In Review", "Done" }.Select(o => (JsonNode)new JsonObject { ["name"] = o })]) }
                                : null,
                        },
                    },
                },
            }),
            var op => Json(new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["message"] = $"Unknown operation {op}" }) }),
        };
    }

    private JsonObject Items(JsonObject variables)
    {
        var first = (int)variables["first"]!;
        var after = (string?)variables["after"];
        var start = after is null ? 0 : Decode(after, "items");
        var statusKnown = (string?)variables["statusField"] == StatusField;
        var page = new JsonArray();
        foreach (var item in _items.Skip(start).Take(first))
        {
            var copy = item.DeepClone().AsObject();
            if (!statusKnown)
            {
                copy["fieldValueByName"] = null;
            }

            if (copy["content"] is JsonObject content && (string?)content["__typename"] == "Issue")
            {
                content["timelineItems"] = TimelinePage(content["timelineItems"]!["nodes"]!.AsArray(), (string)content["id"]!, 0);
            }

            page.Add(copy);
        }

        var more = start + page.Count < _items.Count;
        return new JsonObject
        {
            ["pageInfo"] = new JsonObject
            {
                ["hasNextPage"] = more,
                ["endCursor"] = page.Count == 0 ? null : Encode("items", RepeatEndCursor ? first : start + page.Count),
            },
            ["nodes"] = page,
        };
    }

    private JsonObject? Timeline(JsonObject variables)
    {
        var id = (string)variables["id"]!;
        var item = _items.FirstOrDefault(i => (string?)i["content"]?["id"] == id);
        return item is null
            ? null
            : new JsonObject { ["timelineItems"] = TimelinePage(item["content"]!["timelineItems"]!["nodes"]!.AsArray(), id, Decode((string)variables["after"]!, "tl")) };
    }

    private JsonObject TimelinePage(JsonArray all, string issueId, int start)
    {
        var nodes = all.Skip(start).Take(TimelinePageSize).Select(x => x!.DeepClone()).ToArray();
        var more = start + nodes.Length < all.Count;
        return new JsonObject
        {
            ["pageInfo"] = new JsonObject { ["hasNextPage"] = more, ["endCursor"] = nodes.Length == 0 ? null : Encode("tl", start + nodes.Length) + "." + issueId },
            ["nodes"] = new JsonArray(nodes),
        };
    }

    private static IResult Json(JsonNode body, int status = 200) => Results.Text(body.ToJsonString(), "application/json", Encoding.UTF8, status);

    private static string Encode(string kind, int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}:{offset}")));

    private static int Decode(string cursor, string kind)
    {
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor.Split('.')[0])).Split(':');
        return text[0] == kind ? int.Parse(text[1], CultureInfo.InvariantCulture) : throw new FormatException($"not a {kind} cursor");
    }
}

/// <summary>The GitHub Projects replay fixtures (<c>Fixtures/github-project</c>).</summary>
public static class GitHubProjectFixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "github-project");

    public static JsonNode Load(params string[] parts) => JsonNode.Parse(File.ReadAllText(Path.Combine([Dir, .. parts])))!;

    /// <summary>The board's 9 items (7 issues, a draft issue, a pull request), each issue with its whole project timeline.</summary>
    public static List<JsonObject> Items() => [.. Load("items.json").AsArray().Select(i => i!.AsObject())];
}
