using System.Globalization;

namespace PmoFlow.Core.Model;

/// <summary>
/// The one rule for spreadsheet formulas in CSV cells (the report's CSV files and the CLI's <c>--format csv</c>): a
/// cell starting with <c>= + - @</c>, tab or CR gets a leading apostrophe, except, when numbers are kept, a cell that
/// is an invariant number as a whole ("-0.314", "-2", "1e-5"), which no spreadsheet runs as a formula.
/// </summary>
public static class CsvFormula
{
    private static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>The cell text, neutralised (see <see cref="CsvFormula"/>).</summary>
    /// <param name="value">The cell text.</param>
    /// <param name="keepNumbers">Whether a cell that parses as a number stays as it is.</param>
    public static string Neutralise(string value, bool keepNumbers)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || Array.IndexOf(Triggers, value[0]) < 0)
        {
            return value;
        }

        var isNumber = keepNumbers
            && double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _);
        return isNumber ? value : "'" + value;
    }
}
