using System.Text.RegularExpressions;

namespace PmoFlow.Cli;

/// <summary>Rewords System.CommandLine's parse errors so they name what a value should look like, not a .NET type.</summary>
internal static partial class UsageMessages
{
    /// <summary>"Cannot parse argument 'x' for option '--from' as expected type 'System.DateOnly'." becomes
    /// "--from 'x' is not a date (yyyy-MM-dd)."; other messages are returned unchanged.</summary>
    public static string Reword(string message)
    {
        var m = CannotParse().Match(message);
        if (!m.Success)
        {
            return message;
        }

        var type = m.Groups["type"].Value;
        var nullable = NullableOf().Match(type);
        if (nullable.Success)
        {
            type = nullable.Groups["inner"].Value;
        }

        var kind = type switch
        {
            "System.DateOnly" => "a date (yyyy-MM-dd)",
            "System.DateTimeOffset" or "System.DateTime" => "an ISO 8601 date or instant (e.g. 2026-01-31T08:00:00Z)",
            "System.Int32" or "System.Int64" or "System.UInt32" or "System.UInt64" or "System.Int16" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number (e.g. 0.5)",
            "System.Boolean" => "true or false",
            "System.TimeSpan" => "a duration (e.g. 00:30:00)",
            _ => "a valid value",
        };
        return $"{m.Groups["symbol"].Value} '{m.Groups["value"].Value}' is not {kind}.";
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|command|argument) '(?<symbol>[^']*)' as expected type '(?<type>[^']*)'\.", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^System\.Nullable`1\[\[?(?<inner>[^,\]]+)")]
    private static partial Regex NullableOf();
}
