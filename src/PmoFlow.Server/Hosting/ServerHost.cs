using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Value;
using PmoFlow.Jobs.Hosting;
using PmoFlow.Reporting.Rendering;
using PmoFlow.Server.Api;
using PmoFlow.Server.Data;
using PmoFlow.Server.Pages;
using PmoFlow.Server.Security;
using PmoFlow.Server.Value;

namespace PmoFlow.Server.Hosting;

/// <summary>Builds the web dashboard and REST API as an ASP.NET Core app (what <c>pmoflow serve</c> runs).</summary>
public static class ServerHost
{
    /// <summary>
    /// Beyond loopback, the Host names the server answers (DNS-rebinding protection: other names get 400), as a line
    /// for the operator; null on loopback.
    /// </summary>
    public static string? AllowedHostsNote(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Security.ApiKeys.IsLoopback(options.Host)
            ? null
            : $"Answering the Host names {string.Join(", ", options.Config.Limits.AllowedHosts)} and {options.Host}; add the server's own names under limits.allowedHosts in pmoflow.yaml.";
    }

    /// <summary>The environment variable an API key is read from when no key file is given.</summary>
    public const string ApiKeyVariable = Security.ApiKeys.EnvironmentVariable;

    /// <summary>
    /// The API key the server requires (the key file's first line, else <c>$PMOFLOW_API_KEY</c>, else none), refusing
    /// to listen beyond loopback without one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key file cannot be read, or a non-loopback host has no key.</exception>
    public static string? ResolveApiKey(string? keyFile, string host)
    {
        var key = Security.ApiKeys.Resolve(keyFile);
        if (key is null && !Security.ApiKeys.IsLoopback(host))
        {
            throw new InvalidOperationException(
                $"--host {host} exposes the server beyond this machine: set an API key ({Security.ApiKeys.EnvironmentVariable} or --api-key-file).");
        }

        return key;
    }

    /// <summary>
    /// Builds the app: Kestrel on <see cref="ServerOptions.Host"/>:<see cref="ServerOptions.Port"/>, the pages, the API
    /// under <c>/api</c>, <c>/openapi.json</c>, <c>/health</c> and the assets. Start it with <c>RunAsync</c> or
    /// <c>StartAsync</c>; the bound address is in <c>app.Urls</c> after start.
    /// </summary>
    /// <param name="options">What to serve and how.</param>
    /// <param name="configure">Optional changes to the builder before the app is built (tests swap in a TestServer).</param>
    /// <exception cref="InvalidOperationException">A non-loopback address without an API key.</exception>
    public static WebApplication BuildApp(ServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ApiKey is null && !ApiKeys.IsLoopback(options.Host))
        {
            throw new InvalidOperationException(
                $"Binding {options.Host} exposes the server beyond this machine: set an API key ({ApiKeys.EnvironmentVariable} or --api-key-file).");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ServerHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var limits = options.Config.Limits;
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            if (string.Equals(options.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                k.ListenLocalhost(options.Port);
            }
            else
            {
                k.Listen(IPAddress.Parse(options.Host.Trim('[', ']')), options.Port);
            }
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddPmoFlowOpenApi();
        builder.Services.AddPmoFlowTelemetry("pmoflow-serve", prometheus: true, aspNetCore: true);
        builder.Services.ConfigureHttpJsonOptions(j =>
        {
            j.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            j.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;

            // ASP.NET's default here is the relaxed encoder; tracker text goes out with < > & ' " \u-escaped instead,
            // so a response is inert even if something sniffs it as HTML. Non-ASCII text stays readable.
            j.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            j.SerializerOptions.MaxDepth = limits.MaxJsonDepth;
        });
        var heavy = new HeavyWorkLimiter(limits.HeavyRequestSlots, limits.RetryAfterSeconds, options.ForecastParallelism);
        builder.Services.AddSingleton(heavy);
        var sessions = new Sessions(options.Clock);
        var cache = new StreamCache(options.Config, options.DataSource, options.Clock, options.CacheDuration);
        builder.Services.AddSingleton(cache);
        builder.Services.AddSingleton(options.DataSource);
        builder.Services.AddValueApi(new ValueApiOptions
        {
            Config = options.Config,
            Clock = options.Clock,
            // New readings change the dashboard's KPI charts: read the data again on the next request.
            ReadingsAppended = cache.Clear,
            Forecast = new PortfolioFlowOptions
            {
                Forecast = new InitiativeForecastOptions { Forecast = new ForecastOptions { MaxDegreeOfParallelism = heavy.Parallelism } },
            },
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<HostFilterMiddleware>(HostFilterMiddleware.For(limits.AllowedHosts, options.Host));
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestFailureMiddleware>();
        if (options.ApiKey is { } key)
        {
            app.UseMiddleware<ApiKeyMiddleware>(key, sessions);
        }

        MapInfrastructure(app, options);
        LoginPage.Map(app, options.ApiKey, sessions);
        StreamsApi.Map(app, options, cache, heavy);
        app.MapValueEndpoints();
        DashboardPages.Map(app, options, cache, heavy);
        BoardApi.Map(app, options, cache);
        BoardPages.Map(app, options, cache);
        WhatIfApi.Map(app, options, cache);
        WhatIfPage.Map(app, options, cache);
        DashboardApi.Map(app, options);
        DashboardsPage.Map(app, options, cache, heavy);
        return app;
    }

    private static void MapInfrastructure(WebApplication app, ServerOptions options)
    {
        app.MapGet("/health", async (CancellationToken ct) =>
        {
            try
            {
                await using var cmd = options.DataSource.CreateCommand("SELECT 1");
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await cmd.ExecuteScalarAsync(timeout.Token);
                return Results.Ok(new HealthResponse("ok", "ok"));
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException)
            {
                return Results.Json(new HealthResponse("unavailable", ex.GetType().Name), statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).WithName("Health").WithTags("Health").WithSummary("Liveness and database check")
            .Produces<HealthResponse>().Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        app.MapPmoFlowOpenApi();
        PmoFlowTelemetryHosting.MapMetrics(app).WithTags("Telemetry");
        MapAsset(app, "/assets/echarts.min.js", () => EChartsAsset.Source, "text/javascript; charset=utf-8");
        MapAsset(app, "/assets/charts.js", () => HtmlReportRenderer.ChartBootstrapScript, "text/javascript; charset=utf-8");
        MapAsset(app, "/assets/dashboard.js", () => PageAssets.ForecastScript, "text/javascript; charset=utf-8");
        MapAsset(app, "/assets/what-if.js", () => WhatIfPage.Script, "text/javascript; charset=utf-8");
        MapAsset(app, "/assets/dashboards.js", () => DashboardsPage.Script, "text/javascript; charset=utf-8");
        MapAsset(app, "/assets/dashboard.css", () => HtmlReportRenderer.Stylesheet + "\n" + PageAssets.DashboardCss + "\n" + BoardAssets.Css + "\n" + DashboardsPage.Css, "text/css; charset=utf-8");
    }

    private static void MapAsset(WebApplication app, string path, Func<string> content, string contentType)
    {
        var bytes = new Lazy<byte[]>(() => Encoding.UTF8.GetBytes(content()));
        app.MapGet(path, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(bytes.Value, contentType);
        });
    }
}
