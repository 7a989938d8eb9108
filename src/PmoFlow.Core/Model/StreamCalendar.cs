using System.Globalization;
using PmoFlow.Core.Flow;

namespace PmoFlow.Core.Model;

/// <summary>
/// A stream's calendar: where its local days start and end across daylight-saving changes, the local date of an
/// instant, its weeks, and how a date, an as-of or a week typed by a user is read. The one home of these rules:
/// every door (CLI, API, report, job) and the flow analysis use it.
/// </summary>
/// <remarks>
/// <para>
/// A local day D is the interval [start of D, start of D+1). It starts at the first instant whose wall-clock date in
/// the zone is D: local midnight; where a clock change skips midnight (e.g. America/Santiago in September,
/// Asia/Beirut in March), the instant of the change; where midnight happens twice (America/Santiago in April), its
/// first occurrence. A day ends one tick before the next one starts.
/// </para>
/// <para>
/// Dates typed by users: <c>yyyy-MM-dd</c>, <c>today</c>, <c>yesterday</c>, <c>tomorrow</c>, or a signed offset from
/// today in days, weeks, months or years (<c>+12w</c>, <c>-30d</c>, <c>+3m</c>, <c>-1y</c>). An as-of is such a date
/// (the end of that local day) or an ISO 8601 instant with an offset. A week is a date in it, an ISO week
/// (<c>2026-W05</c>), <c>last</c> (the last complete week) or <c>this</c>.
/// </para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
/// <param name="Zone">The stream's time zone.</param>
/// <param name="WeekEndsOn">The last day of the stream's weeks (Sunday: ISO weeks).</param>
public sealed record StreamCalendar(TimeZoneInfo Zone, DayOfWeek WeekEndsOn = DayOfWeek.Sunday)
{
    /// <summary>The calendar of UTC days and ISO weeks.</summary>
    public static StreamCalendar Utc { get; } = new(TimeZoneInfo.Utc);

    /// <summary>The calendar of a stream: its zone and the weekday its weeks end on.</summary>
    public static StreamCalendar Of(StreamDefinition stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new StreamCalendar(stream.TimeZone, stream.Options.WeekEndsOn);
    }

    /// <summary>The first instant of local day <paramref name="day"/> (see the remarks), with the zone's offset at that instant.</summary>
    public DateTimeOffset StartOfDay(DateOnly day)
    {
        var utc = StartOfDayUtcTicks(day.DayNumber, Zone);
        return new DateTimeOffset(utc, TimeSpan.Zero).ToOffset(Zone.GetUtcOffset(new DateTime(utc, DateTimeKind.Utc)));
    }

    /// <summary>The last instant of local day <paramref name="day"/>: one tick before the next day starts.</summary>
    public DateTimeOffset EndOfDay(DateOnly day)
    {
        var utc = StartOfDayUtcTicks(day.DayNumber + 1, Zone) - 1;
        return new DateTimeOffset(utc, TimeSpan.Zero).ToOffset(Zone.GetUtcOffset(new DateTime(utc, DateTimeKind.Utc)));
    }

    /// <summary>The local date of an instant: its wall-clock date in the zone.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDayNumber(WallDay(instant.UtcTicks, Zone));

    /// <summary>
    /// The day an event instant falls on under the stream's time-resolution switch: its wall-clock date as recorded
    /// (<see cref="TimeResolution.WallClockDate"/>), else its local date in the stream's zone.
    /// </summary>
    public static DateOnly DayOf(StreamDefinition stream, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Options.TimeResolution == TimeResolution.WallClockDate
            ? DateOnly.FromDateTime(instant.DateTime)
            : new StreamCalendar(stream.TimeZone).DateOf(instant);
    }

    /// <summary>The last day of the week holding <paramref name="day"/>.</summary>
    public DateOnly WeekEnd(DateOnly day) => Weeks.WeekEnd(day, WeekEndsOn);

    /// <summary>The first day of the week holding <paramref name="day"/>.</summary>
    public DateOnly WeekStart(DateOnly day) => Weeks.WeekStart(day, WeekEndsOn);

    /// <summary>
    /// The label of the week holding <paramref name="day"/>: its ISO week ("2024-W05") when weeks end on Sunday, else
    /// "week ending 2024-02-02".
    /// </summary>
    public string WeekLabel(DateOnly day) => WeekEndsOn == DayOfWeek.Sunday
        ? Weeks.IsoLabel(WeekStart(day))
        : string.Create(CultureInfo.InvariantCulture, $"week ending {WeekEnd(day):yyyy-MM-dd}");

    /// <summary>The last complete week before the one holding <paramref name="today"/>: a day inside it (its last).</summary>
    public DateOnly LastCompleteWeek(DateOnly today) => WeekStart(today).AddDays(-1);

    /// <summary>
    /// Reads a date typed by a user (see the remarks of <see cref="StreamCalendar"/>), relative forms counted from
    /// <paramref name="today"/>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="today">Today in the stream's zone.</param>
    /// <param name="what">What the date is, for the message (e.g. <c>--deadline</c>).</param>
    /// <exception cref="DateInputException">The text is not such a date.</exception>
    public static DateOnly ParseDate(string text, DateOnly today, string what = "date") =>
        TryParseDate(text, today, out var date)
            ? date
            : throw new DateInputException(
                $"{what} '{text}' is not a date: use yyyy-MM-dd, today, yesterday, tomorrow, or an offset from today such as +12w, -30d, +3m, -1y.");

