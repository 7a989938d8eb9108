using System.Globalization;
using System.Text;

namespace PmoFlow.Reporting.Rendering;

/// <summary>
/// The escaping rules of every renderer. Tracker text (titles, names, status names) is untrusted: it is
/// escaped for the format it lands in, at the moment it is written, and nowhere else.
/// </summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class TextEscaping
{
    /// <summary>The characters that make a spreadsheet read a CSV cell as a formula (OWASP's list).</summary>
    public static readonly IReadOnlyList<char> CsvFormulaTriggers = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>
    /// Escapes text for HTML element content and quoted attribute values: <c>&amp; &lt; &gt; " '</c> become
    /// entities; control characters other than tab, CR and LF are dropped; unpaired surrogates become U+FFFD.
    /// </summary>
    public static string Html(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\t' or '\n' or '\r': sb.Append(c); break;
                case < ' ' or '\u007f': break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        sb.Append('\uFFFD');
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Makes JSON text safe inside an HTML <c>&lt;script type="application/json"&gt;</c> element: <c>&lt;</c>,
    /// <c>&gt;</c> and <c>&amp;</c> become <c>\u003c</c>, <c>\u003e</c>, <c>\u0026</c> (and U+2028/U+2029 are
    /// escaped too), so no "&lt;/script&gt;" or "&lt;!--" can appear. Valid JSON stays valid JSON with the
    /// same value: those characters can only occur inside JSON strings, where the escapes mean the same.
    /// </summary>
    public static string JsonForScript(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var sb = new StringBuilder(json.Length + 64);
        foreach (var c in json)
        {
            _ = c switch
            {
                '<' => sb.Append("\\u003c"),
                '>' => sb.Append("\\u003e"),
                '&' => sb.Append("\\u0026"),
                '\u2028' => sb.Append("\\u2028"),
                '\u2029' => sb.Append("\\u2029"),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }

    /// <summary>
    /// Escapes text for inline Markdown (CommonMark/GFM: Teams, Confluence, GitHub; Slack's markdown blocks):
    /// <c>&amp; &lt; &gt;</c> become entities (which Slack's mrkdwn also expects, so "&lt;!channel&gt;" cannot
    /// ping anyone); <c>\ ` * _ [ ] | ~</c> get a backslash, so text cannot start emphasis, code, a link, an
    /// image or a new table cell; line breaks and other control characters become spaces so a cell stays on
    /// its row.
    /// </summary>
    public static string Markdown(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => sb.Append("&amp;"),
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' => sb.Append('\\').Append(c),
                < ' ' or '\u007f' or '\u2028' or '\u2029' => sb.Append(' '),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }

    /// <summary>
    /// One CSV field (RFC 4180). A cell starting with <c>= + - @</c>, tab or CR gets a leading apostrophe so a
    /// spreadsheet shows it as text instead of running it as a formula; the one exception is a cell of a number
    /// column that parses as an invariant number (so "-3.5" stays a number). The field is then quoted when it
    /// holds a comma, a double quote, CR or LF, with quotes doubled.
    /// </summary>
    /// <param name="value">The cell; null is an empty field.</param>
    /// <param name="numberColumn">Whether the column holds numbers written by PmoFlow.</param>
    public static string CsvField(string? value, bool numberColumn = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        value = NeutraliseFormula(value, numberColumn);
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    /// <summary>
    /// The one rule for spreadsheet formulas in CSV cells (the report's CSV files and the CLI's <c>--format csv</c>):
    /// a cell starting with <c>= + - @</c>, tab or CR gets a leading apostrophe, except, when
    /// <paramref name="keepNumbers"/> is set, a cell that is an invariant number as a whole ("-0.314", "-2", "1e-5"),
    /// which no spreadsheet runs as a formula.
    /// </summary>
    /// <param name="value">The cell text.</param>
    /// <param name="keepNumbers">Whether a cell that parses as a number stays as it is.</param>
    public static string NeutraliseFormula(string value, bool keepNumbers) => Core.Model.CsvFormula.Neutralise(value, keepNumbers);
}
