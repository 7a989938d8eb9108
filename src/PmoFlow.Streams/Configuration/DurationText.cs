using System.Globalization;

namespace PmoFlow.Streams.Configuration;

/// <summary>Durations as written in pmoflow.yaml: a whole number and a unit, <c>500ms</c>, <c>30s</c>, <c>15m</c>, <c>1h</c>, <c>1d</c>.</summary>
public static class DurationText
{
    /// <summary>Parses <c>&lt;n&gt;ms|s|m|h|d</c> (n a positive whole number, no spaces inside).</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().ToLowerInvariant();
        var digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(s.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        TimeSpan? d = s[digits..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            _ => null,
        };
        if (d is null)
        {
            return false;
        }

        duration = d.Value;
        return true;
    }

    /// <summary>The shortest exact text for a duration (<c>90s</c>, <c>15m</c>, <c>1h</c>).</summary>
    public static string Format(TimeSpan d)
    {
        if (d.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{d.Ticks / TimeSpan.TicksPerDay}d");
        }

        if (d.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{d.Ticks / TimeSpan.TicksPerHour}h");
        }

        if (d.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{d.Ticks / TimeSpan.TicksPerMinute}m");
        }

        return d.Ticks % TimeSpan.TicksPerSecond == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{d.Ticks / TimeSpan.TicksPerSecond}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(long)d.TotalMilliseconds}ms");
    }
}
