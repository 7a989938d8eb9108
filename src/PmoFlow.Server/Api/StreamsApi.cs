using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Forecasting;
using PmoFlow.Reporting.Rendering;
using PmoFlow.Server.Data;
using PmoFlow.Server.Hosting;

namespace PmoFlow.Server.Api;

/// <summary>The REST API under <c>/api</c>.</summary>
internal static class StreamsApi
{
    public static readonly IReadOnlyList<string> States = ["backlog", "in-progress", "done", "abandoned", "removed-before-start"];

    public static readonly IReadOnlyList<string> ReportFormats = ["json", "html", "md"];

    public static void Map(IEndpointRouteBuilder app, ServerOptions options, StreamCache cache, HeavyWorkLimiter heavy)
    {
        var api = app.MapGroup("/api/streams").WithTags("Streams");
        api.MapGet("/", () => Results.Ok(options.Config.Streams.Select(Describe).ToList()))
            .WithName("StreamList").WithSummary("The configured value streams").Produces<List<StreamInfo>>();
        api.MapGet("/{stream}/metrics", (string stream, HttpRequest request, CancellationToken ct) =>
            WithStream(options, cache, stream, request, snapshot => Metrics(snapshot, new QueryReader(request.Query)), ct))
            .WithName("Metrics").WithSummary("Flow metrics over a window (throughput, WIP, cycle/lead time, age percentiles, CFD-derived WIP, efficiency, waste, value stream map, data quality)")
            .WithQuery("from", "First local date of the window (yyyy-MM-dd, included); default: to − 89 days", "date")
            .WithQuery("to", "Last local date of the window (yyyy-MM-dd, included); default: today in the stream's zone", "date")
            .WithQuery("profile", "Convention profile instead of the stream's", "string", [.. FlowOptions.ProfileNames])
            .WithQuery("option", "One convention switch key=value (repeatable), e.g. wip=status")
            .Produces<MetricsResponse>().StreamEndpoint();
        api.MapGet("/{stream}/items", (string stream, HttpRequest request, CancellationToken ct) =>
            WithStream(options, cache, stream, request, snapshot => Items(snapshot, new QueryReader(request.Query)), ct))
            .WithName("Items").WithSummary("Items with their timeline and figures, filtered and paged")
            .WithQuery("state", "backlog, in-progress, done, abandoned or removed-before-start", "string", [.. States])
            .WithQuery("type", "Item type (case-insensitive, exact)")
            .WithQuery("q", "Text contained in the key or title (case-insensitive)")
            .WithQuery("limit", "Rows per page, 1..1000 (default 100)", "integer")
            .WithQuery("offset", "Rows to skip (default 0)", "integer")
            .WithQuery("profile", "Convention profile instead of the stream's", "string", [.. FlowOptions.ProfileNames])
            .WithQuery("option", "One convention switch key=value (repeatable), e.g. cycleTime=process-time")
            .Produces<ItemsResponse>().StreamEndpoint();
        api.MapGet("/{stream}/history", (string stream, HttpRequest request, CancellationToken ct) =>
            WithStream(options, cache, stream, request, snapshot => History(snapshot, new QueryReader(request.Query)), ct))
            .WithName("History").WithSummary("Stage histories (time in status): every stage and raw status each item entered, with entry, exit and days")
            .WithQuery("item", "One item's key (default: every item)")
            .WithQuery("limit", "Rows per page, 1..100000 (default 10000)", "integer")
            .WithQuery("offset", "Rows to skip (default 0)", "integer")
            .StreamEndpoint();
        api.MapGet("/{stream}/forecasts/when", (string stream, HttpRequest request, CancellationToken ct) =>
            WithStream(options, cache, stream, request, snapshot => When(snapshot, new QueryReader(request.Query), options, heavy, ct), ct, heavy))
            .WithName("ForecastWhen").WithSummary("When will N items be done? Monte Carlo / exact bootstrap over the last 90 days' daily throughput")
            .WithQuery("items", "N, 1..1,000,000 (default: the open items)", "integer")
            .WithQuery("deadline", "A date whose odds are reported (yyyy-MM-dd)", "date")
            .WithForecastQuery().Produces<WhenResponse>().StreamEndpoint();
        api.MapGet("/{stream}/forecasts/how-many", (string stream, HttpRequest request, CancellationToken ct) =>
            WithStream(options, cache, stream, request, snapshot => HowMany(snapshot, new QueryReader(request.Query), options, heavy, ct), ct, heavy))
            .WithName("ForecastHowMany").WithSummary("How many items will be done from tomorrow up to and including a date?")
            .WithQuery("by", "The date (yyyy-MM-dd, included; default: today + 28 days)", "date")
            .WithForecastQuery().Produces<HowManyResponse>().StreamEndpoint();
        api.MapGet("/{stream}/reports/{week}", (string stream, string week, HttpRequest request, CancellationToken ct) =>
            WithStream(options, cache, stream, request, snapshot => Report(snapshot, week, new QueryReader(request.Query), options, heavy), ct,
                heavy, snapshot => new QueryReader(request.Query) is var q && q.Week("week", week) is { } day
                    && snapshot.HasRendered(day, q.OneOf("format", ReportFormats) ?? "json")))
            .WithName("Report").WithSummary("The weekly report of the week holding a date (yyyy-MM-dd) or an ISO week (yyyy-Www)")
            .WithQuery("format", "json (default: the report model, schemaVersion 1), html (self-contained page) or md", "string", [.. ReportFormats])
            .Produces(StatusCodes.Status200OK, contentType: "application/json", additionalContentTypes: ["text/html", "text/markdown"])
            .StreamEndpoint();
    }

