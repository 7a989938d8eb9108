using System.Text.Json.Serialization;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Forecasting;

/// <summary>
/// Daily completed counts over a sampling window: one count per working day, zero days included,
/// non-working days left out.
/// </summary>
/// <remarks>Immutable once built; safe to share between threads.</remarks>
public sealed record ThroughputSample
{
    /// <summary>"Today": the day the forecast stands on; simulated days start tomorrow.</summary>
    public required DateOnly Today { get; init; }

    /// <summary>The window used.</summary>
    public required ThroughputWindow Window { get; init; }

    /// <summary>First date of the window (included); null when the window could not be placed (no completions to anchor it).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last date of the window (included).</summary>
    public DateOnly? To { get; init; }

    /// <summary>The working days of the window, in date order.</summary>
    public required IReadOnlyList<DateOnly> Dates { get; init; }

    /// <summary>Completed items per working day, aligned with <see cref="Dates"/>.</summary>
    public required IReadOnlyList<int> DailyCounts { get; init; }

    /// <summary>The calendar of the samples and of the simulated days.</summary>
    [JsonIgnore]
    public WorkingCalendar Calendar { get; init; } = WorkingCalendar.EveryDay;

    /// <summary>Weekday and weekend pools instead of one pool (<see cref="ThroughputSampling.ByWeekday"/>): every forecast then runs daily Monte Carlo.</summary>
    public ThroughputSampling Sampling { get; init; } = ThroughputSampling.Pooled;

    /// <summary>Cycle times (days) each trial ("when" and "how many") first waits one of (a cold start); empty for none. See <see cref="ForecastSampling"/>.</summary>
    [JsonIgnore]
    public IReadOnlyList<double> ColdStartCycleTimes { get; init; } = [];

    /// <summary>Warnings about the sample (few completions, throughput shift).</summary>
    public IReadOnlyList<ForecastWarning> Warnings { get; init; } = [];

    /// <summary>Total completions in the window.</summary>
    public int Completions => DailyCounts.Sum();

    /// <summary>Why no forecast can be made from this sample, or null when one can.</summary>
    public string? CannotForecastReason => DailyCounts.Count == 0
        ? "The sampling window holds no working day."
        : Completions == 0
            ? $"The sampling window {From:yyyy-MM-dd}..{To:yyyy-MM-dd} ({DailyCounts.Count} working days) holds no completed item."
            : null;

    /// <summary>A compact summary recorded with a forecast run.</summary>
    public SampleSummary Summary() => SampleSummary.Of(this);

    /// <summary>Builds a sample directly from daily counts (one per working day) ending on the day before <paramref name="today"/>.</summary>
    /// <remarks>For tests, scenarios and callers that already hold daily counts; dates are the working days before today.</remarks>
    public static ThroughputSample FromDailyCounts(IReadOnlyList<int> dailyCounts, DateOnly today, WorkingCalendar? calendar = null)
    {
        ArgumentNullException.ThrowIfNull(dailyCounts);
        calendar ??= WorkingCalendar.EveryDay;
        if (dailyCounts.Any(c => c < 0))
        {
            throw new ArgumentException("Daily counts must not be negative.", nameof(dailyCounts));
        }

        var dates = new DateOnly[dailyCounts.Count];
        var d = today.AddDays(-1);
        for (var i = dates.Length - 1; i >= 0; i--)
        {
            while (!calendar.IsWorkingDay(d))
            {
                d = d.AddDays(-1);
            }

            dates[i] = d;
            d = d.AddDays(-1);
        }

        return new ThroughputSample
        {
            Today = today,
            Window = ThroughputWindow.LastDays(dates.Length == 0 ? 0 : today.DayNumber - dates[0].DayNumber),
            From = dates.Length == 0 ? null : dates[0],
            To = dates.Length == 0 ? null : dates[^1],
            Dates = dates,
            DailyCounts = [.. dailyCounts],
            Calendar = calendar,
        };
    }
}

/// <summary>The figures of a throughput sample recorded with a forecast run.</summary>
/// <param name="Window">The window kind and parameters.</param>
/// <param name="From">First date (included).</param>
/// <param name="To">Last date (included).</param>
/// <param name="WorkingDays">Number of working days (samples).</param>
/// <param name="Completions">Completed items in the window.</param>
/// <param name="MeanPerDay">Mean completions per working day.</param>
/// <param name="Min">Smallest daily count.</param>
/// <param name="Max">Largest daily count.</param>
/// <param name="ZeroDays">Working days with no completion.</param>
/// <param name="Calendar">The calendar: "every day" or its working weekdays and number of holidays.</param>
public sealed record SampleSummary(
    ThroughputWindow Window,
    DateOnly? From,
    DateOnly? To,
    int WorkingDays,
    int Completions,
    double MeanPerDay,
    int Min,
    int Max,
    int ZeroDays,
    string Calendar)
{
    internal static SampleSummary Of(ThroughputSample s)
    {
        var counts = s.DailyCounts;
        var calendar = s.Calendar.IsEveryDay
            ? "every day"
            : string.Join(",", s.Calendar.WorkingDays.Select(d => d.ToString()[..3])) + $"; {s.Calendar.Holidays.Count} holidays";
        return new SampleSummary(
            s.Window,
            s.From,
            s.To,
            counts.Count,
            s.Completions,
            counts.Count == 0 ? 0 : (double)s.Completions / counts.Count,
            counts.Count == 0 ? 0 : counts.Min(),
            counts.Count == 0 ? 0 : counts.Max(),
            counts.Count(c => c == 0),
            calendar);
    }
}
