using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Value;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Portfolio;
using PmoFlow.Storage.Portfolio;

namespace PmoFlow.Server.Value;

/// <summary>What the value endpoints need besides the database (an <see cref="NpgsqlDataSource"/> in the services).</summary>
public sealed record ValueApiOptions
{
    /// <summary>The loaded configuration (streams and their sources).</summary>
    public required PmoFlowConfig Config { get; init; }

    /// <summary>The portfolio file; default <c>portfolio.yaml</c> beside the configuration file. When it does not exist, the definition last stored in the database is used.</summary>
    public string? PortfolioFile { get; init; }

    /// <summary>"Now" for the portfolio's flow figures and forecasts, unless a request gives <c>asOf</c>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Forecast percentile, WIP limit, trials and seed of initiative forecasts.</summary>
    public PortfolioFlowOptions Forecast { get; init; } = new();

    /// <summary>Called after readings were stored (e.g. to drop cached figures that show them).</summary>
    public Action? ReadingsAppended { get; init; }

    /// <summary>The portfolio file's path with the default applied.</summary>
    public string ResolvedPortfolioFile => PortfolioFile is { } f ? Config.ResolvePath(f) : PortfolioSource.DefaultPath(Config);
}

/// <summary>One KPI reading in a <c>POST /api/kpis/readings</c> body.</summary>
/// <param name="Initiative">Initiative id (case-insensitive).</param>
/// <param name="Kpi">KPI name within the initiative (case-insensitive).</param>
/// <param name="Date">Local date, <c>yyyy-MM-dd</c>.</param>
/// <param name="Value">The value (a JSON number).</param>
public sealed record KpiReadingInput(string? Initiative, string? Kpi, string? Date, double? Value);

/// <summary>The answer to <c>POST /api/kpis/readings</c>.</summary>
/// <param name="Inserted">New readings stored.</param>
/// <param name="AlreadyStored">Readings equal to stored ones (they add nothing).</param>
public sealed record KpiReadingsAppended(int Inserted, int AlreadyStored);

/// <summary>The answer to <c>GET /api/streams/{stream}/portfolio</c>.</summary>
/// <param name="Stream">The stream's name.</param>
/// <param name="AsOf">The instant the figures are computed as of (UTC).</param>
/// <param name="Ranking">Initiatives in rank order with their figures.</param>
/// <param name="Forecasts">Each initiative's forecast, in priority order.</param>
/// <param name="Kpis">Every KPI's status.</param>
/// <param name="Value">The "Value" section's chart data (KPI realisation series, time to value).</param>
/// <param name="Throughput">The throughput sample behind the forecasts.</param>
/// <param name="Warnings">Figures left empty and why, located in the portfolio file when it was read from one.</param>
public sealed record PortfolioResponse(
    string Stream,
    DateTimeOffset AsOf,
    IReadOnlyList<InitiativeValue> Ranking,
    IReadOnlyList<InitiativeForecast> Forecasts,
    IReadOnlyList<KpiStatusResult> Kpis,
    ValueSectionData Value,
    SampleSummary Throughput,
    IReadOnlyList<ValueDiagnostic> Warnings);

/// <summary>
/// The value REST API: <c>GET /api/streams/{stream}/portfolio</c>, <c>GET /api/kpis</c>,
/// <c>POST /api/kpis/readings</c>, <c>GET /api/portfolio</c> and <c>PUT /api/portfolio</c>. Register <see cref="ValueApiOptions"/> (see <see cref="AddValueApi"/>) and an
/// <see cref="NpgsqlDataSource"/>, then call <see cref="MapValueEndpoints"/>.
/// </summary>
/// <remarks>
/// Errors are RFC 9457 problem details: 400 for invalid readings (errors keyed <c>readings[i].field</c>), 404 for an
/// unknown stream or initiative or no portfolio at all, 409 for a reading that changes a stored one, 422 when the
/// portfolio itself holds errors.
/// </remarks>
public static class ValueEndpoints
{
    /// <summary>The source recorded with readings posted to the API.</summary>
    public const string ApiSource = "api";

    /// <summary>Registers the options the endpoints read.</summary>
    public static IServiceCollection AddValueApi(this IServiceCollection services, ValueApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        return services.AddSingleton(options);
    }

