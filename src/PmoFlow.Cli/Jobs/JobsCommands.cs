using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Jobs;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Publishing;
using PmoFlow.Jobs.Scheduling;
using Quartz;

namespace PmoFlow.Cli.Jobs;

/// <summary>One configured job as <c>pmoflow jobs list</c> shows it.</summary>
/// <param name="Name">The job's name (<c>kind.target</c>), what <c>jobs trigger</c> takes.</param>
/// <param name="Kind">ingest, snapshot, publish or forecast-check.</param>
/// <param name="Target">The stream or source.</param>
/// <param name="Schedule">Cron and zone, or interval.</param>
/// <param name="Misfire">The misfire policy.</param>
/// <param name="State">Quartz's trigger state (Normal, Blocked, Paused, Error, …), or <c>NotScheduled</c> before any worker started.</param>
/// <param name="NextFireUtc">The next fire time.</param>
/// <param name="NextFireLocal">The same instant in the job's zone (stream or source), with its offset.</param>
/// <param name="PreviousFireUtc">The last fire time.</param>
public sealed record JobListing(
    string Name,
    string Kind,
    string Target,
    string Schedule,
    string Misfire,
    string State,
    DateTimeOffset? NextFireUtc,
    DateTimeOffset? NextFireLocal,
    DateTimeOffset? PreviousFireUtc);

/// <summary>One scheduler node of the cluster.</summary>
/// <param name="InstanceId">The node's id.</param>
/// <param name="LastCheckInUtc">Its last check-in.</param>
/// <param name="State">What the cluster makes of it (Active, Overdue, Failed, …).</param>
public sealed record ClusterNodeListing(string InstanceId, DateTimeOffset? LastCheckInUtc, string State);

/// <summary>The result of <c>pmoflow jobs list</c>.</summary>
/// <param name="Jobs">The configured jobs.</param>
/// <param name="Nodes">The cluster's nodes.</param>
public sealed record JobsListing(IReadOnlyList<JobListing> Jobs, IReadOnlyList<ClusterNodeListing> Nodes);

/// <summary>A firing in progress somewhere in the cluster (from Quartz's fired-triggers table).</summary>
/// <param name="Job">The job's name.</param>
/// <param name="InstanceId">The node running it.</param>
/// <param name="State">Acquired or Executing.</param>
/// <param name="FiredAtUtc">When it was acquired or started.</param>
/// <param name="ScheduledFireUtc">The time it was scheduled for.</param>
public sealed record InFlightFiring(string Job, string InstanceId, string State, DateTimeOffset FiredAtUtc, DateTimeOffset? ScheduledFireUtc);

/// <summary>The result of <c>pmoflow jobs history</c>.</summary>
/// <param name="Runs">Recent runs from <c>job_runs</c>, newest first.</param>
/// <param name="InFlight">Firings running now on any node (Quartz tables).</param>
/// <param name="OutstandingDeliveries">Deliveries not yet delivered (failed or pending), newest period first.</param>
public sealed record JobsHistory(IReadOnlyList<JobRunRecord> Runs, IReadOnlyList<InFlightFiring> InFlight, IReadOnlyList<DeliveryRecord> OutstandingDeliveries);

/// <summary>The result of <c>pmoflow jobs trigger</c>.</summary>
/// <param name="Name">The job triggered.</param>
/// <param name="Period">The period asked for, if any.</param>
public sealed record TriggeredJob(string Name, string? Period)
{
    /// <summary>The job's last run id before the trigger: the triggered run is recorded with a higher one.</summary>
    public long RunsBefore { get; init; }
}

/// <summary>
/// <c>pmoflow jobs list | trigger | history</c> as data: the CLI only parses options and prints these.
/// Obtain one from <see cref="JobsClient.ConnectAsync"/>.
/// </summary>
public sealed class JobsCommands(IScheduler scheduler, JobsConfig config, JobRunStore runs, DeliveryStore deliveries)
{
    /// <summary>The configured jobs with their next fire times, and the cluster's nodes.</summary>
    public async Task<JobsListing> ListAsync(CancellationToken ct)
    {
        var jobs = new List<JobListing>();
        foreach (var planned in SchedulePlan.Build(config))
        {
            var trigger = await scheduler.GetTrigger(planned.Trigger.Key, ct);
            var state = trigger is null ? "NotScheduled" : (await scheduler.GetTriggerState(planned.Trigger.Key, ct)).ToString();
            var next = trigger?.NextFireTimeUtc;
            var zone = ZoneOf(planned);
            jobs.Add(new JobListing(
                planned.Job.Key.Name,
                planned.Kind,
                planned.Target,
                planned.Schedule,
                planned.Misfire,
                state,
                next,
                next is { } n ? TimeZoneInfo.ConvertTime(n, zone) : null,
                trigger?.PreviousFireTimeUtc));
        }

        var nodes = (await scheduler.QueryClusterNodes(ct))
            .Where(n => !n.IsCurrentNode)
            .Select(n => new ClusterNodeListing(n.InstanceId, n.LastCheckInUtc, n.State.ToString()))
            .ToList();
        return new JobsListing(jobs, nodes);
    }

