namespace PmoFlow.Core.Flow;

/// <summary>A count per day number that grows in both directions as days arrive (a difference or tally array).</summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class DayHistogram
{
    private int[] _counts = [];
    private int _origin;

    public void Add(int day, int delta = 1)
    {
        var i = day - _origin;
        if ((uint)i >= (uint)_counts.Length)
        {
            Grow(day);
            i = day - _origin;
        }

        _counts[i] += delta;
    }

    public int this[int day]
    {
        get
        {
            var i = day - _origin;
            return (uint)i < (uint)_counts.Length ? _counts[i] : 0;
        }
    }

    /// <summary>Σ of the counts of every day up to and including <paramref name="day"/>.</summary>
    public int CumulativeTo(int day)
    {
        var sum = 0;
        var last = Math.Min(day - _origin, _counts.Length - 1);
        for (var i = 0; i <= last; i++)
        {
            sum += _counts[i];
        }

        return sum;
    }

    /// <summary>Fills <paramref name="target"/>[k] with the running total up to day <paramref name="firstDay"/> + k.</summary>
    public void CumulativeInto(int firstDay, Span<int> target)
    {
        var running = CumulativeTo(firstDay - 1);
        for (var k = 0; k < target.Length; k++)
        {
            running += this[firstDay + k];
            target[k] = running;
        }
    }

    /// <summary>Expands the tallies into one date per counted event, ascending (counts must be non-negative).</summary>
    public List<DateOnly> ExpandDates()
    {
        var total = 0;
        foreach (var c in _counts)
        {
            total += c;
        }

        var dates = new List<DateOnly>(total);
        for (var i = 0; i < _counts.Length; i++)
        {
            var date = DateOnly.FromDayNumber(_origin + i);
            for (var n = _counts[i]; n > 0; n--)
            {
                dates.Add(date);
            }
        }

        return dates;
    }

    private void Grow(int day)
    {
        if (_counts.Length == 0)
        {
            _origin = day - 64;
            _counts = new int[128];
            return;
        }

        var from = Math.Min(_origin, day);
        var to = Math.Max(_origin + _counts.Length - 1, day);
        var size = Math.Max(to - from + 1, _counts.Length * 2);
        var newOrigin = day < _origin ? to - size + 1 : from;
        var grown = new int[size];
        Array.Copy(_counts, 0, grown, _origin - newOrigin, _counts.Length);
        _counts = grown;
        _origin = newOrigin;
    }
}
