using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>
/// Turns instants into day numbers (<see cref="DateOnly.DayNumber"/>) per the time-resolution switch:
/// local dates in the stream's zone (also used for bucketing under continuous time) or the timestamp's own
/// wall-clock date.
/// </summary>
/// <remarks>
/// Zone conversion is the hot path's most expensive step, so the UTC start of every local day in the data's
/// range is computed once (growing on demand) and an instant's day is found with one array comparison.
/// Not thread-safe.
/// </remarks>
internal sealed class DayClock
{
    private const int Pad = 366;
    private readonly TimeZoneInfo _zone;
    private readonly bool _wallClock;
    private readonly bool _fixedOffset;
    private readonly long _baseOffsetTicks;
    private int _firstDay;
    private int _count;
    private long[] _starts = [];

    public DayClock(TimeZoneInfo zone, TimeResolution resolution)
    {
        _zone = zone;
        _wallClock = resolution == TimeResolution.WallClockDate;
        _fixedOffset = zone.GetAdjustmentRules().Length == 0;
        _baseOffsetTicks = zone.BaseUtcOffset.Ticks;
    }

    /// <summary>The day number of an instant given as UTC ticks and the timestamp's own offset in minutes.</summary>
    public int DayOf(long utcTicks, short offsetMinutes)
    {
        if (_wallClock)
        {
            return (int)((utcTicks + (offsetMinutes * TimeSpan.TicksPerMinute)) / TimeSpan.TicksPerDay);
        }

        return LocalDayOf(utcTicks);
    }

    /// <summary>The local day number of an instant in the stream's zone.</summary>
    public int LocalDayOf(long utcTicks)
    {
        if (_fixedOffset)
        {
            return (int)((utcTicks + _baseOffsetTicks) / TimeSpan.TicksPerDay);
        }

        var i = (int)((utcTicks + _baseOffsetTicks) / TimeSpan.TicksPerDay) - _firstDay;
        if ((uint)i < (uint)_count)
        {
            if (utcTicks < _starts[i])
            {
                i--;
            }
            else if (utcTicks >= _starts[i + 1])
            {
                i++;
            }

            if ((uint)i < (uint)_count && _starts[i] <= utcTicks && utcTicks < _starts[i + 1])
            {
                return _firstDay + i;
            }
        }

        return Slow(utcTicks);
    }

    private int Slow(long utcTicks)
    {
        var day = ZoneDay(utcTicks);
        Extend(day - Pad, day + Pad);
        var i = Array.BinarySearch(_starts, 0, _count + 1, utcTicks);
        i = i >= 0 ? i : ~i - 1;
        if ((uint)i < (uint)_count)
        {
            return _firstDay + i;
        }

        // Only reachable around a backward jump across midnight, where a local date repeats: take the zone's word.
        return day;
    }

    private void Extend(int from, int to)
    {
        from = Math.Max(from, 1);
        to = Math.Min(to, DateOnly.MaxValue.DayNumber - 2);
        if (_count > 0)
        {
            from = Math.Min(from, _firstDay);
            to = Math.Max(to, _firstDay + _count - 1);
        }

        var starts = new long[to - from + 2];
        for (var d = from; d <= to + 1; d++)
        {
            var old = d - _firstDay;
            starts[d - from] = _count > 0 && old >= 0 && old <= _count ? _starts[old] : StartOfDay(d);
        }

        _starts = starts;
        _firstDay = from;
        _count = to - from + 1;
    }

    private int ZoneDay(long utcTicks) => StreamCalendar.WallDay(utcTicks, _zone);

    // The first UTC instant whose local date is `day`: the stream calendar's rule.
    private long StartOfDay(int day) => StreamCalendar.StartOfDayUtcTicks(day, _zone);

    /// <summary>The local date of a day number.</summary>
    public static DateOnly Date(int dayNumber) => DateOnly.FromDayNumber(dayNumber);
}
