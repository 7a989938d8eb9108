namespace PmoFlow.Core.Simulation;

/// <summary>
/// The sample's public holidays: the bank holidays of England and Wales (the sample's teams work in
/// Europe/London), computed for any year. New Year's Day, Christmas Day and Boxing Day falling on a weekend move
/// to the next working day(s); Good Friday and Easter Monday follow Easter Sunday (Gregorian computus).
/// </summary>
/// <remarks>
/// One-off holidays proclaimed for a single year (e.g. a coronation) are not included: the rule is the regular
/// calendar, which is what a forecast needs for dates years ahead.
/// </remarks>
public static class SampleHolidays
{
    /// <summary>Every bank holiday of the years <paramref name="fromYear"/>..<paramref name="toYear"/> (both included), in date order.</summary>
    public static IReadOnlyList<DateOnly> EnglandAndWales(int fromYear, int toYear) =>
        [.. EnglandAndWalesNamed(fromYear, toYear).Select(h => h.Date)];

    /// <summary>The bank holidays of <see cref="EnglandAndWales"/> with their names ("Christmas Day", "Easter Monday", ...), in date order.</summary>
    public static IReadOnlyList<Model.Holiday> EnglandAndWalesNamed(int fromYear, int toYear)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fromYear, toYear);
        var days = new List<Model.Holiday>();
        for (var year = fromYear; year <= toYear; year++)
        {
            var easter = EasterSunday(year);
            days.Add(new(NextWeekday(new DateOnly(year, 1, 1)), "New Year's Day"));
            days.Add(new(easter.AddDays(-2), "Good Friday"));
            days.Add(new(easter.AddDays(1), "Easter Monday"));
            days.Add(new(FirstMonday(year, 5), "Early May bank holiday"));
            days.Add(new(LastMonday(year, 5), "Spring bank holiday"));
            days.Add(new(LastMonday(year, 8), "Summer bank holiday"));
            var christmas = NextWeekday(new DateOnly(year, 12, 25));
            days.Add(new(christmas, "Christmas Day"));
            days.Add(new(NextWeekday(christmas.AddDays(1)), "Boxing Day"));
        }

        return days;
    }

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static DateOnly NextWeekday(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(2),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    private static DateOnly FirstMonday(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays(((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7);
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)DayOfWeek.Monday + 7) % 7));
    }
}
