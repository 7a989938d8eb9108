using PmoFlow.Streams.Snapshots;
using Npgsql;
using PmoFlow.Streams.Loading;
using PmoFlow.Streams.Configuration;
using PmoFlow.Jobs.Configuration;

namespace PmoFlow.Jobs.Services;

/// <summary>
/// The daily snapshot's figures: METRICS.md flow figures of the stream (<see cref="SnapshotMetrics"/>) computed by
/// <see cref="FlowSnapshotMetrics"/> from the stream's stored events. A back-fill loads the stream once and computes
/// every day from that load.
/// </summary>
/// <remarks>Thread-safe; each call reads the database with its own connections.</remarks>
public sealed class FlowMetricsProvider(NpgsqlDataSource dataSource, PmoFlowConfig config) : IMetricsProvider
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<MetricValue>> ComputeAsync(StreamJobs stream, DateOnly asOf, CancellationToken ct) =>
        (await ComputeDaysAsync(stream, [asOf], ct))[0];

    /// <inheritdoc />
    public async Task<IReadOnlyList<IReadOnlyList<MetricValue>>> ComputeDaysAsync(StreamJobs stream, IReadOnlyList<DateOnly> days, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(days);
        var histories = await StreamLoader.LoadHistoriesAsync(dataSource, config, stream.Config, ct);
        var result = new List<IReadOnlyList<MetricValue>>(days.Count);
        foreach (var day in days)
        {
            ct.ThrowIfCancellationRequested();
            result.Add(FlowSnapshotMetrics.Compute(stream.Config.Definition, histories, day));
        }

        return result;
    }
}