    /// <summary>Fires a job now on whichever node picks it up (within its idle wait).</summary>
    /// <param name="name">The job's name, e.g. <c>publish.delivery</c>.</param>
    /// <param name="period">For a publish job, the period to publish (e.g. <c>2026-W13</c>); default the last complete one.</param>
    /// <param name="ct">Cancellation.</param>
    /// <exception cref="ArgumentException">No such job, or the period does not fit the stream's report period.</exception>
    public async Task<TriggeredJob> TriggerAsync(string name, string? period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        var plan = SchedulePlan.Build(config);
        var shortName = name.StartsWith(JobKinds.Group + ".", StringComparison.Ordinal) ? name[(JobKinds.Group.Length + 1)..] : name;
        var planned = plan.FirstOrDefault(p => string.Equals(p.Job.Key.Name, shortName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No job named '{name}'. Jobs: {string.Join(", ", plan.Select(p => p.Job.Key.Name))}.", nameof(name));
        if (period is not null)
        {
            if (planned.Kind != JobKinds.Publish)
            {
                throw new ArgumentException($"--period applies to publish jobs only; '{planned.Job.Key.Name}' is a {planned.Kind} job.", nameof(period));
            }

            var stream = config.Stream(planned.Target);
            try
            {
                _ = ReportPeriods.Parse(period, stream.Period, stream.Zone, stream.Schedule.Report);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException(ex.Message, nameof(period), ex);
            }
        }

        if (!await scheduler.Exists(planned.Job.Key, ct))
        {
            // No worker has started with this configuration yet: store the job so the trigger has something to fire.
            await scheduler.AddJob(planned.Job, AddJobOptions.Replacing, ct);
        }

        var before = await runs.LastIdAsync(planned.Job.Key.Name, ct);
        var data = new JobDataMap { [JobKinds.ManualKey] = "true" };
        if (period is not null)
        {
            data[JobKinds.PeriodKey] = period;
        }

        await scheduler.TriggerJob(planned.Job.Key, data, ct);
        return new TriggeredJob(planned.Job.Key.Name, period) { RunsBefore = before };
    }

    /// <summary>
    /// Waits until a node has run a triggered job to the end: the first manual run of the job recorded after the
    /// trigger that is no longer running. Returns null when none ended within <paramref name="timeout"/> (no node
    /// running, or the job is still busy).
    /// </summary>
    /// <remarks>Two people triggering the same job at once may each see the other's run.</remarks>
    public async Task<JobRunRecord?> WaitAsync(TriggeredJob triggered, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(triggered);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var done = (await runs.ReadAsync(triggered.Name, 50, deadline.Token))
                    .Where(r => r.Id > triggered.RunsBefore && r.Manual && r.Status != PmoFlow.Jobs.Jobs.JobRunStatus.Running)
                    .MinBy(r => r.Id);
                if (done is not null)
                {
                    return done;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Recent runs (optionally of one job), firings in progress, and deliveries still owed.</summary>
    public async Task<JobsHistory> HistoryAsync(string? job, int limit, CancellationToken ct)
    {
        var recorded = await runs.ReadAsync(job, limit, ct);
        var firings = await scheduler.QueryFireInstances(new FireInstanceQuery { State = null }, ct);
        var inFlight = firings.Items
            .Where(f => f.JobKey is null || f.JobKey.Group == JobKinds.Group)
            .Select(f => new InFlightFiring(f.JobKey?.Name ?? f.TriggerKey.Name, f.SchedulerInstanceId, f.State.ToString(), f.FireTimeUtc, f.ScheduledFireTimeUtc))
            .ToList();
        var owed = (await deliveries.ReadAsync(null, DeliveryStatus.Failed, limit, ct))
            .Concat(await deliveries.ReadAsync(null, DeliveryStatus.Pending, limit, ct))
            .OrderByDescending(d => d.Period.End)
            .ToList();
        return new JobsHistory(recorded, inFlight, owed);
    }

    private TimeZoneInfo ZoneOf(PlannedJob planned) => planned.Kind == JobKinds.Ingest
        ? config.Source(planned.Target).Zone
        : config.Stream(planned.Target).Zone;
}
