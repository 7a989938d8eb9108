using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PmoFlow.Ingestion.Telemetry;
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

        var clock = Stopwatch.StartNew();
        using var activity = PmoFlowTelemetry.Activities.StartActivity("job " + fire.Job);
        activity?.SetTag("pmoflow.job", fire.Job);
        activity?.SetTag("pmoflow.job.kind", fire.Kind);
        activity?.SetTag("pmoflow.job.run_id", id);
        logger.LogInformation("Job {Job} run {JobRunId} started ({Kind} {Target}{Manual}{Recovering})", fire.Job, id, fire.Kind, fire.Target,
            fire.Manual ? ", by hand" : string.Empty, fire.Recovering ? ", recovering a dead worker's run" : string.Empty);
        try
        {
            var outcome = await RunAsync(fire, cancellationToken);
            var status = outcome.Succeeded ? JobRunStatus.Succeeded : JobRunStatus.Failed;
            await runs.CompleteAsync(id, status, outcome.Detail, outcome.Succeeded ? null : outcome.Detail, CancellationToken.None);
            Finished(fire, id, status, clock.Elapsed, outcome.Detail, activity);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await runs.CompleteAsync(id, JobRunStatus.Cancelled, null, "cancelled by shutdown", CancellationToken.None);
            Finished(fire, id, JobRunStatus.Cancelled, clock.Elapsed, "cancelled by shutdown", activity);
            throw;
        }
        catch (Exception ex)
        {
            // The exception's text may hold what a tracker echoed: logged and stored redacted, without the raw object.
            var reason = Core.Security.Redactor.Redact($"{ex.GetType().Name}: {ex.Message}");
            logger.LogError("Job {Job} failed: {Reason}", fire.Job, reason);
            await runs.CompleteAsync(id, JobRunStatus.Failed, null, reason, CancellationToken.None);
            Finished(fire, id, JobRunStatus.Failed, clock.Elapsed, reason, activity);
        }
    }

    private void Finished(JobFire fire, long id, string status, TimeSpan duration, string detail, Activity? activity)
    {
        var name = status;
        var tags = new TagList { { "kind", fire.Kind }, { "target", fire.Target } };
        PmoFlowTelemetry.JobDuration.Record(duration.TotalSeconds, tags);
        tags.Add("status", name);
        PmoFlowTelemetry.JobRuns.Add(1, tags);
        activity?.SetTag("pmoflow.job.status", name);
        if (status != JobRunStatus.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, detail);
        }

        logger.Log(status == JobRunStatus.Succeeded ? LogLevel.Information : LogLevel.Warning,
            "Job {Job} run {JobRunId} {Status} in {DurationSeconds:F3} s: {Detail}", fire.Job, id, name, duration.TotalSeconds, detail);
    }

    /// <summary>The job's work, delegated to a service.</summary>
    protected abstract Task<JobOutcome> RunAsync(JobFire fire, CancellationToken ct);
}
