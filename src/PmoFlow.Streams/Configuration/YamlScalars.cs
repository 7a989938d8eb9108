using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Streams.Configuration;

/// <summary>
/// The one home of PmoFlow's YAML value rules, for every YAML file it reads (the stream configuration, the jobs
/// section, the portfolio file, saved scenarios): what is empty, what a number, a whole number, a date and a switch
/// look like, how a node is described in an error and where it is. <see cref="YamlNodeReader"/> (which stops at the
/// first error) and the portfolio reader (which collects every error of a file) both read values through it, so the
/// same text means the same thing in every file.
/// </summary>
public static class YamlScalars
{
    /// <summary>
    /// True for an empty value: a plain (unquoted) scalar that is blank, <c>~</c> or <c>null</c>/<c>Null</c>/<c>NULL</c>
    /// (the YAML core schema's null). A quoted <c>"null"</c> is the text "null".
    /// </summary>
    public static bool IsNull(YamlNode? node) =>
        node is null
        || node is YamlScalarNode { Style: not (ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted) } s
        && (string.IsNullOrWhiteSpace(s.Value) || s.Value is "~" or "null" or "Null" or "NULL");

    /// <summary>A number written with a dot for decimals, optionally with <c>_</c> digit separators; finite only.</summary>
    public static bool TryNumber(string text, out double value) =>
        double.TryParse(Digits(text), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>A decimal number (money), with the same spelling rules as <see cref="TryNumber"/>.</summary>
    public static bool TryDecimal(string text, out decimal value) =>
        decimal.TryParse(Digits(text), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>A whole number, optionally with <c>_</c> digit separators.</summary>
    public static bool TryWholeNumber(string text, out int value) =>
        int.TryParse(Digits(text), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    /// <summary>A calendar date written <c>yyyy-MM-dd</c>.</summary>
    public static bool TryDate(string text, out DateOnly value) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>A switch: <c>true/yes/on</c> or <c>false/no/off</c>, in any case.</summary>
    public static bool TryBool(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                value = true;
                return true;
            case "false" or "no" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>How a node is named in an error: "a mapping", "a list" or the quoted value.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "something else",
    };

    /// <summary>The 1-based line of a node (the line an error names).</summary>
    public static int Line(YamlNode node) => checked((int)Math.Max(1, node.Start.Line));

    /// <summary>The 1-based column of a node.</summary>
    public static int Column(YamlNode node) => checked((int)Math.Max(1, node.Start.Column));

    /// <summary>The key path of <paramref name="key"/> under <paramref name="path"/> (<c>a.b</c>; the key alone at the root).</summary>
    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string Digits(string text) => text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
}
