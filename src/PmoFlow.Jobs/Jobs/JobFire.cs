using System.Globalization;
using Quartz;

namespace PmoFlow.Jobs.Jobs;

/// <summary>One firing of a PmoFlow job, as the job's work sees it.</summary>
/// <param name="Job">The job's name (<c>kind.target</c>).</param>
/// <param name="Kind">ingest, snapshot, publish or forecast-check.</param>
/// <param name="Target">The stream or source.</param>
/// <param name="FireInstanceId">Quartz's id of this firing.</param>
/// <param name="ScheduledFireUtc">
/// The time the schedule called for. For a recovered firing (its worker died) it is the original firing's scheduled
/// time, so the recovered run works on the same period as the one that died.
/// </param>
/// <param name="Recovering">Whether this firing recovers one whose worker died.</param>
/// <param name="Manual">Whether it was triggered by hand.</param>
/// <param name="Period">A period key chosen by hand, if any.</param>
public sealed record JobFire(
    string Job,
    string Kind,
    string Target,
    string? FireInstanceId,
    DateTimeOffset ScheduledFireUtc,
    bool Recovering,
    bool Manual,
    string? Period)
{
    /// <summary>Reads the firing from Quartz's context.</summary>
    public static JobFire From(IJobExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.JobDetail.Key.Name;
        var data = context.MergedJobDataMap;
        var parsed = JobKinds.Parse(name);
        var target = Text(data, JobKinds.TargetKey) ?? parsed?.Target ?? name;
        var scheduled = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        if (context.Recovering && TryParseInstant(Text(data, SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime), out var original))
        {
            scheduled = original;
        }

        return new JobFire(
            name,
            parsed?.Kind ?? "unknown",
            target,
            context.FireInstanceId,
            scheduled.ToUniversalTime(),
            context.Recovering,
            Text(data, JobKinds.ManualKey) is "true",
            Text(data, JobKinds.PeriodKey));
    }

    /// <summary>Reads an instant Quartz wrote as text: Unix milliseconds, .NET ticks or an ISO 8601 date.</summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            // Ticks since year 1 are above 10^17 for any recent date; Unix milliseconds are below 10^14 until year 5138.
            instant = n > 100_000_000_000_000_000L
                ? new DateTimeOffset(n, TimeSpan.Zero)
                : DateTimeOffset.FromUnixTimeMilliseconds(n);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);
    }

    private static string? Text(JobDataMap data, string key) =>
        data.TryGetValue(key, out var v) && v is not null ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
}
