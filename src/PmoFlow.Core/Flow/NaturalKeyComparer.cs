namespace PmoFlow.Core.Flow;

/// <summary>
/// Orders work-item keys the way people read them: runs of digits compare as numbers, so <c>T1-2</c> comes
/// before <c>T1-10</c> and <c>PROJ-9</c> before <c>PROJ-10</c>; other characters compare ordinally.
/// </summary>
/// <remarks>Every door (CLI tables, reports, dashboard) that lists items by key uses this one order. Thread-safe.</remarks>
public sealed class NaturalKeyComparer : IComparer<string>
{
    /// <summary>The comparer.</summary>
    public static NaturalKeyComparer Instance { get; } = new();

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var si = i;
                var sj = j;
                while (i < x.Length && char.IsAsciiDigit(x[i]))
                {
                    i++;
                }

                while (j < y.Length && char.IsAsciiDigit(y[j]))
                {
                    j++;
                }

                var a = x.AsSpan(si, i - si).TrimStart('0');
                var b = y.AsSpan(sj, j - sj).TrimStart('0');
                if (a.Length != b.Length)
                {
                    return a.Length.CompareTo(b.Length);
                }

                var digits = a.SequenceCompareTo(b);
                if (digits != 0)
                {
                    return digits;
                }

                // Equal values: fewer leading zeros first, so the order is total ("1" before "01").
                var zeros = (i - si).CompareTo(j - sj);
                if (zeros != 0)
                {
                    return zeros;
                }
            }
            else
            {
                var c = x[i].CompareTo(y[j]);
                if (c != 0)
                {
                    return c;
                }

                i++;
                j++;
            }
        }

        return (x.Length - i).CompareTo(y.Length - j);
    }
}
