using System.Globalization;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Rendering;

/// <summary>How figures are written in reports: invariant culture, fractions as percentages.</summary>
public static class FigureFormat
{
    /// <summary>A headline value with its unit ("42 items", "8.5 days", "23.4%"), or "no data".</summary>
    public static string Value(HeadlineFigure figure, double? value)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (value is not { } v)
        {
            return "no data";
        }

        var decimals = MetricDefinition.Of(figure.Metric).Decimals;
        return figure.Unit switch
        {
            "fraction" => Percent(v, decimals - 2),
            "days" => Number(v, decimals) + (v == 1 ? " day" : " days"),
            "items" => Number(v, decimals) + (v == 1 ? " item" : " items"),
            _ => Number(v, decimals) + " " + figure.Unit,
        };
    }

    /// <summary>A headline's change, e.g. "+5", "−1.5 days", "+2.0 pp"; "n/a" when unknown.</summary>
    public static string Delta(HeadlineFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (figure.Change.Delta is not { } d)
        {
            return "n/a";
        }

        var decimals = MetricDefinition.Of(figure.Metric).Decimals;
        var sign = d > 0 ? "+" : d < 0 ? "\u2212" : "\u00b1";
        var magnitude = Math.Abs(d);
        return figure.Unit switch
        {
            "fraction" => sign + Number(magnitude * 100, Math.Max(0, decimals - 2)) + " pp",
            "days" => sign + Number(magnitude, decimals) + " d",
            _ => sign + Number(magnitude, decimals),
        };
    }

    /// <summary>An arrow for the direction: ▲ up, ▼ down, ▬ flat, ? unknown.</summary>
    public static string Arrow(ChangeDirection direction) => direction switch
    {
        ChangeDirection.Up => "\u25b2",
        ChangeDirection.Down => "\u25bc",
        ChangeDirection.Flat => "\u25ac",
        _ => "?",
    };

    /// <summary>A word for the assessment: "better", "worse", "no change"/"neutral", "no comparison".</summary>
    public static string Assessment(HeadlineChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Assessment switch
        {
            ChangeAssessment.Better => "better",
            ChangeAssessment.Worse => "worse",
            ChangeAssessment.Neutral => change.Direction == ChangeDirection.Flat ? "no change" : "neutral",
            _ => "no comparison",
        };
    }

    /// <summary>A number with a fixed count of decimals, invariant culture.</summary>
    public static string Number(double value, int decimals) =>
        value.ToString("F" + Math.Max(0, decimals).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage with <paramref name="decimals"/> decimals ("23.4%").</summary>
    public static string Percent(double fraction, int decimals) => Number(fraction * 100, decimals) + "%";

    /// <summary>A number for a table cell or CSV: shortest round-trip invariant form ("12.5", "3").</summary>
    public static string Cell(double value) => Math.Round(value, 6).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A date in ISO 8601 (yyyy-MM-dd).</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
