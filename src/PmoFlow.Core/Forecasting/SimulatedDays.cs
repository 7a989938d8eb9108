using PmoFlow.Core.Model;

namespace PmoFlow.Core.Forecasting;

/// <summary>The simulated working days: index 0 is today, index k the k-th working day after today.</summary>
internal sealed class SimulatedDays
{
    private SimulatedDays(DateOnly[] days, DateOnly horizonEnd)
    {
        Days = days;
        HorizonEnd = horizonEnd;
    }

    /// <summary>Today at index 0, then every working day up to and including the horizon's end.</summary>
    public DateOnly[] Days { get; }

    /// <summary>The last calendar date simulated (included).</summary>
    public DateOnly HorizonEnd { get; }

    /// <summary>The number of simulated working days (K).</summary>
    public int Count => Days.Length - 1;

    public static SimulatedDays Build(DateOnly today, WorkingCalendar calendar, int horizonYears) =>
        Until(today, calendar, today.AddYears(horizonYears));

    /// <summary>Today at index 0, then every working day up to and including <paramref name="end"/>.</summary>
    public static SimulatedDays Until(DateOnly today, WorkingCalendar calendar, DateOnly end)
    {
        end = end < today ? today : end;
        var days = new List<DateOnly>((end.DayNumber - today.DayNumber) + 1) { today };
        for (var d = today.AddDays(1); d <= end; d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d))
            {
                days.Add(d);
            }
        }

        return new SimulatedDays([.. days], end);
    }

    /// <summary>Working days from tomorrow to <paramref name="date"/>, both included (0 when the date is today or earlier).</summary>
    public int IndexOnOrBefore(DateOnly date)
    {
        if (date < Days[0])
        {
            return 0;
        }

        var i = Array.BinarySearch(Days, date);
        return i >= 0 ? i : ~i - 1;
    }
}
