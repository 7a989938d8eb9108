using PmoFlow.Core.Model;

namespace PmoFlow.Core.Tests.Model;

/// <summary>The stream calendar against hand-worked days (IANA rules as of 2024) and typed dates.</summary>
public class StreamCalendarTests
{
    private static StreamCalendar In(string zone) => new(TimeZoneInfo.FindSystemTimeZoneById(zone));

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void StartOfDay_LondonClocksGoForwardAt0100Utc_TheDayHas23Hours()
    {
        // 31 March 2024: London moves from GMT to BST at 01:00 UTC. The day runs 00:00Z .. 23:00Z.
        var london = In("Europe/London");
        var day = new DateOnly(2024, 3, 31);
        Assert.Equal(Utc("2024-03-31T00:00:00Z"), london.StartOfDay(day));
        Assert.Equal(Utc("2024-03-31T23:00:00Z").AddTicks(-1), london.EndOfDay(day));
        Assert.Equal(TimeSpan.FromHours(23), london.StartOfDay(day.AddDays(1)) - london.StartOfDay(day));
    }

    [Fact]
    public void StartOfDay_BerlinClocksGoBackAt0300Local_TheDayHas25Hours()
    {
        // 27 October 2024: Berlin goes from +02:00 to +01:00 at 03:00 local (01:00 UTC).
        var berlin = In("Europe/Berlin");
        var day = new DateOnly(2024, 10, 27);
        Assert.Equal(Utc("2024-10-26T22:00:00Z"), berlin.StartOfDay(day));
        Assert.Equal(Utc("2024-10-27T23:00:00Z"), berlin.StartOfDay(day.AddDays(1)));
        Assert.Equal(TimeSpan.FromHours(2), berlin.StartOfDay(day).Offset);
    }

    [Fact]
    public void StartOfDay_SantiagoSkipsMidnight_TheDayStartsAtTheChange()
    {
        // 3 September 2023: Santiago's clocks went from 00:00 -04:00 straight to 01:00 -03:00 (04:00 UTC).
        var santiago = In("America/Santiago");
        var day = new DateOnly(2023, 9, 3);
        Assert.Equal(Utc("2023-09-03T04:00:00Z"), santiago.StartOfDay(day));
        Assert.Equal(TimeSpan.FromHours(-3), santiago.StartOfDay(day).Offset);
        Assert.Equal(new DateOnly(2023, 9, 2), santiago.DateOf(Utc("2023-09-03T03:59:59Z")));
        Assert.Equal(day, santiago.DateOf(Utc("2023-09-03T04:00:00Z")));
        Assert.Equal(TimeSpan.FromHours(23), santiago.StartOfDay(day.AddDays(1)) - santiago.StartOfDay(day));
    }

    [Fact]
    public void StartOfDay_SantiagoGoesBackAtMidnight_TheDayBeforeHas25Hours()
    {
        // 6 April 2024 24:00 -03:00 (03:00 UTC) Santiago went back to 23:00 -04:00; 7 April starts at 00:00 -04:00 (04:00 UTC).
        var santiago = In("America/Santiago");
        Assert.Equal(Utc("2024-04-07T04:00:00Z"), santiago.StartOfDay(new DateOnly(2024, 4, 7)));
        Assert.Equal(Utc("2024-04-07T04:00:00Z").AddTicks(-1), santiago.EndOfDay(new DateOnly(2024, 4, 6)));
        Assert.Equal(TimeSpan.FromHours(25), santiago.StartOfDay(new DateOnly(2024, 4, 7)) - santiago.StartOfDay(new DateOnly(2024, 4, 6)));
    }

    [Fact]
    public void StartOfDay_HavanaRepeatsMidnight_TheFirstOccurrence()
    {
        // 3 November 2024: Havana went back from 01:00 -04:00 to 00:00 -05:00, so local midnight happened at 04:00 UTC and at 05:00 UTC.
        var havana = In("America/Havana");
        var day = new DateOnly(2024, 11, 3);
        Assert.Equal(Utc("2024-11-03T04:00:00Z"), havana.StartOfDay(day));
        Assert.Equal(TimeSpan.FromHours(-4), havana.StartOfDay(day).Offset);
        Assert.Equal(Utc("2024-11-03T04:00:00Z").AddTicks(-1), havana.EndOfDay(day.AddDays(-1)));
        Assert.Equal(TimeSpan.FromHours(25), havana.StartOfDay(day.AddDays(1)) - havana.StartOfDay(day));
    }

    [Fact]
    public void StartOfDay_BeirutSkipsMidnight_TheDayStartsAtOneOClock()
    {
        // 31 March 2024: Beirut went from 00:00 +02:00 to 01:00 +03:00 (22:00 UTC on the 30th).
        var beirut = In("Asia/Beirut");
        Assert.Equal(Utc("2024-03-30T22:00:00Z"), beirut.StartOfDay(new DateOnly(2024, 3, 31)));
        Assert.Equal(TimeSpan.FromHours(3), beirut.StartOfDay(new DateOnly(2024, 3, 31)).Offset);
    }

