using PmoFlow.Core.Model;
using FsCheck;
using FsCheck.Fluent;
using PmoFlow.Jobs.Periods;

namespace PmoFlow.Jobs.Tests.Periods;

public sealed class ReportPeriodsTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Fact]
    public void ForFire_WeekWithSpringForward_Is167Hours()
    {
        // Monday 30 March 07:00 BST (06:00Z) reports ISO week 13: Monday 23 March 00:00 GMT (00:00Z)
        // to Monday 30 March 00:00 BST (29 March 23:00Z); the lost hour makes it 7 × 24 − 1 = 167 hours.
        var p = ReportPeriods.ForFire(PeriodGranularity.Week, London, At("2026-03-30T06:00:00Z"), null);

        Assert.Equal(new PublishPeriod("2026-W13", At("2026-03-23T00:00:00Z"), At("2026-03-29T23:00:00Z")), p);
        Assert.Equal(TimeSpan.FromHours(167), p.End - p.Start);
    }

    [Fact]
    public void ForFire_WeekWithFallBack_Is169Hours()
    {
        // Monday 26 October 07:00 GMT reports week 43: Monday 19 October 00:00 BST (18 October 23:00Z) to
        // Monday 26 October 00:00 GMT (00:00Z): 7 × 24 + 1 = 169 hours.
        var p = ReportPeriods.ForFire(PeriodGranularity.Week, London, At("2026-10-26T07:00:00Z"), null);

        Assert.Equal(new PublishPeriod("2026-W43", At("2026-10-18T23:00:00Z"), At("2026-10-26T00:00:00Z")), p);
        Assert.Equal(TimeSpan.FromHours(169), p.End - p.Start);
    }

    [Fact]
    public void ForFire_WeekAcrossNewYear_UsesIsoWeekYear()
    {
        // Monday 4 January 2027 reports the week of Monday 28 December 2026, ISO week 53 of 2026 (2026 starts on a Thursday).
        var p = ReportPeriods.ForFire(PeriodGranularity.Week, TimeZoneInfo.Utc, At("2027-01-04T07:00:00Z"), null);

        Assert.Equal(new PublishPeriod("2026-W53", At("2026-12-28T00:00:00Z"), At("2027-01-04T00:00:00Z")), p);
    }

    [Fact]
    public void ForFire_LateFireInTheSameWeek_ReportsTheSamePeriod()
    {
        // A misfired report that runs on Wednesday still reports the previous week.
        var onTime = ReportPeriods.ForFire(PeriodGranularity.Week, London, At("2026-03-30T06:00:00Z"), null);
        var late = ReportPeriods.ForFire(PeriodGranularity.Week, London, At("2026-04-01T15:00:00Z"), null);

        Assert.Equal(onTime, late);
    }

    [Fact]
    public void ForFire_DayOfSpringForward_Is23Hours()
    {
        // The snapshot fire at 00:30 BST on 30 March (29 March 23:30Z) covers 29 March: 00:00 GMT to 00:00 BST.
        var p = ReportPeriods.ForFire(PeriodGranularity.Day, London, At("2026-03-29T23:30:00Z"), null);

        Assert.Equal(new PublishPeriod("2026-03-29", At("2026-03-29T00:00:00Z"), At("2026-03-29T23:00:00Z")), p);
    }

    [Fact]
    public void ForFire_Month_IsThePreviousCalendarMonth()
    {
        var p = ReportPeriods.ForFire(PeriodGranularity.Month, London, At("2026-04-01T06:00:00Z"), null);

        Assert.Equal(new PublishPeriod("2026-03", At("2026-03-01T00:00:00Z"), At("2026-03-31T23:00:00Z")), p);
    }

    [Fact]
    public void ForFire_Schedule_SpansPreviousFireToThisFire()
    {
        var onSchedule = ReportPeriods.ForFire(PeriodGranularity.Schedule, TimeZoneInfo.Utc, At("2026-03-30T10:15:00Z"), "0 0/15 * * * ?");
        var manual = ReportPeriods.ForFire(PeriodGranularity.Schedule, TimeZoneInfo.Utc, At("2026-03-30T10:22:07.5Z"), "0 0/15 * * * ?");

        Assert.Equal(new PublishPeriod("20260330T101500Z", At("2026-03-30T10:00:00Z"), At("2026-03-30T10:15:00Z")), onSchedule);
        Assert.Equal(onSchedule, manual);
    }

    [Theory]
    [InlineData(PeriodGranularity.Day, "2026-03-29")]
    [InlineData(PeriodGranularity.Week, "2026-W13")]
    [InlineData(PeriodGranularity.Month, "2026-03")]
    [InlineData(PeriodGranularity.Schedule, "20260330T101500Z")]
    public void Parse_KeyOfForFire_RoundTrips(PeriodGranularity granularity, string key)
    {
        var p = ReportPeriods.Parse(key, granularity, London, "0 0/15 * * * ?");

        Assert.Equal(key, p.Key);
        Assert.Equal(p, ReportPeriods.ForFire(granularity, London, p.End, "0 0/15 * * * ?"));
    }

    [Theory]
    [InlineData(PeriodGranularity.Week, "2026-W54")]
    [InlineData(PeriodGranularity.Week, "2026-13")]
    [InlineData(PeriodGranularity.Day, "29/03/2026")]
    [InlineData(PeriodGranularity.Month, "2026-13")]
    [InlineData(PeriodGranularity.Schedule, "20260330T101600Z")]
    public void Parse_MalformedOrOffSchedule_Throws(PeriodGranularity granularity, string key)
    {
        Assert.Throws<FormatException>(() => ReportPeriods.Parse(key, granularity, London, "0 0/15 * * * ?"));
    }

    [Fact]
    public void ForFire_AnyInstant_PeriodEndsAtOrBeforeTheFireAndParsesBack()
    {
        var granularities = new[] { PeriodGranularity.Day, PeriodGranularity.Week, PeriodGranularity.Month };
        Prop.ForAll(
            Gen.Choose(0, 3 * 365 * 24 * 4).ToArbitrary(),
            Gen.Elements(granularities).ToArbitrary(),
            (quarterHours, granularity) =>
            {
                var fire = At("2025-01-01T00:00:00Z").AddMinutes(15 * quarterHours);
                var p = ReportPeriods.ForFire(granularity, London, fire, null);
                var next = ReportPeriods.ForFire(granularity, London, p.End, null);
                return p.Start < p.End
                    && p.End <= fire
                    && next == p
                    && ReportPeriods.Parse(p.Key, granularity, London, null) == p;
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void StartOf_MidnightSkippedByClockChange_IsTheFirstValidInstant()
    {
        // A zone at UTC−4 that springs forward at 00:00 on the first Sunday of September (00:00 → 01:00):
        // 6 September 2026 begins at 01:00 local (UTC−3) = 04:00Z, the same instant as the old midnight.
        var start = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 0, 0, 0), 9, 1, DayOfWeek.Sunday);
        var end = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 0, 0, 0), 4, 1, DayOfWeek.Sunday);
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1), start, end);
        var zone = TimeZoneInfo.CreateCustomTimeZone("Test/MidnightGap", TimeSpan.FromHours(-4), "gap", "std", "dst", [rule]);

        Assert.Equal(At("2026-09-06T04:00:00Z"), new StreamCalendar(zone).StartOfDay(new DateOnly(2026, 9, 6)).ToUniversalTime());
        Assert.Equal(At("2026-09-05T04:00:00Z"), new StreamCalendar(zone).StartOfDay(new DateOnly(2026, 9, 5)).ToUniversalTime());
    }

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();
}
