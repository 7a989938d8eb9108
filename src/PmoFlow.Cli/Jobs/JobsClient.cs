using PmoFlow.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PmoFlow.Streams.Configuration;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Jobs;
using PmoFlow.Jobs.Publishing;
using Quartz;

namespace PmoFlow.Cli.Jobs;

/// <summary>
/// A scheduler handle that does not run jobs, for the <c>jobs</c> commands: it reads and writes the cluster's
/// tables through a scheduler that is never started (so it never checks in, fires or recovers) while the workers do the work.
/// </summary>
public sealed class JobsClient : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IScheduler _scheduler;

    private JobsClient(ServiceProvider services, IScheduler scheduler, JobsCommands commands)
    {
        _services = services;
        _scheduler = scheduler;
        Commands = commands;
    }

    /// <summary>The commands.</summary>
    public JobsCommands Commands { get; }

    /// <summary>Connects to the cluster stored in <paramref name="dataSource"/>'s database.</summary>
    /// <exception cref="ConfigException">The configuration's schedules or publishers are malformed.</exception>
    public static async Task<JobsClient> ConnectAsync(PmoFlowConfig config, NpgsqlDataSource dataSource, CancellationToken ct, Action<PmoFlowSchedulerOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPmoFlowScheduler(config, dataSource, o =>
        {
            configure?.Invoke(o);
            o.RunScheduler = false;
        });
        var provider = services.BuildServiceProvider();
        try
        {
            var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler(ct);
            var commands = new JobsCommands(
                scheduler,
                provider.GetRequiredService<JobsConfig>(),
                provider.GetRequiredService<JobRunStore>(),
                provider.GetRequiredService<DeliveryStore>());
            return new JobsClient(provider, scheduler, commands);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _scheduler.Shutdown(waitForJobsToComplete: false);
        await _services.DisposeAsync();
    }
}
