using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PmoFlow.Jobs.Configuration;
using Quartz;

namespace PmoFlow.Jobs.Scheduling;

/// <summary>
/// The hosted service of <c>pmoflow serve</c> and <c>pmoflow worker</c>: reconciles the stored schedule with the
/// configuration, starts this node's scheduler (it joins the cluster), and on shutdown waits for running jobs.
/// </summary>
public sealed class PmoFlowSchedulerService(
    ISchedulerFactory factory,
    JobsConfig config,
    ScheduleReconciler reconciler,
    ILogger<PmoFlowSchedulerService> logger) : IHostedService
{
    private IScheduler? _scheduler;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _scheduler = await factory.GetScheduler(cancellationToken);
        await reconciler.ReconcileAsync(_scheduler, SchedulePlan.Build(config), cancellationToken);
        await _scheduler.Start(cancellationToken);
        logger.LogInformation("Scheduler {Name} started as node {Instance}", _scheduler.SchedulerName, _scheduler.SchedulerInstanceId);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is not null)
        {
            await _scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
        }
    }
}
