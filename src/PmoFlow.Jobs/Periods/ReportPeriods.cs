using PmoFlow.Core.Model;
using System.Globalization;
using Quartz;

namespace PmoFlow.Jobs.Periods;

/// <summary>Derives the report period a fire covers, and parses period keys.</summary>
/// <remarks>
/// The period depends only on the fire's scheduled time, never on when a worker got round to it, so a delayed,
/// misfired or recovered fire reports the same period as the on-time one would have (for day, week and month).
/// </remarks>
public static class ReportPeriods
{
    private const string ScheduleKeyFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The last complete period before <paramref name="fireTimeUtc"/>.</summary>
    /// <param name="granularity">What a period is.</param>
    /// <param name="zone">The stream's zone: days, weeks and months are local.</param>
    /// <param name="fireTimeUtc">The scheduled fire time (or "now" for a manual run).</param>
    /// <param name="cron">The report schedule; required for <see cref="PeriodGranularity.Schedule"/>.</param>
    public static PublishPeriod ForFire(PeriodGranularity granularity, TimeZoneInfo zone, DateTimeOffset fireTimeUtc, string? cron)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var today = new StreamCalendar(zone).DateOf(fireTimeUtc);
        switch (granularity)
        {
            case PeriodGranularity.Day:
                return Day(today.AddDays(-1), zone);
            case PeriodGranularity.Week:
                var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
                return Week(monday.AddDays(-7), zone);
            case PeriodGranularity.Month:
                var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
                return Month(first, zone);
            case PeriodGranularity.Schedule:
                var expression = Cron(cron, zone);
                var at = Truncate(fireTimeUtc);
                var end = expression.IsSatisfiedBy(at) ? at : expression.GetPreviousValidTimeBefore(at)
                    ?? throw new ArgumentException("The schedule has no fire time before this instant.", nameof(fireTimeUtc));
                return Schedule(end, expression);
            default:
                throw new ArgumentOutOfRangeException(nameof(granularity));
        }
    }

    /// <summary>Parses a period key written for <paramref name="granularity"/> (as <c>jobs trigger --period</c> takes it).</summary>
    /// <exception cref="FormatException">The key does not fit the granularity.</exception>
    public static PublishPeriod Parse(string key, PeriodGranularity granularity, TimeZoneInfo zone, string? cron)
    {
        ArgumentNullException.ThrowIfNull(key);
        var inv = CultureInfo.InvariantCulture;
        switch (granularity)
        {
            case PeriodGranularity.Day when DateOnly.TryParseExact(key, "yyyy-MM-dd", inv, DateTimeStyles.None, out var d):
                return Day(d, zone);
            case PeriodGranularity.Week when TryParseWeek(key, out var monday):
                return Week(monday, zone);
            case PeriodGranularity.Month when DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", inv, DateTimeStyles.None, out var m):
                return Month(m, zone);
            case PeriodGranularity.Schedule when DateTime.TryParseExact(key, ScheduleKeyFormat, inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var end):
                var expression = Cron(cron, zone);
                var endUtc = new DateTimeOffset(end, TimeSpan.Zero);
                return expression.IsSatisfiedBy(endUtc)
                    ? Schedule(endUtc, expression)
                    : throw new FormatException($"'{key}' is not a fire time of the report schedule.");
            default:
                throw new FormatException(granularity switch
                {
                    PeriodGranularity.Day => $"'{key}' is not a day period (yyyy-MM-dd).",
                    PeriodGranularity.Week => $"'{key}' is not an ISO week period (e.g. 2026-W13).",
                    PeriodGranularity.Month => $"'{key}' is not a month period (yyyy-MM).",
                    _ => $"'{key}' is not a schedule period (yyyyMMddTHHmmssZ).",
                });
        }
    }

    private static PublishPeriod Day(DateOnly day, TimeZoneInfo zone) =>
        new(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), new StreamCalendar(zone).StartOfDay(day).ToUniversalTime(), new StreamCalendar(zone).StartOfDay(day.AddDays(1)).ToUniversalTime());

    private static PublishPeriod Week(DateOnly monday, TimeZoneInfo zone)
    {
        var date = monday.ToDateTime(TimeOnly.MinValue);
        var key = string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date):D4}-W{ISOWeek.GetWeekOfYear(date):D2}");
        return new PublishPeriod(key, new StreamCalendar(zone).StartOfDay(monday).ToUniversalTime(), new StreamCalendar(zone).StartOfDay(monday.AddDays(7)).ToUniversalTime());
    }

    private static PublishPeriod Month(DateOnly first, TimeZoneInfo zone) =>
        new(first.ToString("yyyy-MM", CultureInfo.InvariantCulture), new StreamCalendar(zone).StartOfDay(first).ToUniversalTime(), new StreamCalendar(zone).StartOfDay(first.AddMonths(1)).ToUniversalTime());

    private static PublishPeriod Schedule(DateTimeOffset end, CronExpression expression)
    {
        var start = expression.GetPreviousValidTimeBefore(end) ?? end;
        return new PublishPeriod(end.UtcDateTime.ToString(ScheduleKeyFormat, CultureInfo.InvariantCulture), start.ToUniversalTime(), end.ToUniversalTime());
    }

    private static bool TryParseWeek(string key, out DateOnly monday)
    {
        monday = default;
        var parts = key.Split("-W", 2);
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            || year < 1 || year > 9998 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
        {
            return false;
        }

        monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return true;
    }

    private static CronExpression Cron(string? cron, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            throw new ArgumentException("A schedule period needs the report's cron schedule.", nameof(cron));
        }

        return new CronExpression(cron, zone);
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) =>
        new DateTimeOffset(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
