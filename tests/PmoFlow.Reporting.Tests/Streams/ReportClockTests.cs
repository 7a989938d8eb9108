using PmoFlow.Reporting.Streams;

namespace PmoFlow.Reporting.Tests.Streams;

public class ReportClockTests
{
    [Theory]
    [InlineData("2024-01-31", "2024-01-29", "2024-02-04", "2024-W05")]
    [InlineData("2024-W05", "2024-01-29", "2024-02-04", "2024-W05")]
    [InlineData("2021-01-03", "2020-12-28", "2021-01-03", "2020-W53")] // a Sunday that belongs to the previous ISO year
    [InlineData("2020-W53", "2020-12-28", "2021-01-03", "2020-W53")]
    public void WeekOf_DateOrIsoWeek_TheIsoWeekHoldingIt(string text, string from, string to, string label)
    {
        Assert.True(ReportClock.TryParseWeek(text, out var day));
        var week = ReportClock.WeekOf(day);
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to), label), (week.From, week.To, week.Label));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-W54")]
    [InlineData("2021-W53")] // 2021 has 52 ISO weeks
    [InlineData("31/01/2024")]
    [InlineData("2024-W5x")]
    public void TryParseWeek_NotADateOrWeek_False(string text) => Assert.False(ReportClock.TryParseWeek(text, out _));

    [Fact]
    public void WeekOf_WeeksEndingOnFriday_SaturdayToFriday()
    {
        var week = ReportClock.WeekOf(new DateOnly(2024, 1, 31), DayOfWeek.Friday);
        Assert.Equal((new DateOnly(2024, 1, 27), new DateOnly(2024, 2, 2), "week ending 2024-02-02"), (week.From, week.To, week.Label));
    }

    [Fact]
    public void EndOfDay_LondonClocksGoForward_TheDayHas23Hours()
    {
        // 31 March 2024: London moves from GMT to BST at 01:00 UTC. The day starts at 00:00Z and ends at 23:00Z.
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        Assert.Equal(new DateTimeOffset(2024, 3, 31, 0, 0, 0, TimeSpan.Zero), ReportClock.StartOfDay(new DateOnly(2024, 3, 31), london));
        Assert.Equal(new DateTimeOffset(2024, 3, 31, 23, 0, 0, TimeSpan.Zero).AddTicks(-1), ReportClock.EndOfDay(new DateOnly(2024, 3, 31), london));
    }

    [Fact]
    public void StartOfDay_MidnightSkipped_FirstValidLocalTime()
    {
        // Santiago (America/Santiago) moved clocks forward at local midnight on 2023-09-03: 00:00 became 01:00 (-03:00).
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var start = ReportClock.StartOfDay(new DateOnly(2023, 9, 3), santiago);
        Assert.Equal(new DateTimeOffset(2023, 9, 3, 4, 0, 0, TimeSpan.Zero), start.ToUniversalTime());
    }
}
