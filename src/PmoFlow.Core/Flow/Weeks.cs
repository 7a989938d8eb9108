using System.Globalization;

namespace PmoFlow.Core.Flow;

/// <summary>Week bucketing: ISO weeks (Monday to Sunday) or weeks ending on a configured weekday.</summary>
public static class Weeks
{
    /// <summary>The last day of the week holding <paramref name="date"/>, for weeks ending on <paramref name="weekEndsOn"/>.</summary>
    public static DateOnly WeekEnd(DateOnly date, DayOfWeek weekEndsOn) =>
        date.AddDays(((int)weekEndsOn - (int)date.DayOfWeek + 7) % 7);

    /// <summary>The first day of that week (six days before its end).</summary>
    public static DateOnly WeekStart(DateOnly date, DayOfWeek weekEndsOn) => WeekEnd(date, weekEndsOn).AddDays(-6);

    /// <summary>The ISO 8601 week label (e.g. <c>2024-W13</c>) of a date.</summary>
    public static string IsoLabel(DateOnly date)
    {
        var dt = date.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(dt)}-W{ISOWeek.GetWeekOfYear(dt):00}");
    }
}
