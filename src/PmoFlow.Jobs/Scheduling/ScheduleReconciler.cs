using Microsoft.Extensions.Logging;
using PmoFlow.Jobs.Jobs;
using Quartz;

namespace PmoFlow.Jobs.Scheduling;

/// <summary>
/// Makes the cluster's stored jobs match the configuration when a node starts: adds what is missing, replaces a
/// trigger only when its schedule changed (so starting another worker never resets a pending fire), and deletes
/// PmoFlow jobs the configuration no longer has. Safe when several nodes start at once: adding is
/// <see cref="TriggerConflict.Keep"/>, decided under Quartz's lock.
/// </summary>
public sealed class ScheduleReconciler(ILogger<ScheduleReconciler> logger)
{
    /// <summary>Applies <paramref name="plan"/> to the scheduler's store.</summary>
    public async Task ReconcileAsync(IScheduler scheduler, IReadOnlyList<PlannedJob> plan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var planned in plan)
        {
            var stored = await scheduler.GetTrigger(planned.Trigger.Key, ct);
            if (stored is not null && SchedulePlan.SameSchedule(stored, planned.Trigger))
            {
                continue;
            }

            await scheduler.AddJob(planned.Job, AddJobOptions.Replacing, ct);
            await scheduler.ScheduleTrigger(planned.Trigger, stored is null ? TriggerConflict.Keep : TriggerConflict.Replace, ct);
            logger.LogInformation("{Action} {Job}: {Schedule}", stored is null ? "Scheduled" : "Rescheduled", planned.Job.Key.Name, planned.Schedule);
        }

        var wanted = plan.Select(p => p.Job.Key).ToHashSet();
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(JobKinds.Group), ct))
        {
            if (!wanted.Contains(key))
            {
                await scheduler.DeleteJob(key, ct);
                logger.LogInformation("Removed {Job}: no longer in the configuration", key.Name);
            }
        }
    }
}
