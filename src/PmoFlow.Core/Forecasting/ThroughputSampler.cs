using System.Globalization;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Forecasting;

/// <summary>Builds throughput samples (daily completed counts) from completion dates (METRICS.md §4).</summary>
/// <remarks>Pure and thread-safe: "today" is a parameter, no clock is read.</remarks>
public static class ThroughputSampler
{
    /// <summary>
    /// Daily completed counts over the window: zero days included, non-working days left out.
    /// </summary>
    /// <param name="completionDates">Local dates of Done (one per completed item, any order); dates on or after <paramref name="today"/> are ignored.</param>
    /// <param name="today">The day the forecast stands on; the window ends at the latest on the day before.</param>
    /// <param name="options">Window, calendar and warning thresholds (defaults when null).</param>
    /// <returns>The sample; with no completions its <see cref="ThroughputSample.CannotForecastReason"/> says why.</returns>
    public static ThroughputSample Sample(IEnumerable<DateOnly> completionDates, DateOnly today, SamplingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(completionDates);
        options ??= new SamplingOptions();
        var calendar = options.Calendar;
        var window = options.Window;
        var lastFullDay = today.AddDays(-1);
        var known = completionDates.Where(d => d <= lastFullDay).ToList();

        DateOnly? from;
        DateOnly? to;
        switch (window.Kind)
        {
            case ThroughputWindowKind.LastDays:
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window.Days, nameof(options));
                from = today.AddDays(-window.Days);
                to = lastFullDay;
                break;
            case ThroughputWindowKind.AllHistory:
                from = known.Count == 0 ? null : known.Min();
                to = lastFullDay;
                break;
            case ThroughputWindowKind.DateRange:
                if (window.From is null || window.To is null || window.From > window.To)
                {
                    throw new ArgumentException("A date-range window needs From ≤ To.", nameof(options));
                }

                if (window.To >= today)
                {
                    throw new ArgumentException(
                        $"A date-range window must end before today ({today:yyyy-MM-dd}): today is not a full day yet.", nameof(options));
                }

                from = window.From;
                to = window.To;
                break;
            case ThroughputWindowKind.AnchoredAtLastCompletion:
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window.Days, nameof(options));
                to = known.Count == 0 ? null : known.Max();
                from = to?.AddDays(-(window.Days - 1));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), window.Kind, "Unknown window kind.");
        }

        if (from is null || to is null)
        {
            return new ThroughputSample
            {
                Today = today, Window = window, Dates = [], DailyCounts = [], Calendar = calendar,
                Warnings = [new ForecastWarning(ForecastWarningCode.EmptyWindow, "No completion to place the window on.")],
            };
        }

        var (dates, counts) = ForecastSampling.WithoutExcludedDates(
            Bucket(known, from.Value, to.Value, calendar, options.NonWorkingDayCompletions), options.ExcludedDates);
        var warnings = new List<ForecastWarning>();
        var total = counts.Sum();
        if (dates.Length == 0)
        {
            warnings.Add(new ForecastWarning(ForecastWarningCode.EmptyWindow,
                $"The window {from:yyyy-MM-dd}..{to:yyyy-MM-dd} holds no working day."));
        }
        else if (total < options.MinCompletions)
        {
            warnings.Add(new ForecastWarning(ForecastWarningCode.FewCompletions, string.Create(CultureInfo.InvariantCulture,
                $"Only {total} completions in {dates.Length} working days ({from:yyyy-MM-dd}..{to:yyyy-MM-dd}); at least {options.MinCompletions} are advised.")));
        }

        var shift = ThroughputShift.Detect(counts, options.ShiftRatio, options.ShiftMinT);
        if (shift is not null)
        {
            warnings.Add(new ForecastWarning(ForecastWarningCode.ThroughputShift, string.Create(CultureInfo.InvariantCulture,
                $"Throughput changed sharply inside the window: {shift.FirstMean:0.###}/day in the first half ({shift.FirstDays} days) vs {shift.SecondMean:0.###}/day in the second ({shift.SecondDays} days), Welch t = {shift.T:0.##}.")));
        }

        return new ThroughputSample
        {
            Today = today, Window = window, From = from, To = to, Dates = dates, DailyCounts = counts,
            Calendar = calendar, Warnings = warnings, Sampling = options.Sampling,
        };
    }

    private static (DateOnly[] Dates, int[] Counts) Bucket(
        List<DateOnly> known, DateOnly from, DateOnly to, WorkingCalendar calendar, NonWorkingDayCompletions policy)
    {
        var length = to.DayNumber - from.DayNumber + 1;
        if (length <= 0)
        {
            return ([], []);
        }

        var perDay = new int[length];
        foreach (var d in known)
        {
            var i = d.DayNumber - from.DayNumber;
            if (i >= 0 && i < length)
            {
                perDay[i]++;
            }
        }

        var dates = new List<DateOnly>(length);
        var counts = new List<int>(length);
        var carried = 0;
        for (var i = 0; i < length; i++)
        {
            var date = from.AddDays(i);
            if (!calendar.IsWorkingDay(date))
            {
                carried += perDay[i];
                continue;
            }

            dates.Add(date);
            counts.Add(perDay[i] + (policy == NonWorkingDayCompletions.MoveToNextWorkingDay ? carried : 0));
            carried = 0;
        }

        // Completions on non-working days after the window's last working day go back to that day rather than vanish.
        if (carried > 0 && counts.Count > 0 && policy == NonWorkingDayCompletions.MoveToNextWorkingDay)
        {
            counts[^1] += carried;
        }

        return ([.. dates], [.. counts]);
    }
}