    /// <summary>Reads a date typed by a user; false when the text is not one.</summary>
    public static bool TryParseDate(string? text, DateOnly today, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim();
        if (DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        switch (t.ToLowerInvariant())
        {
            case "today":
                date = today;
                return true;
            case "yesterday":
                date = today.AddDays(-1);
                return true;
            case "tomorrow":
                date = today.AddDays(1);
                return true;
        }

        if (t.Length < 3 || t[0] is not ('+' or '-')
            || !int.TryParse(t.AsSpan(1, t.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || n > 100_000)
        {
            return false;
        }

        var sign = t[0] == '-' ? -1 : 1;
        try
        {
            date = char.ToLowerInvariant(t[^1]) switch
            {
                'd' => today.AddDays(sign * n),
                'w' => today.AddDays(sign * n * 7),
                'm' => today.AddMonths(sign * n),
                'y' => today.AddYears(sign * n),
                _ => throw new FormatException(),
            };
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads an as-of typed by a user: a date (the end of that local day), a relative date (the end of that day, e.g.
    /// <c>-1w</c>), <c>now</c>, or an ISO 8601 instant; null or empty means <paramref name="now"/>.
    /// </summary>
    /// <param name="text">The text, or null.</param>
    /// <param name="now">The current instant (the host's clock).</param>
    /// <param name="what">What is parsed, for the message.</param>
    /// <exception cref="DateInputException">The text is neither.</exception>
    public DateTimeOffset ParseAsOf(string? text, DateTimeOffset now, string what = "--as-of")
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return now.ToUniversalTime();
        }

        if (TryParseDate(text, DateOf(now), out var date))
        {
            return EndOfDay(date).ToUniversalTime();
        }

        var trimmed = text.Trim();
        if (trimmed.Length > 10 && trimmed[10] is 'T' or 't' or ' '
            && DateOnly.TryParseExact(trimmed.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.ToUniversalTime();
        }

        throw new DateInputException(
            $"{what} '{text}' is neither a date (yyyy-MM-dd, today, -1w, ...) nor an ISO 8601 instant (e.g. 2026-02-05T08:00:00Z).");
    }

    /// <summary>
    /// Reads a week typed by a user and returns a day inside it: a date or relative date in the week, an ISO week
    /// (<c>2026-W05</c>), <c>last</c> (the last complete week before today's) or <c>this</c>; null means <c>last</c>.
    /// </summary>
    /// <exception cref="DateInputException">The text is none of these.</exception>
    public DateOnly ParseWeek(string? text, DateOnly today, string what = "--week")
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("last", StringComparison.OrdinalIgnoreCase))
        {
            return LastCompleteWeek(today);
        }

        var t = text.Trim();
        if (t.Equals("this", StringComparison.OrdinalIgnoreCase))
        {
            return today;
        }

        if (TryParseDate(t, today, out var day) || TryParseIsoWeek(t, out day))
        {
            return day;
        }

        throw new DateInputException($"{what} '{text}' is not a week: use last, this, a date in the week (yyyy-MM-dd or -1w) or an ISO week (yyyy-Www).");
    }

    /// <summary>Reads an ISO week (<c>2026-W05</c>) and returns its Monday.</summary>
    public static bool TryParseIsoWeek(string? text, out DateOnly monday)
    {
        monday = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim();
        if (t.Length is 8 or 7 && t[4] == '-' && t[5] is 'W' or 'w'
            && int.TryParse(t.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(t.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            && year is >= 1 and <= 9998 && week >= 1 && week <= ISOWeek.GetWeeksInYear(year))
        {
            monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
            return true;
        }

        return false;
    }

    /// <summary>
    /// The first UTC instant (in ticks) whose wall-clock date in <paramref name="zone"/> is day number
    /// <paramref name="dayNumber"/> (see the remarks of <see cref="StreamCalendar"/>).
    /// </summary>
    internal static long StartOfDayUtcTicks(int dayNumber, TimeZoneInfo zone)
    {
        var localMidnight = (long)dayNumber * TimeSpan.TicksPerDay;
        var local = new DateTime(localMidnight, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            // Midnight happens twice: its first occurrence is the one with the larger offset (before the clock goes back).
            return localMidnight - zone.GetAmbiguousTimeOffsets(local).Max().Ticks;
        }

        if (!zone.IsInvalidTime(local))
        {
            return localMidnight - zone.GetUtcOffset(local).Ticks;
        }

        // Midnight is skipped: the day starts at the change, the first instant whose wall-clock date is the day.
        var lo = localMidnight - (18 * TimeSpan.TicksPerHour);
        var hi = localMidnight + (18 * TimeSpan.TicksPerHour);
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (WallDay(mid, zone) >= dayNumber)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary>The wall-clock day number of a UTC instant in <paramref name="zone"/>.</summary>
    internal static int WallDay(long utcTicks, TimeZoneInfo zone)
    {
        var clamped = Math.Clamp(utcTicks, TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay);
        var offset = zone.GetUtcOffset(new DateTime(clamped, DateTimeKind.Utc)).Ticks;
        return (int)((clamped + offset) / TimeSpan.TicksPerDay);
    }
}

/// <summary>A date, as-of, week or window typed by a user that cannot be read; the message says what is accepted.</summary>
public sealed class DateInputException : ArgumentException
{
    /// <summary>Creates the exception with its message.</summary>
    public DateInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DateInputException()
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public DateInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