    /// <summary>Maps the value endpoints.</summary>
    public static IEndpointRouteBuilder MapValueEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api").WithTags("Value");
        api.MapGet("/streams/{stream}/portfolio", GetPortfolioAsync).WithName("GetPortfolio");
        api.MapGet("/kpis", GetKpisAsync).WithName("GetKpis");
        api.MapPost("/kpis/readings", PostReadingsAsync).WithName("PostKpiReadings");
        api.MapGet("/portfolio", PortfolioDefinitionEndpoints.GetAsync).WithName("GetPortfolioDefinition");
        api.MapPut("/portfolio", PortfolioDefinitionEndpoints.PutAsync).WithName("PutPortfolioDefinition");
        return endpoints;
    }

    /// <summary><c>GET /api/streams/{stream}/portfolio?asOf=yyyy-MM-dd</c>: the ranking, forecasts, KPI statuses and value section.</summary>
    public static async Task<IResult> GetPortfolioAsync(
        string stream, string? asOf, ValueApiOptions options, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = options.Config.Streams.FirstOrDefault(s => string.Equals(s.Definition.Name, stream, StringComparison.OrdinalIgnoreCase));
        if (config is null)
        {
            return Results.Problem(statusCode: 404, title: "Unknown stream",
                detail: $"No stream named '{stream}'. Streams: {string.Join(", ", options.Config.Streams.Select(s => s.Definition.Name))}.");
        }

        DateTimeOffset when;
        if (asOf is null)
        {
            when = options.Clock.GetUtcNow();
        }
        else if (DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            when = EndOfLocalDay(date, config.Definition.TimeZone);
        }
        else
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["asOf"] = [$"'{asOf}' is not a date in the form yyyy-MM-dd."] });
        }

        var loaded = await LoadAsync(options, dataSource, ct);
        if (loaded.Problem is { } problem)
        {
            return problem;
        }

        try
        {
            var evaluated = await new StoredStreamPortfolio(dataSource).EvaluateAsync(
                loaded.Portfolio!, loaded.Options!, config.Definition, [.. options.Config.SourcesOf(config).Select(s => s.Name)], when,
                options.Forecast, ct);
            var flow = evaluated.Flow;
            var warnings = flow.Result.Warnings.Select(w => loaded.Document?.Locate(w) ?? w).ToList();
            return Results.Ok(new PortfolioResponse(
                config.Definition.Name, when, flow.Result.Ranking, flow.Forecasts.Initiatives, flow.Result.Kpis,
                flow.Section with { Warnings = warnings }, flow.Throughput.Summary(), warnings));
        }
        catch (ValueInputException ex)
        {
            return PortfolioProblem(ex.Errors.Select(e => loaded.Document?.Locate(e) ?? e));
        }
    }

    /// <summary><c>GET /api/kpis?initiative=ID</c>: every KPI's status (of one initiative when given).</summary>
    public static async Task<IResult> GetKpisAsync(string? initiative, ValueApiOptions options, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var loaded = await LoadAsync(options, dataSource, ct);
        if (loaded.Problem is { } problem)
        {
            return problem;
        }

        if (initiative is not null && !loaded.Portfolio!.Initiatives.Any(i => string.Equals(i.Id, initiative, StringComparison.OrdinalIgnoreCase)))
        {
            return Results.Problem(statusCode: 404, title: "Unknown initiative", detail: $"No initiative '{initiative}' in the portfolio.");
        }

        try
        {
            var readings = await new KpiReadingStore(dataSource).ReadAsync(initiative, ct);
            var result = PortfolioEvaluator.Evaluate(StoredReadings.Apply(loaded.Portfolio!, readings), [], null, loaded.Options);
            return Results.Ok(result.Kpis.Where(k => initiative is null || string.Equals(k.InitiativeId, initiative, StringComparison.OrdinalIgnoreCase)).ToList());
        }
        catch (ValueInputException ex)
        {
            return PortfolioProblem(ex.Errors.Select(e => loaded.Document?.Locate(e) ?? e));
        }
    }

    /// <summary>
    /// <c>POST /api/kpis/readings</c> with a JSON array of <see cref="KpiReadingInput"/>: appends them, all or nothing.
    /// Readings equal to stored ones add nothing; a different value for a stored date is refused (409).
    /// </summary>
    public static async Task<IResult> PostReadingsAsync(
        IReadOnlyList<KpiReadingInput>? readings, ValueApiOptions options, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (readings is null || readings.Count == 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["readings"] = ["Send a JSON array of at least one reading {initiative, kpi, date, value}."] });
        }

        var loaded = await LoadAsync(options, dataSource, ct);
        if (loaded.Problem is { } problem)
        {
            return problem;
        }

        var (valid, positions, errors) = Validate(readings, loaded.Portfolio!);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "Invalid KPI readings");
        }

        if (loaded.Document is not null)
        {
            await new PortfolioRepository(dataSource).SaveDefinitionAsync(loaded.Portfolio!, loaded.Options!, loaded.Document.File, ct);
        }

        var result = await new KpiReadingStore(dataSource).AppendAsync(valid, ct);
        if (!result.Succeeded)
        {
            string Position(NewKpiReading r) => positions[valid.FindIndex(v => ReferenceEquals(v, r))];
            var conflicts = new Dictionary<string, string[]>();
            foreach (var c in result.Conflicts)
            {
                conflicts[Position(c.Reading)] = [string.Create(CultureInfo.InvariantCulture,
                    $"{c.Reading.Date:yyyy-MM-dd} already has the reading {c.StoredValue} (stored from {c.StoredSource}); readings are never changed.")];
            }

            foreach (var u in result.UnknownKpis)
            {
                conflicts[Position(u)] = [$"KPI '{u.Kpi}' of initiative '{u.InitiativeId}' is not stored."];
            }

            return Results.Problem(statusCode: 409, title: "KPI readings conflict with stored readings",
                detail: "Nothing was stored.", extensions: new Dictionary<string, object?> { ["errors"] = conflicts });
        }

        if (result.Inserted > 0)
        {
            options.ReadingsAppended?.Invoke();
        }

        return Results.Ok(new KpiReadingsAppended(result.Inserted, result.AlreadyStored));
    }

    /// <summary>The last instant of a local date in a zone (the next local midnight, less one tick), in UTC: what <c>asOf=yyyy-MM-dd</c> means.</summary>
    public static DateTimeOffset EndOfLocalDay(DateOnly date, TimeZoneInfo zone)
    {
        var next = date.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var offset = zone.IsInvalidTime(next) ? zone.GetUtcOffset(next.AddHours(1)) : zone.GetUtcOffset(next);
        return new DateTimeOffset(next, offset).AddTicks(-1).ToUniversalTime();
    }

    private static (List<NewKpiReading> Valid, List<string> Positions, Dictionary<string, string[]> Errors) Validate(
        IReadOnlyList<KpiReadingInput> readings, Core.Value.Portfolio portfolio)
    {
        var errors = new Dictionary<string, string[]>();
        var valid = new List<NewKpiReading>();
        var positions = new List<string>();
        for (var i = 0; i < readings.Count; i++)
        {
            var r = readings[i];
            var at = $"readings[{i}]";
            var before = errors.Count;
            if (r is null)
            {
                errors[at] = ["A reading is null."];
                continue;
            }

            var initiative = string.IsNullOrWhiteSpace(r.Initiative)
                ? null
                : portfolio.Initiatives.FirstOrDefault(x => string.Equals(x.Id, r.Initiative.Trim(), StringComparison.OrdinalIgnoreCase));
            if (string.IsNullOrWhiteSpace(r.Initiative))
            {
                errors[at + ".initiative"] = ["The initiative is missing."];
            }
            else if (initiative is null)
            {
                errors[at + ".initiative"] = [$"No initiative '{r.Initiative}' in the portfolio."];
            }

            var kpi = initiative?.Kpis.FirstOrDefault(k => string.Equals(k.Name, r.Kpi?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (string.IsNullOrWhiteSpace(r.Kpi))
            {
                errors[at + ".kpi"] = ["The KPI name is missing."];
            }
            else if (initiative is not null && kpi is null)
            {
                errors[at + ".kpi"] = [$"Initiative '{initiative.Id}' has no KPI '{r.Kpi}'."];
            }

            DateOnly date = default;
            if (r.Date is null || !DateOnly.TryParseExact(r.Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                errors[at + ".date"] = [$"'{r.Date}' is not a date in the form yyyy-MM-dd."];
            }

            if (r.Value is not { } value || !double.IsFinite(value))
            {
                errors[at + ".value"] = ["The value is missing or not a finite number."];
            }
            else if (errors.Count == before && kpi!.Readings.FirstOrDefault(x => x.Date == date) is { } existing && existing.Value != value)
            {
                errors[at + ".value"] = [string.Create(CultureInfo.InvariantCulture,
                    $"{date:yyyy-MM-dd} already has the reading {existing.Value} in the portfolio file.")];
            }

            if (errors.Count == before)
            {
                valid.Add(new NewKpiReading(initiative!.Id, kpi!.Name, date, r.Value!.Value, ApiSource));
                positions.Add(at);
            }
        }

        return (valid, positions, errors);
    }

    private static async Task<Loaded> LoadAsync(ValueApiOptions options, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var (loaded, problem) = await LoadPortfolioAsync(options, dataSource, withStoredReadings: false, ct);
        return loaded is null ? new Loaded(null, null, null, problem) : new Loaded(loaded.Document, loaded.Portfolio, loaded.Options, null);
    }

    /// <summary>The portfolio file, else the stored definition; or the problem answer (404 none, 422 errors).</summary>
    internal static async Task<(LoadedPortfolio? Portfolio, IResult? Problem)> LoadPortfolioAsync(
        ValueApiOptions options, NpgsqlDataSource dataSource, bool withStoredReadings, CancellationToken ct)
    {
        var path = options.ResolvedPortfolioFile;
        try
        {
            return await PortfolioSource.LoadAsync(path, dataSource, withStoredReadings, ct) is { } loaded
                ? (loaded, null)
                : (null, Results.Problem(statusCode: 404, title: "No portfolio",
                    detail: $"No portfolio file at {Path.GetFileName(path)} and none stored in the database."));
        }
        catch (PortfolioFileException ex)
        {
            return (null, PortfolioProblem(ex.Errors));
        }
        catch (ValueInputException ex)
        {
            return (null, PortfolioProblem(ex.Errors));
        }
    }

    /// <summary>A 422 problem listing the portfolio's errors.</summary>
    internal static IResult PortfolioProblem(IEnumerable<ValueDiagnostic> errors) =>
        Results.Problem(statusCode: 422, title: "The portfolio holds errors",
            extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => e.ToString()).ToList() });

    private sealed record Loaded(PortfolioDocument? Document, Core.Value.Portfolio? Portfolio, ValueOptions? Options, IResult? Problem);
}
