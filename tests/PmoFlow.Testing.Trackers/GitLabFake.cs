using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PmoFlow.Testing.Trackers;

/// <summary>
/// GitLab's project issues listing (updated_after, page/per_page with X-Total-Pages / X-Next-Page) over
/// recorded issues, and per-issue resource state and label events.
/// </summary>
public sealed class GitLabFake(IEnumerable<JsonObject> issues)
{
    private readonly List<JsonObject> _issues = [.. issues.DistinctBy(i => (long)i["id"]!)];

    public Dictionary<long, List<JsonObject>> StateEvents { get; } = [];

    public Dictionary<long, List<JsonObject>> LabelEvents { get; } = [];

    /// <summary>Leave X-Total-Pages out (GitLab does for very large results), so clients must follow X-Next-Page.</summary>
    public bool OmitTotals { get; set; }

    /// <summary>Events served per page of a resource-events listing.</summary>
    public int EventsPerPage { get; set; } = 100;

    public void Map(WebApplication app)
    {
        app.MapGet("/api/v4/projects/{project}/issues", (HttpContext c) =>
        {
            IEnumerable<JsonObject> found = _issues;
            if (c.Request.Query["updated_after"].FirstOrDefault() is { } after)
            {
                var bound = DateTimeOffset.Parse(after, CultureInfo.InvariantCulture);
                found = found.Where(i => Updated(i) >= bound);
            }

            return Page(c, [.. found.OrderBy(Updated).ThenBy(i => (long)i["iid"]!)], 20);
        });
        app.MapGet("/api/v4/projects/{project}/issues/{iid:long}/resource_state_events", (HttpContext c, long iid) =>
            Page(c, StateEvents.GetValueOrDefault(iid, []), EventsPerPage));
        app.MapGet("/api/v4/projects/{project}/issues/{iid:long}/resource_label_events", (HttpContext c, long iid) =>
            Page(c, LabelEvents.GetValueOrDefault(iid, []), EventsPerPage));
        app.MapGet("/api/v4/projects/{project}/labels", () => Results.Json(new JsonArray(
            [.. _issues.SelectMany(i => i["labels"]!.AsArray().Select(l => (string)l!)).Distinct().Order(StringComparer.Ordinal)
                .Select(name => new JsonObject { ["name"] = name })])));
    }

    private static DateTimeOffset Updated(JsonObject issue) => DateTimeOffset.Parse((string)issue["updated_at"]!, CultureInfo.InvariantCulture);

    private IResult Page(HttpContext context, List<JsonObject> all, int defaultPerPage)
    {
        var perPage = Math.Min(int.Parse(context.Request.Query["per_page"].FirstOrDefault() ?? defaultPerPage.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), defaultPerPage == EventsPerPage ? EventsPerPage : 100);
        var page = int.Parse(context.Request.Query["page"].FirstOrDefault() ?? "1", CultureInfo.InvariantCulture);
        var totalPages = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var headers = context.Response.Headers;
        headers["X-Page"] = page.ToString(CultureInfo.InvariantCulture);
        headers["X-Next-Page"] = page < totalPages ? (page + 1).ToString(CultureInfo.InvariantCulture) : string.Empty;
        if (!OmitTotals)
        {
            headers["X-Total"] = all.Count.ToString(CultureInfo.InvariantCulture);
            headers["X-Total-Pages"] = totalPages.ToString(CultureInfo.InvariantCulture);
        }

        return Results.Json(new JsonArray([.. all.Skip((page - 1) * perPage).Take(perPage).Select(x => x.DeepClone())]));
    }
}
