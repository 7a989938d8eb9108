using System.Globalization;

namespace PmoFlow.Core.Model;

/// <summary>A range of local dates, both ends included (written <c>yyyy-MM-dd..yyyy-MM-dd</c>; a single date is a one-day range).</summary>
/// <param name="From">First date (included).</param>
/// <param name="To">Last date (included).</param>
public sealed record DateRange(DateOnly From, DateOnly To)
{
    /// <summary>Whether <paramref name="date"/> lies in the range.</summary>
    public bool Contains(DateOnly date) => date >= From && date <= To;

    /// <summary>Parses <c>D1..D2</c> or <c>D</c>; throws <see cref="ArgumentException"/> naming the text when it is not one.</summary>
    public static DateRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split("..", 2);
        if (!TryDate(parts[0], out var from) || !TryDate(parts.Length == 2 ? parts[1] : parts[0], out var to))
        {
            throw new ArgumentException($"'{text}' is not a date range (yyyy-MM-dd..yyyy-MM-dd, or one yyyy-MM-dd).");
        }

        return from <= to ? new DateRange(from, to) : throw new ArgumentException($"'{text}': the range ends before it starts.");
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}");

    private static bool TryDate(string s, out DateOnly d) =>
        DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d);
}
