using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PmoFlow.Ingestion.Telemetry;

namespace PmoFlow.Jobs.Hosting;

/// <summary>
/// OpenTelemetry in the long-running hosts (<c>serve</c>, <c>worker</c>): PmoFlow's own meter and activity source
/// (<see cref="PmoFlowTelemetry"/>: ingest, jobs), PostgreSQL (Npgsql), outgoing HTTP (tracker connectors, webhooks) and,
/// in a web host, incoming HTTP. Metrics are scraped at <c>/metrics</c> (Prometheus); traces and metrics also go out by OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the standard <c>OTEL_*</c> variables).
/// </summary>
public static class PmoFlowTelemetryHosting
{
    /// <summary>The variable naming where a worker serves <c>/metrics</c>, e.g. <c>http://127.0.0.1:9464</c> (unset: no endpoint).</summary>
    public const string MetricsUrlVariable = "PMOFLOW_METRICS_URL";

    /// <summary>The scrape path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The standard OTLP endpoint variable.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Registers the meters, sources and exporters.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="serviceName">The <c>service.name</c> resource attribute.</param>
    /// <param name="prometheus">Whether a <c>/metrics</c> endpoint will be mapped (see <see cref="MapMetrics"/>).</param>
    /// <param name="aspNetCore">Whether the host serves HTTP (adds the incoming-request instrumentation).</param>
    public static IServiceCollection AddPmoFlowTelemetry(this IServiceCollection services, string serviceName, bool prometheus, bool aspNetCore)
    {
        var otlp = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpointVariable));
        var otel = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(serviceName));
        otel.WithMetrics(m =>
        {
            m.AddMeter(PmoFlowTelemetry.Name);
            m.AddNpgsqlInstrumentation();
            m.AddHttpClientInstrumentation();
            if (aspNetCore)
            {
                m.AddAspNetCoreInstrumentation();
            }

            if (prometheus)
            {
                m.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            }

            if (otlp)
            {
                m.AddOtlpExporter();
            }
        });
        if (otlp)
        {
            // Spans only when someone collects them.
            otel.WithTracing(t =>
            {
                t.AddSource(PmoFlowTelemetry.Name);
                t.AddNpgsql();
                t.AddHttpClientInstrumentation();
                if (aspNetCore)
                {
                    t.AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments(MetricsPath));
                }

                t.AddOtlpExporter();
            });
        }

        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint at <see cref="MetricsPath"/>.</summary>
    public static IEndpointConventionBuilder MapMetrics(IEndpointRouteBuilder app) => app.MapPrometheusScrapingEndpoint(MetricsPath);
}
