using Microsoft.Extensions.Logging;
using Quartz;

namespace PmoFlow.Jobs.Jobs;

/// <summary>What a job's work reports.</summary>
/// <param name="Succeeded">Whether it did what it was for.</param>
/// <param name="Detail">A one-line summary (or the reasons it did not succeed).</param>
public sealed record JobOutcome(bool Succeeded, string Detail);

/// <summary>
/// The thin Quartz side of every PmoFlow job: records the run in <c>job_runs</c>, marks a dead worker's run as
/// abandoned when recovering it, calls the job's service, and records the outcome. Failures are recorded, logged
/// and not rethrown (the next scheduled fire is the retry); a shutdown's cancellation is rethrown.
/// </summary>
public abstract class RecordedJob(JobRunStore runs, ILogger logger) : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fire = JobFire.From(context);
        var instance = context.Scheduler.SchedulerInstanceId;
        var id = await runs.StartAsync(fire, instance, cancellationToken);
        if (fire.Recovering)
        {
            await runs.AbandonAsync(fire, instance, cancellationToken);
        }

        try
        {
            var outcome = await RunAsync(fire, cancellationToken);
            await runs.CompleteAsync(id, outcome.Succeeded ? JobRunStatus.Succeeded : JobRunStatus.Failed, outcome.Detail, outcome.Succeeded ? null : outcome.Detail, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await runs.CompleteAsync(id, JobRunStatus.Cancelled, null, "cancelled by shutdown", CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            // The exception's text may hold what a tracker echoed: logged and stored redacted, without the raw object.
            var reason = Core.Security.Redactor.Redact($"{ex.GetType().Name}: {ex.Message}");
            logger.LogError("Job {Job} failed: {Reason}", fire.Job, reason);
            await runs.CompleteAsync(id, JobRunStatus.Failed, null, reason, CancellationToken.None);
        }
    }

    /// <summary>The job's work, delegated to a service.</summary>
    protected abstract Task<JobOutcome> RunAsync(JobFire fire, CancellationToken ct);
}