    /// <summary>What every stream endpoint shares: <c>asOf</c>, and the problems: bad query (400), no key (401), unknown stream (404).</summary>
    private static RouteHandlerBuilder StreamEndpoint(this RouteHandlerBuilder builder) => builder
        .WithQuery("asOf", "Answer as of this moment: a date (the end of that local day), a relative date such as -1w, or an ISO 8601 instant; default: now", "string")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status404NotFound);

    public static StreamConfig? Find(ServerOptions options, string name) =>
        options.Config.Streams.FirstOrDefault(s => string.Equals(s.Definition.Name, name, StringComparison.OrdinalIgnoreCase));

    public static IResult NotFound(string name) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Unknown stream", detail: $"No stream is named '{name}'. See /api/streams.");

    /// <summary>
    /// Finds the stream (a 404 problem when unknown), reads the request's as-of and answers from its snapshot off the
    /// request thread; through <paramref name="heavy"/> (a slot, or 429) unless null or <paramref name="cached"/> says
    /// the answer is already built.
    /// </summary>
    internal static async Task<IResult> WithStream(
        ServerOptions options, StreamCache cache, string name, HttpRequest request, Func<StreamSnapshot, IResult> answer, CancellationToken ct,
        HeavyWorkLimiter? heavy = null, Func<StreamSnapshot, bool>? cached = null)
    {
        var stream = Find(options, name);
        if (stream is null)
        {
            return NotFound(name);
        }

        var snapshot = await cache.GetAsync(stream, ct);
        if (!TryAsOf(snapshot, request, out var view, out var problem))
        {
            return problem!;
        }

        return heavy is null || (cached?.Invoke(view) ?? false)
            ? await Task.Run(() => answer(view), ct)
            : await heavy.RunAsync(() => answer(view), ct);
    }

    /// <summary>
    /// The snapshot seen as of the request's <c>asOf</c> (a date: the end of that local day; a relative date such as
    /// <c>-1w</c>; or an ISO instant), or as loaded when there is none; a 400 problem when it cannot be read or lies
    /// after the data was loaded.
    /// </summary>
    public static bool TryAsOf(StreamSnapshot snapshot, HttpRequest request, out StreamSnapshot view, out IResult? problem)
    {
        view = snapshot;
        problem = null;
        var text = request.Query["asOf"].ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        try
        {
            var asOf = snapshot.Calendar.ParseAsOf(text.Length > 64 ? text[..64] : text, snapshot.LoadedAt, "asOf");
            if (asOf > snapshot.LoadedAt)
            {
                asOf = snapshot.LoadedAt;
            }

            view = snapshot.At(asOf);
            return true;
        }
        catch (Core.Model.DateInputException ex)
        {
            problem = Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query", detail: ex.Message);
            return false;
        }
    }

    /// <summary>A 400 naming the forecast work limit, or null within it.</summary>
    private static IResult? TooMuchWork(ServerOptions options, string what, long amount)
    {
        var max = options.Config.Limits.MaxForecastWork;
        return amount <= max
            ? null
            : Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Forecast too large",
                detail: string.Create(CultureInfo.InvariantCulture,
                    $"{what} = {amount:N0} exceeds the limit of {max:N0} per request (limits.forecastWork); ask for fewer trials or items."));
    }

    private static StreamInfo Describe(StreamConfig s)
    {
        var d = s.Definition;
        var path = "/api/streams/" + Uri.EscapeDataString(d.Name);
        return new StreamInfo(
            d.Name,
            d.TimeZone.Id,
            d.Sources,
            [.. d.Workflow.Stages.Select(st => new StageInfo(st.Name, st.Category.ToString().ToLowerInvariant(), st.WipLimit))],
            d.SleDays,
            new Dictionary<string, string>
            {
                ["metrics"] = path + "/metrics",
                ["items"] = path + "/items",
                ["history"] = path + "/history",
                ["when"] = path + "/forecasts/when",
                ["howMany"] = path + "/forecasts/how-many",
                ["dashboard"] = "/streams/" + Uri.EscapeDataString(d.Name),
            });
    }

    private static IResult Metrics(StreamSnapshot snapshot, QueryReader q)
    {
        var to = q.Date("to") ?? snapshot.Today;
        var from = q.Date("from") ?? to.AddDays(1 - StreamSnapshot.DefaultWindowDays);
        if (!q.HasErrors && from > to)
        {
            q.Error("from", $"from ({from:yyyy-MM-dd}) is after to ({to:yyyy-MM-dd}).");
        }

        if (!q.HasErrors && to.DayNumber - from.DayNumber + 1 > 3660)
        {
            q.Error("from", "The window may span at most 3660 days.");
        }

        var conventions = q.Conventions(snapshot.Stream.Definition.Options);
        if (q.HasErrors)
        {
            return q.Problem();
        }

        var a = snapshot.Analyze(from, to, conventions?.Options, conventions?.Key);
        return Results.Ok(new MetricsResponse(
            snapshot.Stream.Definition.Name, a.AsOf, a.Today, a.Window, a.Conventions, a.Items.Count, a.Throughput,
            a.Wip.Count > 0 ? a.Wip[^1].Items : null, a.CycleTime, a.LeadTime, a.Age, a.SleDays, a.SleSource,
            a.ThroughputDaily, a.ThroughputWeekly, a.Wip, a.Arrivals, a.FlowDistribution, a.FlowEfficiency, a.Waste,
            a.ValueStreamMap, a.Quality) { OldData = OldDataNotice.Of(OldData.Of(a)) });
    }

    private static IResult Items(StreamSnapshot snapshot, QueryReader q)
    {
        var filter = ItemFilter.Read(q);
        var limit = q.Int("limit", 1, 1000) ?? 100;
        var offset = q.Int("offset", 0, int.MaxValue) ?? 0;
        var conventions = q.Conventions(snapshot.Stream.Definition.Options);
        if (q.HasErrors)
        {
            return q.Problem();
        }

        var items = conventions is { } c ? snapshot.Analyze(snapshot.DefaultFrom, snapshot.Today, c.Options, c.Key).Items : snapshot.Items;
        var matches = filter.Apply(items).ToList();
        return Results.Ok(new ItemsResponse(
            snapshot.Stream.Definition.Name, snapshot.AsOf, matches.Count, offset, limit,
            [.. matches.Skip(offset).Take(limit).Select(ItemRow.From)]));
    }

    private static IResult History(StreamSnapshot snapshot, QueryReader q)
    {
        var item = q.String("item");
        var limit = q.Int("limit", 1, 100_000) ?? 10_000;
        var offset = q.Int("offset", 0, int.MaxValue) ?? 0;
        if (q.HasErrors)
        {
            return q.Problem();
        }

        var stays = StageHistory.Build(snapshot.Stream.Definition, snapshot.Histories, new FlowQuery { AsOf = snapshot.AsOf }, item);
        if (item is not null && stays.Count == 0)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "Unknown item",
                detail: $"No item '{item}' with events in stream '{snapshot.Stream.Definition.Name}'.");
        }

        return Results.Ok(new HistoryResponse(
            snapshot.Stream.Definition.Name, snapshot.AsOf, stays.Count, offset, limit, [.. stays.Skip(offset).Take(limit)]));
    }

    private static IResult When(StreamSnapshot snapshot, QueryReader q, ServerOptions options, HeavyWorkLimiter heavy, CancellationToken ct)
    {
        var items = q.Int("items", 1, 1_000_000);
        var deadline = q.Date("deadline");
        var settings = Settings(q, heavy, snapshot);
        if (q.HasErrors)
        {
            return q.Problem();
        }

        var n = items ?? snapshot.OpenItems;
        if (n == 0)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Nothing to forecast",
                detail: "The stream has no open item; give items=N.");
        }

        var trials = settings.Trials ?? ForecastDefaults.Trials;
        if (TooMuchWork(options, $"items × trials ({n} × {trials})", (long)n * trials) is { } tooMuch)
        {
            return tooMuch;
        }

        // The one "when" use case every door runs (calibrated unless calibration=off).
        var answer = StreamForecasts.When(snapshot.Analysis, snapshot.Stream.Definition, n, null, deadline, settings, ct: ct)!;
        return Results.Ok(new WhenResponse(snapshot.Stream.Definition.Name, n, answer.Forecast, answer.Calibration) { OldData = Old(snapshot) });
    }

    private static IResult HowMany(StreamSnapshot snapshot, QueryReader q, ServerOptions options, HeavyWorkLimiter heavy, CancellationToken ct)
    {
        var by = q.Date("by") ?? snapshot.Today.AddDays(28);
        var settings = Settings(q, heavy, snapshot);
        if (!q.HasErrors && (by <= snapshot.Today || by > snapshot.Today.AddYears(10)))
        {
            q.Error("by", $"The date must be after today ({snapshot.Today:yyyy-MM-dd}) and within ten years.");
        }

        if (q.HasErrors)
        {
            return q.Problem();
        }

        var days = by.DayNumber - snapshot.Today.DayNumber;
        var trials = settings.Trials ?? ForecastDefaults.Trials;
        if (TooMuchWork(options, $"days × trials ({days} × {trials})", (long)days * trials) is { } tooMuch)
        {
            return tooMuch;
        }

        var (forecast, calibration) = StreamForecasts.HowManyCalibrated(snapshot.Analysis, snapshot.Stream.Definition, by, settings, ct: ct);
        return Results.Ok(new HowManyResponse(snapshot.Stream.Definition.Name, forecast, calibration) { OldData = Old(snapshot) });
    }

    // The one old-data rule (Core.Flow.OldData) against the snapshot's own sample window.
    private static OldDataNotice? Old(StreamSnapshot snapshot) => OldDataNotice.Of(OldData.Of(snapshot.Analysis, snapshot.Sample));

    // The query as forecast settings (StreamForecasts resolves the defaults and the stream's options, as for the CLI).
    // Self-calibration is on unless calibration=off (docs/forecasting.md §11).
    private static ForecastSettings Settings(QueryReader q, HeavyWorkLimiter heavy, StreamSnapshot snapshot)
    {
        var modelName = q.String("model", 20);
        var model = ForecastModel.Recommended;
        if ((modelName ?? snapshot.Stream.Definition.Options.ForecastModel) is { } name)
        {
            try
            {
                model = ForecastModel.Parse(name);
            }
            catch (FormatException e)
            {
                q.Error("model", e.Message);
            }
        }

        var percentiles = q.Percentiles("percentiles");
        var trials = q.Int("trials", 100, 1_000_000);
        var engine = q.OneOf("engine", ["auto", "exact", "monte-carlo"]);
        var seed = q.Int("seed", 0, int.MaxValue);
        var calibrate = q.OneOf("calibration", ["on", "off"]) != "off";
        if (engine == "exact" && model.Kind != ForecastModelKind.Daily)
        {
            q.Error("engine", $"The exact engine answers the daily model only, not {model.Name}.");
        }

        return new ForecastSettings
        {
            MaxDegreeOfParallelism = heavy.Parallelism,
            Model = modelName,
            Percentiles = percentiles,
            Trials = trials,
            Seed = seed is null ? null : (ulong)seed.Value,
            Calibrate = calibrate,
            Engine = engine switch
            {
                "exact" => ForecastEngine.Exact,
                "monte-carlo" => ForecastEngine.MonteCarlo,
                _ => ForecastEngine.Auto,
            },
        };
    }

    private static IResult Report(StreamSnapshot snapshot, string week, QueryReader q, ServerOptions options, HeavyWorkLimiter heavy)
    {
        var day = q.Week("week", week);
        var format = q.OneOf("format", ReportFormats) ?? "json";
        if (q.HasErrors)
        {
            return q.Problem();
        }

        Func<Reporting.Model.ReportModel, string> render = format switch
        {
            "html" => HtmlReportRenderer.Render,
            "md" => m => MarkdownReportRenderer.Render(m),
            _ => JsonReportRenderer.Render,
        };
        byte[] body;
        try
        {
            body = snapshot.Rendered(options.Config, day!.Value, heavy.Parallelism, format, render);
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No report for that week", detail: ex.Message.Split(" (Parameter", 2)[0]);
        }

        var type = format switch
        {
            "html" => "text/html; charset=utf-8",
            "md" => "text/markdown; charset=utf-8",
            _ => "application/json; charset=utf-8",
        };
        return Results.Bytes(body, type);
    }
}

/// <summary>The items filters shared by the API and the items page: state, type and text.</summary>
internal sealed record ItemFilter(string? State, string? Type, string? Text)
{
    public static ItemFilter Read(QueryReader q) =>
        new(q.OneOf("state", StreamsApi.States), q.String("type", 100), q.String("q", 200));

    public IEnumerable<ItemMetrics> Apply(IEnumerable<ItemMetrics> items)
    {
        if (State is not null)
        {
            items = items.Where(i => i.State.Name() == State);
        }

        if (Type is not null)
        {
            items = items.Where(i => string.Equals(i.Type, Type, StringComparison.OrdinalIgnoreCase));
        }

        if (Text is not null)
        {
            items = items.Where(i => i.Key.Contains(Text, StringComparison.OrdinalIgnoreCase)
                || (i.Title?.Contains(Text, StringComparison.OrdinalIgnoreCase) ?? false));
        }

        return items;
    }
}
