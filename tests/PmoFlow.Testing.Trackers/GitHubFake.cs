using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PmoFlow.Testing.Trackers;

/// <summary>
/// GitHub's issue and repository issue-event listings over recorded responses: <c>since</c>, page/per_page
/// with Link headers, ETags with 304, and rate-limit headers.
/// </summary>
public sealed class GitHubFake(IEnumerable<JsonObject> issues, IEnumerable<JsonObject> events)
{
    private readonly List<JsonObject> _issues = [.. issues.DistinctBy(i => (long)i["id"]!)];
    private readonly List<JsonObject> _events = [.. events.DistinctBy(e => (long)e["id"]!)];
    private int _requests;

    /// <summary>When set, the response to request number N (1-based) says the rate limit is exhausted until now + ResetAfter.</summary>
    public int? ExhaustAtRequest { get; set; }

    public TimeSpan ResetAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>When set, request number N is answered 403 with the rate limit exhausted (GitHub's primary limit response).</summary>
    public int? ForbidAtRequest { get; set; }

    public void AddEvent(JsonObject e) => _events.Add(e);

    public void Map(WebApplication app)
    {
        app.MapGet("/repos/{owner}/{repo}/issues", (HttpContext c) =>
        {
            IEnumerable<JsonObject> found = _issues;
            if (c.Request.Query["since"].FirstOrDefault() is { } since)
            {
                var bound = DateTimeOffset.Parse(since, CultureInfo.InvariantCulture);
                found = found.Where(i => DateTimeOffset.Parse((string)i["updated_at"]!, CultureInfo.InvariantCulture) >= bound);
            }

            found = found.OrderBy(i => DateTimeOffset.Parse((string)i["updated_at"]!, CultureInfo.InvariantCulture)).ThenBy(i => (long)i["number"]!);
            return Page(c, found.ToList());
        });
        app.MapGet("/repos/{owner}/{repo}/issues/events", (HttpContext c) => Page(c, [.. _events.OrderByDescending(e => (long)e["id"]!)]));
    }

    private IResult Page(HttpContext context, List<JsonObject> all)
    {
        var n = Interlocked.Increment(ref _requests);
        var headers = context.Response.Headers;
        var reset = DateTimeOffset.UtcNow + ResetAfter;
        headers["x-ratelimit-limit"] = "5000";
        headers["x-ratelimit-remaining"] = n == ExhaustAtRequest || n == ForbidAtRequest ? "0" : (5000 - n).ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset"] = (n == ExhaustAtRequest || n == ForbidAtRequest ? reset : reset.AddHours(1)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (n == ForbidAtRequest)
        {
            return Results.Json(new JsonObject { ["message"] = "API rate limit exceeded" }, statusCode: 403);
        }

        var perPage = int.Parse(context.Request.Query["per_page"].FirstOrDefault() ?? "30", CultureInfo.InvariantCulture);
        var page = int.Parse(context.Request.Query["page"].FirstOrDefault() ?? "1", CultureInfo.InvariantCulture);
        var body = new JsonArray([.. all.Skip((page - 1) * perPage).Take(perPage).Select(x => x.DeepClone())]).ToJsonString();
        var etag = "W/\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..16] + "\"";
        headers.ETag = etag;
        if (page * perPage < all.Count)
        {
            var query = QueryString.Create(context.Request.Query
                .Where(q => q.Key != "page")
                .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))
                .Append(new("page", (page + 1).ToString(CultureInfo.InvariantCulture))));
            headers.Link = $"<{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}{query}>; rel=\"next\"";
        }

        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            return Results.StatusCode(304);
        }

        return Results.Text(body, "application/json");
    }
}
