using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Value;
using PmoFlow.Server.Data;
using PmoFlow.Server.Hosting;
using PmoFlow.Storage.Portfolio;

namespace PmoFlow.Server.Api;

/// <summary>The body of <c>POST /api/streams/{stream}/portfolio/what-if</c>.</summary>
/// <param name="Scenarios">Scenarios in their text form (<see cref="PortfolioScenarioSpec"/>).</param>
/// <param name="ValueBy">The date "value delivered by" is counted on (yyyy-MM-dd; default 13 weeks after today).</param>
/// <param name="Saved">Also compare every saved scenario (after the given ones).</param>
public sealed record WhatIfRequest(IReadOnlyList<string>? Scenarios, string? ValueBy, bool Saved = false);

/// <summary>The answer: the baseline, then each scenario.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="AsOf">The instant (UTC).</param>
/// <param name="ValueBy">The value date.</param>
/// <param name="Results">The baseline first, then the scenarios.</param>
public sealed record WhatIfResponse(string Stream, DateTimeOffset AsOf, DateOnly ValueBy, IReadOnlyList<PortfolioScenarioResult> Results);

/// <summary>The body of <c>PUT /api/portfolio/scenarios/{name}</c>.</summary>
/// <param name="Spec">The scenario's text form; its name must be the path's.</param>
public sealed record SaveScenarioRequest(string? Spec);

/// <summary>Portfolio what-ifs and saved scenarios over the API.</summary>
internal static class WhatIfApi
{
    public static void Map(IEndpointRouteBuilder app, ServerOptions options, StreamCache cache)
    {
        app.MapPost("/api/streams/{stream}/portfolio/what-if", async (string stream, WhatIfRequest? body, CancellationToken ct) =>
        {
            var config = StreamsApi.Find(options, stream);
            if (config is null)
            {
                return StreamsApi.NotFound(stream);
            }

            var snapshot = await cache.GetAsync(config, ct);
            var saved = body?.Saved == true ? await new ScenarioStore(options.DataSource).ListAsync(ct) : [];
            return await Task.Run(() => Compare(options, snapshot, body, saved, ct), ct);
        });
        app.MapGet("/api/portfolio/scenarios", async (CancellationToken ct) => Results.Ok(await new ScenarioStore(options.DataSource).ListAsync(ct)));
        app.MapPut("/api/portfolio/scenarios/{name}", async (string name, SaveScenarioRequest? body, CancellationToken ct) =>
        {
            PortfolioScenario parsed;
            try
            {
                parsed = PortfolioScenarioSpec.Parse(body?.Spec ?? string.Empty, string.Empty);
            }
            catch (ArgumentException ex)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["spec"] = [ex.Message.Split(" (Parameter", 2)[0]] });
            }

            if (!string.Equals(parsed.Name, name, StringComparison.Ordinal))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["spec"] = [$"The scenario is named '{parsed.Name}', not '{name}'."] });
            }

            await new ScenarioStore(options.DataSource).SaveAsync(name, body!.Spec!.Trim(), options.Clock.GetUtcNow(), ct);
            return Results.Ok(new { name, spec = body.Spec.Trim() });
        });
        app.MapDelete("/api/portfolio/scenarios/{name}", async (string name, CancellationToken ct) =>
            await new ScenarioStore(options.DataSource).DeleteAsync(name, ct)
                ? Results.NoContent()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown scenario", detail: $"No scenario is named '{name}'."));
    }

    private static IResult Compare(ServerOptions options, StreamSnapshot snapshot, WhatIfRequest? body, IReadOnlyList<SavedScenario> saved, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var scenarios = new List<PortfolioScenario>();
        var specs = (body?.Scenarios ?? []).Concat(saved.Select(s => s.Spec)).ToList();
        for (var i = 0; i < specs.Count; i++)
        {
            try
            {
                scenarios.Add(PortfolioScenarioSpec.Parse(specs[i], snapshot.Stream.Definition.Name));
            }
            catch (ArgumentException ex)
            {
                errors[$"scenarios[{i}]"] = [ex.Message.Split(" (Parameter", 2)[0]];
            }
        }

        DateOnly? valueBy = null;
        if (body?.ValueBy is { } text)
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                valueBy = d;
            }
            else
            {
                errors["valueBy"] = [$"'{text}' is not a date (yyyy-MM-dd)."];
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Invalid what-if request");
        }

        var forecast = new InitiativeForecastOptions { Forecast = new ForecastOptions { MaxDegreeOfParallelism = options.ForecastParallelism } };
        PortfolioFlowResult? flow;
        try
        {
            flow = snapshot.PortfolioFlowAt(snapshot.AsOf, new PortfolioFlowOptions { Forecast = forecast });
        }
        catch (ValueInputException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The portfolio holds errors",
                detail: string.Join(" ", ex.Errors.Select(e => e.ToString())));
        }

        if (flow is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No portfolio",
                detail: "No portfolio is defined: write portfolio.yaml beside pmoflow.yaml or PUT /api/portfolio.");
        }

        var by = valueBy ?? PortfolioWhatIf.DefaultValueBy(snapshot.Today);
        try
        {
            var results = PortfolioWhatIf.Compare(snapshot.Portfolio!.Portfolio!, snapshot.Portfolio.Options, flow.Inputs.Items, flow.Throughput, by, scenarios, forecast, ct);
            return Results.Ok(new WhatIfResponse(snapshot.Stream.Definition.Name, snapshot.AsOf, by, results));
        }
        catch (ArgumentException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["scenarios"] = [ex.Message.Split(" (Parameter", 2)[0]] });
        }
    }
}
