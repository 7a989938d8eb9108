using PmoFlow.Core.Model;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Services;
using Quartz;

namespace PmoFlow.Jobs.Jobs;

/// <summary>Snapshots a stream's metrics as of the end of the local day before the fire (filling missed days).</summary>
[DisallowConcurrentExecution]
public sealed class SnapshotJob(SnapshotService snapshots, JobsConfig config, JobRunStore runs, ILogger<SnapshotJob> logger)
    : RecordedJob(runs, logger)
{
    /// <inheritdoc />
    protected override async Task<JobOutcome> RunAsync(JobFire fire, CancellationToken ct)
    {
        var stream = config.Stream(fire.Target);
        var asOf = new StreamCalendar(stream.Zone).DateOf(fire.ScheduledFireUtc).AddDays(-1);
        var result = await snapshots.SnapshotAsync(stream, asOf, ct);
        return new JobOutcome(true, string.Create(CultureInfo.InvariantCulture,
            $"{result.Values} values for {string.Join(", ", result.Days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}"));
    }
}
