using System.Text.Json.Serialization;

namespace PmoFlow.Core.Forecasting;

/// <summary>The kinds of warning a forecast can carry.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ForecastWarningCode>))]
public enum ForecastWarningCode
{
    /// <summary>The window holds fewer completions than <see cref="SamplingOptions.MinCompletions"/>.</summary>
    FewCompletions = 0,

    /// <summary>Throughput changed sharply between the two halves of the window.</summary>
    ThroughputShift = 1,

    /// <summary>Some trials did not finish within the horizon (fewer than would hide a reported percentile).</summary>
    TrialsBeyondHorizon = 2,

    /// <summary>The window holds no working day.</summary>
    EmptyWindow = 3,
}

/// <summary>A warning attached to a sample or a forecast.</summary>
/// <param name="Code">Machine-readable kind.</param>
/// <param name="Message">Human-readable explanation with the figures behind it.</param>
public sealed record ForecastWarning(ForecastWarningCode Code, string Message);