    [Fact]
    public void EveryDay_StartsWhereThePreviousEnds_AcrossFiveYearsOfSantiago()
    {
        var santiago = In("America/Santiago");
        for (var d = new DateOnly(2020, 1, 1); d < new DateOnly(2025, 1, 1); d = d.AddDays(1))
        {
            var start = santiago.StartOfDay(d);
            Assert.Equal(start, santiago.EndOfDay(d.AddDays(-1)).AddTicks(1));
            Assert.Equal(d, santiago.DateOf(start));
            Assert.Equal(d.AddDays(-1), santiago.DateOf(start.AddTicks(-1)));
        }
    }

    [Theory]
    [InlineData("2026-03-31", "2026-03-31")]
    [InlineData("today", "2026-12-04")]
    [InlineData("yesterday", "2026-12-03")]
    [InlineData("tomorrow", "2026-12-05")]
    [InlineData("+12w", "2027-02-26")]
    [InlineData("-30d", "2026-11-04")]
    [InlineData("+3m", "2027-03-04")]
    [InlineData("-1y", "2025-12-04")]
    public void ParseDate_AbsoluteOrRelativeToToday(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), StreamCalendar.ParseDate(text, new DateOnly(2026, 12, 4)));

    [Theory]
    [InlineData("1/2/2025")]
    [InlineData("2025-13-01")]
    [InlineData("+12x")]
    [InlineData("12w")]
    [InlineData("")]
    public void ParseDate_NotADate_SaysWhatIsAccepted(string text)
    {
        var ex = Assert.Throws<DateInputException>(() => StreamCalendar.ParseDate(text, new DateOnly(2026, 12, 4), "--deadline"));
        Assert.Contains("--deadline", ex.Message);
        Assert.Contains("+12w", ex.Message);
    }

    [Fact]
    public void ParseAsOf_DateMeansTheEndOfThatLocalDay_InstantAsGiven_RelativeFromToday()
    {
        var london = In("Europe/London");
        var now = Utc("2026-12-04T10:00:00Z");
        Assert.Equal(Utc("2026-07-01T23:00:00Z").AddTicks(-1), london.ParseAsOf("2026-07-01", now)); // BST: the day ends at 23:00 UTC
        Assert.Equal(Utc("2026-11-27T23:59:59Z").AddTicks(9_999_999), london.ParseAsOf("-1w", now));
        Assert.Equal(Utc("2026-02-05T07:00:00Z"), london.ParseAsOf("2026-02-05T08:00:00+01:00", now));
        Assert.Equal(now, london.ParseAsOf(null, now));
        Assert.Equal(now, london.ParseAsOf("now", now));
        Assert.Throws<DateInputException>(() => london.ParseAsOf("1/2/2025 10:00 +01:00", now));
    }

    [Theory]
    [InlineData("2024-01-31", "2024-01-29", "2024-02-04", "2024-W05")]
    [InlineData("2024-W05", "2024-01-29", "2024-02-04", "2024-W05")]
    [InlineData("2021-01-03", "2020-12-28", "2021-01-03", "2020-W53")] // a Sunday that belongs to the previous ISO year
    [InlineData("2020-W53", "2020-12-28", "2021-01-03", "2020-W53")]
    [InlineData("last", "2026-11-23", "2026-11-29", "2026-W48")]
    [InlineData("this", "2026-11-30", "2026-12-06", "2026-W49")]
    [InlineData("-2w", "2026-11-16", "2026-11-22", "2026-W47")]
    public void ParseWeek_DateIsoWeekOrWord_TheWeekHoldingIt(string text, string from, string to, string label)
    {
        var calendar = StreamCalendar.Utc;
        var day = calendar.ParseWeek(text, new DateOnly(2026, 12, 4));
        Assert.Equal(
            (DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), label),
            (calendar.WeekStart(day), calendar.WeekEnd(day), calendar.WeekLabel(day)));
    }

    [Theory]
    [InlineData("2024-W54")]
    [InlineData("2021-W53")] // 2021 has 52 ISO weeks
    [InlineData("31/01/2024")]
    [InlineData("2024-W5x")]
    public void ParseWeek_NotAWeek_Refused(string text) =>
        Assert.Throws<DateInputException>(() => StreamCalendar.Utc.ParseWeek(text, new DateOnly(2026, 12, 4)));

    [Fact]
    public void WeeksEndingOnFriday_SaturdayToFriday()
    {
        var calendar = new StreamCalendar(TimeZoneInfo.Utc, DayOfWeek.Friday);
        var day = new DateOnly(2024, 1, 31);
        Assert.Equal((new DateOnly(2024, 1, 27), new DateOnly(2024, 2, 2), "week ending 2024-02-02"),
            (calendar.WeekStart(day), calendar.WeekEnd(day), calendar.WeekLabel(day)));
    }
}
