using PmoFlow.Streams.Configuration;
using PmoFlow.Jobs.Periods;

namespace PmoFlow.Jobs.Configuration;

/// <summary>The scheduler's view of <c>pmoflow.yaml</c>: each stream's schedules and publishers, each source's ingest cadence.</summary>
/// <param name="Config">The whole configuration.</param>
/// <param name="Streams">One entry per stream, in file order.</param>
/// <param name="Sources">One entry per source, in file order.</param>
public sealed record JobsConfig(PmoFlowConfig Config, IReadOnlyList<StreamJobs> Streams, IReadOnlyList<SourceJobs> Sources)
{
    /// <summary>A stream by name (case-insensitive).</summary>
    /// <exception cref="ConfigException">No such stream.</exception>
    public StreamJobs Stream(string name) =>
        Streams.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigException($"{Config.File}: no stream named '{name}'.");

    /// <summary>A source by name (case-insensitive).</summary>
    /// <exception cref="ConfigException">No such source.</exception>
    public SourceJobs Source(string name) =>
        Sources.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigException($"{Config.File}: no source named '{name}'.");
}

/// <summary>One stream's scheduled work.</summary>
/// <param name="Config">The stream's configuration.</param>
/// <param name="Schedule">Its cron schedules (null entries are off).</param>
/// <param name="Period">What one report covers.</param>
/// <param name="Publishers">Where its reports go (empty: no report job is scheduled).</param>
public sealed record StreamJobs(StreamConfig Config, StreamSchedule Schedule, PeriodGranularity Period, IReadOnlyList<PublisherConfig> Publishers)
{
    /// <summary>The stream's name.</summary>
    public string Name => Config.Definition.Name;

    /// <summary>The stream's zone: schedules fire and periods are bucketed in it.</summary>
    public TimeZoneInfo Zone => Config.Definition.TimeZone;

    /// <summary>
    /// The shared saved dashboard the published report is rendered from (<c>report.dashboard</c>; its panels instead of
    /// the default sections); null: the default layout.
    /// </summary>
    public string? Dashboard { get; init; }
}

/// <summary>A stream's cron schedules (Quartz cron, seconds first), in the stream's zone; null means off.</summary>
/// <param name="Report">Publishing the report (default Monday 07:00).</param>
/// <param name="Snapshot">The daily metric snapshot (default 00:30 every day).</param>
/// <param name="ForecastCheck">Checking stored forecasts against what happened (default Monday 06:00).</param>
public sealed record StreamSchedule(string? Report, string? Snapshot, string? ForecastCheck)
{
    /// <summary>Monday 07:00.</summary>
    public const string DefaultReport = "0 0 7 ? * MON";

    /// <summary>00:30 every day.</summary>
    public const string DefaultSnapshot = "0 30 0 * * ?";

    /// <summary>Monday 06:00.</summary>
    public const string DefaultForecastCheck = "0 0 6 ? * MON";
}

/// <summary>One source's ingest cadence: a fixed interval or a cron schedule, or neither (off).</summary>
/// <param name="Config">The source's configuration.</param>
/// <param name="Interval">Run every this long (first run when the job is first scheduled).</param>
/// <param name="Cron">Or run on this cron schedule, in <paramref name="Zone"/>.</param>
/// <param name="Zone">The source's zone (its <c>timeZone</c>, else UTC) for a cron schedule.</param>
public sealed record SourceJobs(SourceConfig Config, TimeSpan? Interval, string? Cron, TimeZoneInfo Zone)
{
    /// <summary>Default interval when a source sets neither <c>interval</c> nor <c>schedule</c>.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    /// <summary>The source's name.</summary>
    public string Name => Config.Name;

    /// <summary>Whether an ingest job is scheduled at all.</summary>
    public bool Enabled => Interval is not null || Cron is not null;
}
