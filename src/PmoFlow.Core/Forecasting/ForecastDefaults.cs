using System.Globalization;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Forecasting;

/// <summary>
/// The defaults every door's forecast uses (CLI, API, report, jobs, portfolio): trials, seed, the sampling window and
/// how a window typed by a user is read. The one home of these values.
/// </summary>
public static class ForecastDefaults
{
    /// <summary>Monte Carlo trials when none are asked for.</summary>
    public const int Trials = 10_000;

    /// <summary>The seed when none is given, so runs without one are still reproducible.</summary>
    public const ulong Seed = ForecastOptions.DefaultSeed;

    /// <summary>Days in the default throughput sampling window.</summary>
    public const int SamplingDays = 90;

    /// <summary>The default window text (<c>90d</c>).</summary>
    public const string WindowText = "90d";

    /// <summary>The default sampling window of a stream: the last 90 days, anchored as the stream's conventions say.</summary>
    public static ThroughputWindow Window(FlowOptions options, int days = SamplingDays)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ThroughputAnchor == ThroughputAnchor.LastCompletion
            ? ThroughputWindow.AnchoredAtLastCompletion(days)
            : ThroughputWindow.LastDays(days);
    }

    /// <summary>The sampling options of a stream: its default (or given) window and its working calendar.</summary>
    public static SamplingOptions Sampling(StreamDefinition stream, ThroughputWindow? window = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new SamplingOptions { Window = window ?? Window(stream.Options), Calendar = stream.Calendar };
    }

    /// <summary>
    /// Reads a window typed by a user: <c>90d</c> (the last N days, anchored as the stream's conventions say),
    /// <c>all</c>, or <c>yyyy-MM-dd..yyyy-MM-dd</c>.
    /// </summary>
    /// <exception cref="DateInputException">The text is none of these.</exception>
    public static ThroughputWindow ParseWindow(string? spec, FlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(spec))
        {
            return Window(options);
        }

        spec = spec.Trim();
        if (spec.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return ThroughputWindow.AllHistory;
        }

        var range = spec.Split("..", 2);
        if (range.Length == 2
            && DateOnly.TryParseExact(range[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f)
            && DateOnly.TryParseExact(range[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return ThroughputWindow.Range(f, t);
        }

        if (spec.EndsWith('d') && int.TryParse(spec[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days > 0)
        {
            return Window(options, days);
        }

        throw new DateInputException($"--window '{spec}' must be like 90d, all, or 2025-01-01..2025-03-31.");
    }
}
