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
    /// <exception cref="ConfigException">The configuration's schedules or publishers are malformed.</exception>
    public static async Task RunAsync(PmoFlowConfig config, NpgsqlDataSource dataSource, Action<PmoFlowSchedulerOptions>? configure, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(dataSource);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        builder.Services.AddPmoFlowScheduler(config, dataSource, configure);
        using var host = builder.Build();
        await host.RunAsync(ct);
    }

    /// <summary>
    /// Loads <paramref name="configPath"/>, opens its database (<c>PMOFLOW_DATABASE</c>, else the file's
    /// <c>database:</c>, else the embedded server; migrated on open) and runs a node on it (see
    /// <see cref="RunAsync(PmoFlowConfig, NpgsqlDataSource, Action{PmoFlowSchedulerOptions}?, CancellationToken)"/>).
    /// </summary>
    /// <exception cref="ConfigException">The file cannot be read or its keys are malformed.</exception>
    public static async Task RunAsync(string configPath, Action<PmoFlowSchedulerOptions>? configure, CancellationToken ct)
    {
        var config = ConfigLoader.Load(configPath);
        // Validate the scheduler's keys before starting (or joining) an embedded server.
        _ = Configuration.JobsConfigReader.Read(config);
        await using var database = await PmoFlowDatabase.OpenAsync(new PmoFlowDatabaseOptions { ConfiguredConnectionString = config.Database }, ct);
        await RunAsync(config, database.DataSource, configure, ct);
    }
}
