using System.Globalization;
using Microsoft.Extensions.Logging;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Services;
using Quartz;

namespace PmoFlow.Jobs.Jobs;

/// <summary>Ingests one source from its saved cursor.</summary>
[DisallowConcurrentExecution]
public sealed class IngestJob(IIngestService ingest, JobsConfig config, JobRunStore runs, ILogger<IngestJob> logger)
    : RecordedJob(runs, logger)
{
    /// <inheritdoc />
    protected override async Task<JobOutcome> RunAsync(JobFire fire, CancellationToken ct)
    {
        var source = config.Source(fire.Target);
        var s = await ingest.IngestAsync(source.Config, ct);
        return new JobOutcome(s.Error is null, string.Create(CultureInfo.InvariantCulture,
            $"run {s.RunId}: {s.EventsRead} read, {s.EventsInserted} new, {s.Duplicates} duplicates, {s.Quarantined} quarantined{(s.Error is null ? string.Empty : $": {s.Error}")}"));
    }
}
