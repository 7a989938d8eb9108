using Microsoft.Extensions.Logging;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Publishing;
using Quartz;

namespace PmoFlow.Jobs.Jobs;

/// <summary>Publishes a stream's report for the period its fire covers (see <see cref="ReportPeriods.ForFire"/>).</summary>
[DisallowConcurrentExecution]
public sealed class PublishReportJob(PublishService publish, JobsConfig config, JobRunStore runs, ILogger<PublishReportJob> logger)
    : RecordedJob(runs, logger)
{
    /// <inheritdoc />
    protected override async Task<JobOutcome> RunAsync(JobFire fire, CancellationToken ct)
    {
        var stream = config.Stream(fire.Target);
        var period = fire.Period is not null
            ? ReportPeriods.Parse(fire.Period, stream.Period, stream.Zone, stream.Schedule.Report)
            : ReportPeriods.ForFire(stream.Period, stream.Zone, fire.ScheduledFireUtc, stream.Schedule.Report);
        var result = await publish.PublishAsync(stream, period, ct);
        return new JobOutcome(result.Failed == 0, result.Summary);
    }
}
