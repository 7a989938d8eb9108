using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PmoFlow.Core.Flow;
using PmoFlow.Reporting.Model;
using PmoFlow.Server.Data;
using PmoFlow.Server.Hosting;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Dashboards;

namespace PmoFlow.Server.Api;

/// <summary>One panel in the API's JSON (the fields of the YAML form).</summary>
/// <param name="Show">The report part shown (section, chart or table id).</param>
/// <param name="Stream">Its stream (null: the dashboard's).</param>
/// <param name="Title">Its title (null: the part's).</param>
/// <param name="Width">Grid columns, 1-4 (default 2).</param>
/// <param name="Height">Chart height in pixels, 160-1200 (null: the chart's).</param>
/// <param name="AsOf">Its as-of as typed (null: the dashboard's).</param>
/// <param name="Week">Its week as typed (null: the dashboard's).</param>
/// <param name="Weeks">Weeks of history, 1-104 (null: 12).</param>
public sealed record DashboardPanelBody(string? Show, string? Stream, string? Title, int? Width, int? Height, string? AsOf, string? Week, int? Weeks);

/// <summary>The body of <c>PUT /api/dashboards/{name}</c>, and the answer of <c>GET</c>.</summary>
/// <param name="Name">The name (the path's; ignored in a PUT body).</param>
/// <param name="Shared">Whether everyone sees it (default true; false: only this server's API key).</param>
/// <param name="Panels">The panels in display order.</param>
/// <param name="UpdatedAt">When it was saved (answers only).</param>
public sealed record DashboardBody(string? Name, bool? Shared, IReadOnlyList<DashboardPanelBody>? Panels, DateTimeOffset? UpdatedAt = null);

/// <summary>
/// Saved dashboards over the API: list, read, save (JSON from the dashboard page), delete, export as YAML and import
/// YAML (through the same reader as <c>pmoflow dashboard import</c>, errors naming line and key).
/// </summary>
internal static class DashboardApi
{
    public const string YamlMediaType = "application/yaml";

    public static void Map(IEndpointRouteBuilder app, ServerOptions options)
    {
        var library = new DashboardLibrary(options.DataSource);
        app.MapGet("/api/dashboards", async (CancellationToken ct) =>
            Results.Ok((await library.ListAsync(options.ApiKey, ct)).Select(d => new
            {
                name = d.Dashboard.Name, shared = d.Dashboard.Shared, panels = d.Dashboard.Panels.Count, updatedAt = d.UpdatedAt,
            })));
        app.MapGet("/api/dashboards/{name}", async (string name, CancellationToken ct) =>
            await library.FindAsync(name, options.ApiKey, ct) is { } d ? Results.Ok(ToBody(d)) : NotFound(name));
        app.MapGet("/api/dashboards/{name}/yaml", async (string name, CancellationToken ct) =>
            await library.FindAsync(name, options.ApiKey, ct) is { } d
                ? Results.Text(d.Yaml, YamlMediaType + "; charset=utf-8", Encoding.UTF8)
                : NotFound(name));
        app.MapPut("/api/dashboards/{name}", async (string name, DashboardBody? body, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (DashboardRules.NameProblem(name, required: true) is { } problem)
            {
                errors["name"] = [problem];
            }

            var panels = new List<DashboardPanel>();
            var given = body?.Panels ?? [];
            if (given.Count > DashboardRules.MaxPanels)
            {
                errors["panels"] = [$"at most {DashboardRules.MaxPanels} panels"];
            }

            for (var i = 0; i < given.Count && i < DashboardRules.MaxPanels; i++)
            {
                var p = given[i];
                var panel = new DashboardPanel
                {
                    Show = p.Show ?? string.Empty,
                    Stream = Blank(p.Stream),
                    Title = Blank(p.Title),
                    Width = p.Width ?? DashboardRules.DefaultWidth,
                    Height = p.Height,
                    AsOf = Blank(p.AsOf),
                    Week = Blank(p.Week),
                    Weeks = p.Weeks,
                };
                foreach (var (key, message) in DashboardRules.Check(panel, options.Config))
                {
                    errors[$"panels[{i}].{key}"] = [message];
                }

                panels.Add(panel);
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: "Invalid dashboard");
            }

            return await SaveAsync(library, options, new Dashboard(name, body?.Shared ?? true, panels), ct);
        });
        app.MapPost("/api/dashboards/import", async (HttpRequest request, CancellationToken ct) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(ct);
            Dashboard dashboard;
            try
            {
                dashboard = DashboardYaml.Parse(text, "request body", options.Config);
            }
            catch (ConfigException ex)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["yaml"] = [ex.Message] }, title: "Invalid dashboard YAML");
            }

            return await SaveAsync(library, options, dashboard, ct);
        }).Accepts<string>(YamlMediaType);
        app.MapDelete("/api/dashboards/{name}", async (string name, CancellationToken ct) =>
            await library.RemoveAsync(name, options.ApiKey, ct) ? Results.NoContent() : NotFound(name));
    }

    private static async Task<IResult> SaveAsync(DashboardLibrary library, ServerOptions options, Dashboard dashboard, CancellationToken ct)
    {
        try
        {
            await library.SaveAsync(dashboard, options.ApiKey, options.Clock.GetUtcNow(), ct);
        }
        catch (ArgumentException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["shared"] = [ex.Message.Split(" (Parameter", 2)[0]] }, title: "Invalid dashboard");
        }

        var saved = await library.FindAsync(dashboard.Name, options.ApiKey, ct);
        return Results.Ok(ToBody(saved!));
    }

    private static DashboardBody ToBody(StoredDashboard d) => new(
        d.Dashboard.Name,
        d.Dashboard.Shared,
        [.. d.Dashboard.Panels.Select(p => new DashboardPanelBody(p.Show, p.Stream, p.Title, p.Width, p.Height, p.AsOf, p.Week, p.Weeks))],
        d.UpdatedAt);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static IResult NotFound(string name) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown dashboard", detail: $"No dashboard is named '{name}'.");
}

/// <summary>Dashboard panels from the server's cached snapshots (each stream read once per cache period).</summary>
internal sealed class CachedDashboardData(ServerOptions options, StreamCache cache, int? parallelism) : IDashboardData
{
    public async Task<IReadOnlyList<ItemHistory>> HistoriesAsync(StreamConfig stream, CancellationToken ct) =>
        (await cache.GetAsync(stream, ct).ConfigureAwait(false)).Histories;

    public async Task<ReportModel> ReportAsync(StreamConfig stream, DateOnly week, DateTimeOffset asOf, int? trailingWeeks, CancellationToken ct)
    {
        var snapshot = await cache.GetAsync(stream, ct).ConfigureAwait(false);
        return snapshot.At(asOf).Report(options.Config, week, parallelism, trailingWeeks);
    }
}
