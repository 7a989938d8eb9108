using PmoFlow.Streams.Configuration;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Jobs;
using Quartz;

namespace PmoFlow.Jobs.Scheduling;

/// <summary>One job the configuration asks for, with its trigger.</summary>
/// <param name="Kind">ingest, snapshot, publish or forecast-check.</param>
/// <param name="Target">The stream or source.</param>
/// <param name="Job">The durable job, requesting recovery.</param>
/// <param name="Trigger">Its schedule with the kind's misfire policy.</param>
/// <param name="Schedule">The schedule as text (cron and zone, or interval).</param>
/// <param name="Misfire">The misfire policy's name.</param>
public sealed record PlannedJob(string Kind, string Target, IJobDetail Job, ITrigger Trigger, string Schedule, string Misfire);

/// <summary>
/// Turns <see cref="JobsConfig"/> into Quartz jobs and triggers. Misfire policies, per kind (docs/jobs.md):
/// publish and snapshot fire once as soon as possible (<c>FireAndProceed</c>): the report's period and the
/// snapshot's day follow from the scheduled time, and the snapshot back-fills missed days; forecast-check skips
/// to the next time (<c>DoNothing</c>): the next check covers the same forecasts; interval ingest runs once now and
/// keeps its interval from then on (<c>NowWithRemainingCount</c>): one run catches up from the cursor.
/// </summary>
public static class SchedulePlan
{
    /// <summary>Every job the configuration schedules, in a stable order.</summary>
    public static IReadOnlyList<PlannedJob> Build(JobsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var plan = new List<PlannedJob>();
        foreach (var source in config.Sources.Where(s => s.Enabled))
        {
            plan.Add(source.Cron is not null
                ? Cron<IngestJob>(JobKinds.Ingest, source.Name, source.Cron, source.Zone, CronTriggerMisfireInstruction.FireAndProceed)
                : Interval<IngestJob>(JobKinds.Ingest, source.Name, source.Interval!.Value));
        }

        foreach (var stream in config.Streams)
        {
            if (stream.Schedule.Snapshot is { } snapshot)
            {
                plan.Add(Cron<SnapshotJob>(JobKinds.Snapshot, stream.Name, snapshot, stream.Zone, CronTriggerMisfireInstruction.FireAndProceed));
            }

            if (stream.Schedule.Report is { } report && stream.Publishers.Count > 0)
            {
                plan.Add(Cron<PublishReportJob>(JobKinds.Publish, stream.Name, report, stream.Zone, CronTriggerMisfireInstruction.FireAndProceed));
            }

            if (stream.Schedule.ForecastCheck is { } check)
            {
                plan.Add(Cron<ForecastCheckJob>(JobKinds.ForecastCheck, stream.Name, check, stream.Zone, CronTriggerMisfireInstruction.DoNothing));
            }
        }

        return plan;
    }

    /// <summary>Whether a stored trigger already says what a planned one says (same schedule, zone and misfire policy).</summary>
    public static bool SameSchedule(ITrigger stored, ITrigger planned)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(planned);
        return (stored, planned) switch
        {
            (ICronTrigger a, ICronTrigger b) => a.CronExpressionString == b.CronExpressionString
                && a.TimeZone.Id == b.TimeZone.Id
                && a.MisfireInstruction == b.MisfireInstruction,
            (ISimpleTrigger a, ISimpleTrigger b) => a.RepeatInterval == b.RepeatInterval
                && a.RepeatCount == b.RepeatCount
                && a.MisfireInstruction == b.MisfireInstruction,
            _ => false,
        };
    }

    private static PlannedJob Cron<TJob>(string kind, string target, string cron, TimeZoneInfo zone, CronTriggerMisfireInstruction misfire)
        where TJob : IJob
    {
        var job = Job<TJob>(kind, target);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(JobKinds.TriggerKey(kind, target))
            .ForJob(job.Key)
            .WithDescription($"{kind} {target}")
            .WithSchedule(CronScheduleBuilder.Create(cron).InTimeZone(zone).WithMisfireInstruction(misfire))
            .Build();
        return new PlannedJob(kind, target, job, trigger, $"cron \"{cron}\" in {zone.Id}", misfire.ToString());
    }

    private static PlannedJob Interval<TJob>(string kind, string target, TimeSpan interval)
        where TJob : IJob
    {
        var job = Job<TJob>(kind, target);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(JobKinds.TriggerKey(kind, target))
            .ForJob(job.Key)
            .WithDescription($"{kind} {target}")
            .StartNow()
            .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(interval).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithRemainingCount))
            .Build();
        return new PlannedJob(kind, target, job, trigger, $"every {DurationText.Format(interval)}", nameof(SimpleTriggerMisfireInstruction.NowWithRemainingCount));
    }

    private static IJobDetail Job<TJob>(string kind, string target)
        where TJob : IJob =>
        JobBuilder.Create<TJob>()
            .WithIdentity(JobKinds.JobKey(kind, target))
            .WithDescription($"{kind} {target}")
            .UsingJobData(JobKinds.TargetKey, target)
            .StoreDurably()
            .RequestRecovery()
            .Build();
}
