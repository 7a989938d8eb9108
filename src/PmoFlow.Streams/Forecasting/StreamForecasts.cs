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

    /// <summary>Dates left out of the throughput sample, added to the stream's own <c>excludeDates</c> (<c>--exclude-dates</c>).</summary>
    public IReadOnlyList<DateRange> ExcludedDates { get; init; } = [];
    /// <summary>The forecast model's name (daily, weekly, block:N, rate-mix; null: the stream's forecastModel, else the recommended one).</summary>
    public string? Model { get; init; }

    /// <summary>Self-calibrate on the stream's own past before answering (default true; docs/forecasting.md §11).</summary>
    public bool Calibrate { get; init; } = true;
}

/// <summary>A "when" forecast with what it was asked: how many items and whether that is the open backlog.</summary>
/// <param name="Items">Items forecast.</param>
/// <param name="IsOpenBacklog">Whether <see cref="Items"/> is the stream's open backlog (no count was given).</param>
/// <param name="Type">The work item type the backlog and throughput were restricted to, or null.</param>
/// <param name="Sample">The throughput sample used.</param>
/// <param name="Forecast">The forecast.</param>
/// <param name="Calibration">What self-calibration did, or null when it was off.</param>
public sealed record WhenAnswer(int Items, bool IsOpenBacklog, string? Type, ThroughputSample Sample, WhenForecast Forecast, ForecastCalibration? Calibration = null);

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
            Model = Model(stream, settings),
        };
    }

    /// <summary>
    /// The model of a stream for the given settings: the settings' name, else the stream's forecastModel option, else
    /// <see cref="ForecastModel.Recommended"/>; with the exact engine forced and no name, the daily model (the one
    /// convolution answers).
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a model; the message lists the valid names.</exception>
    public static ForecastModel Model(StreamDefinition stream, ForecastSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var name = settings?.Model ?? stream.Options.ForecastModel;
        if (name is null)
        {
            return settings?.Engine == ForecastEngine.Exact ? ForecastModel.Daily : ForecastModel.Recommended;
        }

        try
        {
            return ForecastModel.Parse(name);
        }
        catch (FormatException e)
        {
            throw new ArgumentException("--model: " + e.Message, nameof(settings), e);
        }
    }

    /// <summary>
    /// The throughput sample of an analysis: its completion dates (of one work item type when <paramref name="type"/>
    /// is given) over the settings' window, up to the analysis' today.
    /// </summary>
    public static ThroughputSample Sample(FlowAnalysis analysis, StreamDefinition stream, ForecastSettings? settings = null, string? type = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(stream);
        // The analysis' forecast switches (excluded dates, weekday pools, cold start) apply through ForecastSampling.
        return ForecastSampling.From(analysis, Sampling(stream, settings), completions: Completions(analysis, stream, type));
    }

    /// <summary>The sampling options of a stream for the given settings (window as typed, the stream's calendar).</summary>
    public static SamplingOptions Sampling(StreamDefinition stream, ForecastSettings? settings = null) =>
        ForecastDefaults.Sampling(stream, ForecastDefaults.ParseWindow(settings?.Window, stream.Options)) with { ExcludedDates = settings?.ExcludedDates ?? [] };

    /// <summary>The completion dates of an analysis (of one work item type when given), ascending.</summary>
    public static IReadOnlyList<DateOnly> Completions(FlowAnalysis analysis, StreamDefinition stream, string? type = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return type is null
            ? analysis.CompletionDates
            : [.. analysis.Items
                .Where(i => i.State == ItemState.Done && i.Done is not null && string.Equals(i.Type, type, StringComparison.OrdinalIgnoreCase))
                .Select(i => StreamCalendar.DayOf(stream, i.Done!.Value))
                .Order()];
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

        var completions = Completions(analysis, stream, type);
        var sampling = Sampling(stream, settings);
        var sample = ForecastSampling.From(analysis, sampling, completions: completions);
        var request = WhenRequest.Items(n, deadline);
        var options = Options(stream, settings, progress);
        if (settings?.Calibrate == false)
        {
            return new WhenAnswer(n, items is null, type, sample, Forecaster.When(sample, request, options, ct));
        }

        var (forecast, calibration) = SelfCalibration.When(
            CompletionHistory.FromDates(completions), sample, request, sampling, options, new CalibrationOptions(), ct);
        return new WhenAnswer(n, items is null, type, sample, forecast, calibration);
    }

    /// <summary>How many items will be done from tomorrow up to and including <paramref name="by"/>? Calibrated unless the settings say not.</summary>
    public static HowManyForecast HowMany(
        FlowAnalysis analysis, StreamDefinition stream, DateOnly by, ForecastSettings? settings, IProgress<double>? progress = null, CancellationToken ct = default) =>
        HowManyCalibrated(analysis, stream, by, settings, progress, ct).Forecast;

    /// <summary>How many items by <paramref name="by"/>, with what self-calibration did (null when it was off).</summary>
    public static (HowManyForecast Forecast, ForecastCalibration? Calibration) HowManyCalibrated(
        FlowAnalysis analysis, StreamDefinition stream, DateOnly by, ForecastSettings? settings, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var completions = Completions(analysis, stream);
        var sampling = Sampling(stream, settings);
        var sample = ForecastSampling.From(analysis, sampling, completions: completions);
        var options = Options(stream, settings, progress);
        if (settings?.Calibrate == false)
        {
            return (Forecaster.HowMany(sample, by, options, ct), null);
        }

        var (forecast, calibration) = SelfCalibration.HowMany(CompletionHistory.FromDates(completions), sample, by, sampling, options, new CalibrationOptions(), ct);
        return (forecast, calibration);
    }

    /// <summary>
    /// The weekly report's two forecasts (<see cref="Reporting.Streams.StreamReportRequest.Forecaster"/>): "when" for the
    /// open backlog and "how many by", through the same use cases as the CLI and the API, with the report's trials, seed,
    /// sampling days and threads and the stream's model, calibrated.
    /// </summary>
    public static Reporting.Streams.ReportForecastAnswers ForReport(
        Reporting.Streams.StreamReportRequest request, FlowAnalysis trailing, DateOnly deadline, DateOnly by)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(trailing);
        var settings = new ForecastSettings
        {
            Trials = request.ForecastTrials,
            Seed = request.ForecastSeed,
            Window = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{request.SamplingDays}d"),
            MaxDegreeOfParallelism = request.MaxDegreeOfParallelism,
        };
        var when = When(trailing, request.Stream, null, null, deadline, settings);
        var (howMany, howManyCalibration) = HowManyCalibrated(trailing, request.Stream, by, settings);
        return new Reporting.Streams.ReportForecastAnswers(
            when?.Sample ?? Sample(trailing, request.Stream, settings), when?.Forecast, when?.Calibration, howMany, howManyCalibration);
    }
}
