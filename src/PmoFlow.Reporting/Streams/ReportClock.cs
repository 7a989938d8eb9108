using PmoFlow.Core.Flow;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Streams;

/// <summary>Periods and instants of a stream's calendar: weeks, the start of a local day, local dates of instants.</summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class ReportClock
{
    /// <summary>
    /// The week holding <paramref name="day"/>: an ISO week (Monday to Sunday, labelled "2024-W05") when weeks end on
    /// Sunday, else the week ending on <paramref name="weekEndsOn"/> (labelled "week ending 2024-02-02").
    /// </summary>
    public static ReportPeriod WeekOf(DateOnly day, DayOfWeek weekEndsOn = DayOfWeek.Sunday)
    {
        var end = Weeks.WeekEnd(day, weekEndsOn);
        var start = end.AddDays(-6);
        var label = weekEndsOn == DayOfWeek.Sunday ? Weeks.IsoLabel(start) : $"week ending {end:yyyy-MM-dd}";
        return new ReportPeriod(start, end, label);
    }

    /// <summary>The week before <paramref name="period"/>, labelled the same way.</summary>
    public static ReportPeriod PreviousWeek(ReportPeriod period, DayOfWeek weekEndsOn = DayOfWeek.Sunday)
    {
        ArgumentNullException.ThrowIfNull(period);
        return WeekOf(period.From.AddDays(-1), weekEndsOn);
    }

    /// <summary>
    /// The instant a local day starts in <paramref name="zone"/>. A midnight skipped by a daylight-saving change starts
    /// the day at the first valid local time after it; a repeated midnight at its first occurrence.
    /// </summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>The last instant (one tick before the next day starts) of a local day.</summary>
    public static DateTimeOffset EndOfDay(DateOnly day, TimeZoneInfo zone) => StartOfDay(day.AddDays(1), zone).AddTicks(-1);

    /// <summary>The local date of an instant in <paramref name="zone"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    /// <summary>Parses a week argument: a date (yyyy-MM-dd) or an ISO week (yyyy-Www); returns a date inside the week.</summary>
    /// <returns>False when the text is neither.</returns>
    public static bool TryParseWeek(string? text, out DateOnly day)
    {
        day = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day))
        {
            return true;
        }

        if (text.Length is 8 or 7 && (text[4] == '-') && (text[5] is 'W' or 'w')
            && int.TryParse(text.AsSpan(0, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            && int.TryParse(text.AsSpan(6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var week)
            && year is >= 1 and <= 9998 && week >= 1 && week <= System.Globalization.ISOWeek.GetWeeksInYear(year))
        {
            day = DateOnly.FromDateTime(System.Globalization.ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
            return true;
        }

        return false;
    }
}
