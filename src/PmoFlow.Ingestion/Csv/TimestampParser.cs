using System.Globalization;

namespace PmoFlow.Ingestion.Csv;

/// <summary>
/// Parses ISO 8601 timestamps: with an offset (or Z) they are instants; without one they are wall-clock
/// times in the given zone (a time inside a daylight-saving gap is rejected, an ambiguous one takes the
/// earlier instant, i.e. the daylight-time reading).
/// </summary>
public static class TimestampParser
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    /// <summary>Parses one timestamp; returns false with a reason a user can act on.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, TimeZoneInfo zone, out DateTimeOffset instant, out string? problem)
    {
        text = text.Trim();
        instant = default;
        problem = null;
        if (text.IsEmpty)
        {
            problem = "the timestamp is empty";
            return false;
        }

        if (HasOffset(text))
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            {
                instant = withOffset.ToUniversalTime();
                return true;
            }

            problem = $"'{text}' is not an ISO 8601 timestamp";
            return false;
        }

        if (!DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            problem = $"'{text}' is not an ISO 8601 timestamp (yyyy-MM-ddTHH:mm:ss with an optional offset)";
            return false;
        }

        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            problem = $"'{text}' does not exist in {zone.Id} (the clocks skip it at a daylight-saving change); add an offset";
            return false;
        }

        var offset = zone.IsAmbiguousTime(local)
            ? zone.GetAmbiguousTimeOffsets(local).Max()
            : zone.GetUtcOffset(local);
        instant = new DateTimeOffset(local, offset).ToUniversalTime();
        return true;
    }

    private static bool HasOffset(ReadOnlySpan<char> s)
    {
        if (s[^1] is 'Z' or 'z')
        {
            return true;
        }

        var t = s.IndexOfAny('T', ' ');
        if (t < 0)
        {
            return false;
        }

        var timePart = s[(t + 1)..];
        return timePart.IndexOfAny('+', '-') >= 0;
    }
}
