using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PmoFlow.Streams.Configuration;
using PmoFlow.Storage;

namespace PmoFlow.Jobs.Hosting;

/// <summary>
/// A scheduler-only node: the one implementation behind <c>pmoflow worker</c> and the stand-alone
/// <c>PmoFlow.Worker</c>. It joins the cluster on the configured database and runs its jobs until stopped.
/// </summary>
public static class WorkerHost
{
    /// <summary>
    /// Runs a node on an open database until <paramref name="ct"/> is cancelled or the process is asked to stop
    /// (Ctrl+C, SIGTERM); on stop it waits for its running jobs (within the host's shutdown timeout).
    /// </summary>
    /// <param name="config">The configuration (streams, sources, schedules, publishers).</param>
    /// <param name="dataSource">The PmoFlow database, already migrated.</param>
    /// <param name="configure">This node's cluster options (see <see cref="WorkerSwitches"/>), or null for the defaults.</param>
    /// <param name="ct">Stops the node.</param>
    /// <param name="logging">The host's logging (see <see cref="PmoFlowLogging"/>), or null for .NET's defaults.</param>
    /// <exception cref="ConfigException">The configuration's schedules or publishers are malformed.</exception>
    /// <remarks>
    /// The node also serves <c>/metrics</c> (Prometheus) on <see cref="PmoFlowTelemetryHosting.MetricsUrlVariable"/> when set, and
    /// exports traces and metrics by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </remarks>
    public static async Task RunAsync(PmoFlowConfig config, NpgsqlDataSource dataSource, Action<PmoFlowSchedulerOptions>? configure, CancellationToken ct,
        Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(dataSource);
        var metricsUrl = Environment.GetEnvironmentVariable(PmoFlowTelemetryHosting.MetricsUrlVariable);
        if (!string.IsNullOrWhiteSpace(metricsUrl))
        {
            // A small Kestrel app: /metrics for Prometheus beside the scheduler.
            var web = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
            web.WebHost.UseUrls(metricsUrl);
            Configure(web.Services, web.Logging, config, dataSource, configure, logging, prometheus: true);
            await using var app = web.Build();
            PmoFlowTelemetryHosting.MapMetrics(app);
            await app.RunAsync(ct);
            return;
        }

        var builder = Host.CreateApplicationBuilder();
        Configure(builder.Services, builder.Logging, config, dataSource, configure, logging, prometheus: false);
        using var host = builder.Build();
        await host.RunAsync(ct);
    }

    private static void Configure(IServiceCollection services, ILoggingBuilder log, PmoFlowConfig config, NpgsqlDataSource dataSource,
        Action<PmoFlowSchedulerOptions>? configure, Action<ILoggingBuilder>? logging, bool prometheus)
    {
        log.AddFilter("Quartz", LogLevel.Warning);
        logging?.Invoke(log);
        services.AddPmoFlowTelemetry("pmoflow-worker", prometheus, aspNetCore: prometheus);
        services.AddPmoFlowScheduler(config, dataSource, configure);
    }

    /// <summary>
    /// Loads <paramref name="configPath"/>, opens its database (<c>PMOFLOW_DATABASE</c>, else the file's
    /// <c>database:</c>, else the embedded server; migrated on open) and runs a node on it (see
    /// <see cref="RunAsync(PmoFlowConfig, NpgsqlDataSource, Action{PmoFlowSchedulerOptions}?, CancellationToken, Action{ILoggingBuilder}?)"/>).
    /// </summary>
    /// <exception cref="ConfigException">The file cannot be read or its keys are malformed.</exception>
    public static async Task RunAsync(string configPath, Action<PmoFlowSchedulerOptions>? configure, CancellationToken ct, Action<ILoggingBuilder>? logging = null)
    {
        var config = ConfigLoader.Load(configPath);
        // Validate the scheduler's keys before starting (or joining) an embedded server.
        _ = Configuration.JobsConfigReader.Read(config);
        await using var database = await PmoFlowDatabase.OpenAsync(new PmoFlowDatabaseOptions { ConfiguredConnectionString = config.Database }, ct);
        await RunAsync(config, database.DataSource, configure, ct, logging);
    }
}
