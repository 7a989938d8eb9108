using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;

namespace PmoFlow.Streams.Forecasting;

/// <summary>How a forecast runs, as a user asks for it (nulls: the defaults of <see cref="ForecastDefaults"/> and the stream).</summary>
public sealed record ForecastSettings
{
    /// <summary>Monte Carlo trials (null: <see cref="ForecastDefaults.Trials"/>).</summary>
    public int? Trials { get; init; }

    /// <summary>The seed (null: <see cref="ForecastDefaults.Seed"/>).</summary>
    public ulong? Seed { get; init; }

    /// <summary>The sampling window as typed (<c>90d</c>, <c>all</c>, <c>from..to</c>; null: the stream's default).</summary>
    public string? Window { get; init; }

    /// <summary>The engine (default: exact where the model allows it).</summary>
    public ForecastEngine Engine { get; init; } = ForecastEngine.Auto;

    /// <summary>Reported percentiles (null: the stream's).</summary>
    public IReadOnlyList<double>? Percentiles { get; init; }

    /// <summary>Worker threads for Monte Carlo (null: all cores; the result does not depend on it).</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}

/// <summary>A "when" forecast with what it was asked: how many items and whether that is the open backlog.</summary>
/// <param name="Items">Items forecast.</param>
/// <param name="IsOpenBacklog">Whether <see cref="Items"/> is the stream's open backlog (no count was given).</param>
/// <param name="Type">The work item type the backlog and throughput were restricted to, or null.</param>
/// <param name="Sample">The throughput sample used.</param>
/// <param name="Forecast">The forecast.</param>
public sealed record WhenAnswer(int Items, bool IsOpenBacklog, string? Type, ThroughputSample Sample, WhenForecast Forecast);

/// <summary>
/// The forecast use cases every door runs (CLI, API, dashboard, report, demo): the throughput sample of an analysis,
/// the forecast options from the defaults, and "when will the open backlog (or N items) be done".
/// </summary>
public static class StreamForecasts
{
    /// <summary>The forecast options of a stream for the given settings.</summary>
    public static ForecastOptions Options(StreamDefinition stream, ForecastSettings? settings = null, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        settings ??= new ForecastSettings();
        return new ForecastOptions
        {
            Trials = settings.Trials ?? ForecastDefaults.Trials,
            Seed = settings.Seed ?? ForecastDefaults.Seed,
            Engine = settings.Engine,
            Percentiles = settings.Percentiles ?? stream.Options.Percentiles,
            MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism,
            Progress = progress,
        };
    }

    /// <summary>
    /// The throughput sample of an analysis: its completion dates (of one work item type when <paramref name="type"/>
    /// is given) over the settings' window, up to the analysis' today.
    /// </summary>
    public static ThroughputSample Sample(FlowAnalysis analysis, StreamDefinition stream, ForecastSettings? settings = null, string? type = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(stream);
        var window = ForecastDefaults.ParseWindow(settings?.Window, stream.Options);
        var completions = type is null
            ? analysis.CompletionDates
            : [.. analysis.Items
                .Where(i => i.State == ItemState.Done && i.Done is not null && string.Equals(i.Type, type, StringComparison.OrdinalIgnoreCase))
                .Select(i => StreamCalendar.DayOf(stream, i.Done!.Value))
                .Order()];
        return ThroughputSampler.Sample(completions, analysis.Today, ForecastDefaults.Sampling(stream, window));
    }

    /// <summary>
    /// When will <paramref name="items"/> items (null: the open backlog, of <paramref name="type"/> when given) be done?
    /// With a type, the throughput sample is that type's completions too.
    /// </summary>
    /// <returns>Null when the open backlog is empty and no count was given.</returns>
    public static WhenAnswer? When(
        FlowAnalysis analysis, StreamDefinition stream, int? items, string? type, DateOnly? deadline, ForecastSettings? settings,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var n = items ?? Backlog.Open(analysis, type);
        if (n <= 0)
        {
            return null;
        }

        var sample = Sample(analysis, stream, settings, type);
        var forecast = Forecaster.When(sample, WhenRequest.Items(n, deadline), Options(stream, settings, progress), ct);
        return new WhenAnswer(n, items is null, type, sample, forecast);
    }

    /// <summary>How many items will be done from tomorrow up to and including <paramref name="by"/>?</summary>
    public static HowManyForecast HowMany(
        FlowAnalysis analysis, StreamDefinition stream, DateOnly by, ForecastSettings? settings, IProgress<double>? progress = null, CancellationToken ct = default) =>
        Forecaster.HowMany(Sample(analysis, stream, settings), by, Options(stream, settings, progress), ct);
}
