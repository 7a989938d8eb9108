using PmoFlow.Core.Model;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Services;
using Quartz;

namespace PmoFlow.Jobs.Jobs;

/// <summary>Checks a stream's stored forecasts against what happened, as of the local day before the fire.</summary>
[DisallowConcurrentExecution]
public sealed class ForecastCheckJob(IForecastCheckService check, JobsConfig config, JobRunStore runs, ILogger<ForecastCheckJob> logger)
    : RecordedJob(runs, logger)
{
    /// <inheritdoc />
    protected override async Task<JobOutcome> RunAsync(JobFire fire, CancellationToken ct)
    {
        var stream = config.Stream(fire.Target);
        var asOf = new StreamCalendar(stream.Zone).DateOf(fire.ScheduledFireUtc).AddDays(-1);
        var result = await check.CheckAsync(stream, asOf, ct);
        return new JobOutcome(true, string.Create(CultureInfo.InvariantCulture, $"{result.Checked} checked, P85 held for {result.Hits}: {result.Detail}"));
    }
}
