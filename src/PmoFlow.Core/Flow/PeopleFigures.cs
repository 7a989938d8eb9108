using System.Globalization;

namespace PmoFlow.Core.Flow;

/// <summary>What a figure measures, which decides how it is rounded for people.</summary>
public enum FigureUnit
{
    /// <summary>Not a figure PmoFlow rounds (counts, keys, text): shown as it is.</summary>
    Other = 0,

    /// <summary>A duration in days: one decimal ("12.3").</summary>
    Days = 1,

    /// <summary>A fraction 0..1 (an efficiency, a share, a probability): a percentage, whole or one decimal ("85%", "2.5%").</summary>
    Fraction = 2,
}

/// <summary>
/// Figures rounded for people (tables on a terminal, chart labels): days to one decimal, fractions as whole
/// percentages, or one decimal below 10% so small shares do not read as 0%. Machine formats (JSON, CSV) keep
/// full precision; only what a person reads goes through here.
/// </summary>
public static class PeopleFigures
{
    private static readonly HashSet<string> DayColumns = new(StringComparer.Ordinal)
    {
        "cycle_time", "lead_time", "time_to_value", "age", "mean", "min", "max", "sle",
    };

    private static readonly HashSet<string> FractionColumns = new(StringComparer.Ordinal)
    {
        "flow_efficiency", "efficiency", "share", "share_of_flow_time", "share_entered", "activity_ratio",
        "probability", "cumulative", "hit_rate", "deadline_probability",
    };

    /// <summary>The unit of a table column, from PmoFlow's column names (<c>*_days</c>, <c>p85</c>, <c>p_done_7d</c>, ...).</summary>
    public static FigureUnit UnitOf(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (FractionColumns.Contains(column) || column.StartsWith("p_done_", StringComparison.Ordinal) || column.StartsWith("p_", StringComparison.Ordinal) && column.EndsWith("_probability", StringComparison.Ordinal))
        {
            return FigureUnit.Fraction;
        }

        if (DayColumns.Contains(column) || column.EndsWith("_days", StringComparison.Ordinal)
            || column.Length > 1 && column[0] == 'p' && column.Skip(1).All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return FigureUnit.Days;
        }

        return FigureUnit.Other;
    }

    /// <summary>Days to one decimal, invariant culture ("12.3", "0.5", "3.0").</summary>
    public static string Days(double days) => Math.Round(days, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage: whole from 10% up ("85%"), one decimal below ("2.5%", "0%").</summary>
    public static string Percent(double fraction)
    {
        var percent = fraction * 100;
        var oneDecimal = Math.Round(percent, 1, MidpointRounding.AwayFromZero);
        return Math.Abs(oneDecimal) >= 10 || percent == 0
            ? Math.Round(percent, 0, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%"
            : oneDecimal.ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>An instant for people: UTC to the minute, "2025-01-02 13:57Z" (machine formats keep the full ISO form).</summary>
    public static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    /// <summary>A figure for people in its unit; a non-finite value is empty.</summary>
    public static string Format(double value, FigureUnit unit) => !double.IsFinite(value)
        ? string.Empty
        : unit switch
        {
            FigureUnit.Days => Days(value),
            FigureUnit.Fraction => Percent(value),
            _ => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture),
        };
}
