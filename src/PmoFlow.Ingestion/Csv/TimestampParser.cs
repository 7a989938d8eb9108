using System.Globalization;
using PmoFlow.Core.Limits;

namespace PmoFlow.Ingestion.Csv;

/// <summary>
/// Parses ISO 8601 timestamps: with an offset (or Z) they are instants; without one they are wall-clock
/// times in the given zone (a time inside a daylight-saving gap is rejected, an ambiguous one takes the
/// earlier instant, i.e. the daylight-time reading). Nothing else is guessed (<c>1/2/2025</c> is refused, not read
/// in some culture's order) unless the source declares its format; instants outside
/// <see cref="InputLimits.EarliestTimestamp"/>..<see cref="InputLimits.LatestTimestamp"/> are refused.
/// </summary>
public static class TimestampParser
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF zzz", "yyyy-MM-dd HH:mm:ss.FFFFFFF zzz",
    ];

    /// <summary>Parses one ISO 8601 timestamp within the default range; returns false with a reason a user can act on.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, TimeZoneInfo zone, out DateTimeOffset instant, out string? problem) =>
        TryParse(text, zone, null, InputLimits.Default, out instant, out problem);

    /// <summary>
    /// Parses one timestamp in <paramref name="format"/> (a .NET custom format the source declares; null: ISO 8601)
    /// within <paramref name="limits"/>' range; returns false with a reason a user can act on.
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<char> text, TimeZoneInfo zone, string? format, InputLimits limits, out DateTimeOffset instant, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (!TryParseText(text, zone, format, out instant, out problem))
        {
            return false;
        }

        if (!limits.IsPlausible(instant))
        {
            problem = limits.ImplausibleTimestamp(instant);
            instant = default;
            return false;
        }

        return true;
    }

    private static bool TryParseText(ReadOnlySpan<char> text, TimeZoneInfo zone, string? format, out DateTimeOffset instant, out string? problem)
    {
        text = text.Trim();
        instant = default;
        problem = null;
        if (text.IsEmpty)
        {
            problem = "the timestamp is empty";
            return false;
        }

        if (text.Length > 64)
        {
            problem = $"the timestamp is {text.Length} characters long; no timestamp is";
            return false;
        }

        var shown = Core.Limits.RecordGuard.Printable(text.ToString());
        if (format is not null)
        {
            if (DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var declared)
                && (format.Contains('z', StringComparison.Ordinal) || format.Contains('K', StringComparison.Ordinal)))
            {
                instant = declared.ToUniversalTime();
                return true;
            }

            if (!DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var declaredLocal))
            {
                problem = $"'{shown}' does not match the source's timestampFormat '{format}'";
                return false;
            }

            return FromLocal(declaredLocal, shown, zone, out instant, out problem);
        }

        if (HasOffset(text))
        {
            if (DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            {
                instant = withOffset.ToUniversalTime();
                return true;
            }

            problem = $"'{shown}' is not an ISO 8601 timestamp (yyyy-MM-ddTHH:mm:ss with an optional offset; declare timestampFormat for another form)";
            return false;
        }

        if (!DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            problem = $"'{shown}' is not an ISO 8601 timestamp (yyyy-MM-ddTHH:mm:ss with an optional offset; declare timestampFormat for another form)";
            return false;
        }

        return FromLocal(local, shown, zone, out instant, out problem);
    }

    private static bool FromLocal(DateTime local, string shown, TimeZoneInfo zone, out DateTimeOffset instant, out string? problem)
    {
        instant = default;
        problem = null;

        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            problem = $"'{shown}' does not exist in {zone.Id} (the clocks skip it at a daylight-saving change); add an offset";
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
