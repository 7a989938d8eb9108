using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PmoFlow.Testing.Trackers;

/// <summary>
/// Azure DevOps' reporting revisions endpoint over recorded revisions (paginated with its own
/// continuation tokens), single-revision look-ups and work item type states.
/// </summary>
public sealed class AzureDevOpsFake(IEnumerable<JsonObject> revisions, IEnumerable<JsonObject> lookups, JsonObject statesBody)
{
    private readonly List<JsonObject> _revisions = [.. revisions];
    private readonly Dictionary<(long Id, long Rev), JsonObject> _lookups =
        lookups.ToDictionary(r => ((long)r["id"]!, (long)r["rev"]!));

    /// <summary>A new revision arriving after earlier reads.</summary>
    public void Append(JsonObject revision)
    {
        _revisions.Add(revision);
        _lookups[((long)revision["id"]!, (long)revision["rev"]!)] = revision;
    }

    public void Map(WebApplication app)
    {
        app.MapGet("/_apis/wit/reporting/workitemrevisions", Page);
        app.MapGet("/{project}/_apis/wit/reporting/workitemrevisions", Page);
        app.MapGet("/{project}/_apis/wit/workItems/{id:long}/revisions/{rev:long}", (long id, long rev) =>
            _lookups.TryGetValue((id, rev), out var r) ? Results.Json(r) : Results.NotFound());
        app.MapGet("/{project}/_apis/wit/workitemtypes", () => Results.Json(new JsonObject
        {
            ["count"] = 1,
            ["value"] = new JsonArray(new JsonObject { ["name"] = "Bug" }),
        }));
        app.MapGet("/{project}/_apis/wit/workitemtypes/{type}/states", () => Results.Json(statesBody));
    }

    private IResult Page(HttpContext context)
    {
        var token = context.Request.Query["continuationToken"].FirstOrDefault();
        var start = token is null ? 0 : int.Parse(token.Split(';')[0], CultureInfo.InvariantCulture);
        var size = int.Parse(context.Request.Query["$maxPageSize"].FirstOrDefault() ?? "200", CultureInfo.InvariantCulture);
        var page = _revisions.Skip(start).Take(size).Select(r => r.DeepClone()).ToArray();
        var next = (start + page.Length).ToString(CultureInfo.InvariantCulture) + ";0;0";
        return Results.Json(new JsonObject
        {
            ["values"] = new JsonArray(page),
            ["nextLink"] = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?continuationToken={next}&api-version=7.1",
            ["continuationToken"] = next,
            ["isLastBatch"] = start + page.Length >= _revisions.Count,
        });
    }
}
