using System.Globalization;
using System.Text.Json;
using PmoFlow.Core.Events;

namespace PmoFlow.Ingestion.Connectors.Http;

/// <summary>A record in a well-formed payload that lacks what the connector needs: it is quarantined, the read goes on.</summary>
internal sealed class MalformedRecordException(string message) : Exception(message);

/// <summary>Small, forgiving accessors over <see cref="JsonElement"/> for trackers' payloads.</summary>
internal static class Json
{
    /// <summary>Parses a payload, or returns the reason it cannot be parsed.</summary>
    public static JsonDocument? TryParse(string body, out string? problem)
    {
        try
        {
            problem = null;
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            problem = $"Malformed JSON ({ex.Message})";
            return null;
        }
    }

    public static JsonElement? Prop(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static JsonElement? Prop(this JsonElement? e, string name) => e is { } x ? x.Prop(name) : null;

    public static long? Long(this JsonElement? e, string name) => e is { } x ? x.Long(name) : null;

    public static string? Str(this JsonElement e, string name) => e.Prop(name) is { } v ? AsString(v) : null;

    public static string? Str(this JsonElement? e, string name) => e is { } x ? x.Str(name) : null;

    public static string? AsString(JsonElement v) => v.ValueKind switch
    {
        // PostgreSQL text cannot hold U+0000, and trackers do return it (a Jira summary in the DevLake recording ends with one).
        JsonValueKind.String => v.GetString() is { } s && s.Contains('\0', StringComparison.Ordinal) ? s.Replace("\0", string.Empty, StringComparison.Ordinal) : v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static string RequiredStr(this JsonElement e, string name) =>
        e.Str(name) is { Length: > 0 } s ? s : throw new MalformedRecordException($"missing '{name}'");

    public static JsonElement RequiredObj(this JsonElement e, string name) =>
        e.Prop(name) is { ValueKind: JsonValueKind.Object } v ? v : throw new MalformedRecordException($"missing object '{name}'");

    public static IEnumerable<JsonElement> Array(this JsonElement e, string name) =>
        e.Prop(name) is { ValueKind: JsonValueKind.Array } v ? v.EnumerateArray() : [];

    /// <summary>
    /// The labels of an array property holding strings (Jira <c>labels</c>) or objects with a <c>name</c> (GitHub
    /// <c>labels</c>); null when the property is absent, so "not sent" never reads as "no labels".
    /// </summary>
    public static IReadOnlyList<string>? Labels(this JsonElement e, string name) =>
        e.Prop(name) is { ValueKind: JsonValueKind.Array } v
            ? WorkItem.NormaliseLabels(v.EnumerateArray().Select(l => l.ValueKind == JsonValueKind.Object ? l.Str("name") : AsString(l)))
            : null;

    public static long? Long(this JsonElement e, string name) =>
        e.Prop(name) is { } v && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n
        : long.TryParse(e.Str(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : null;

    public static DateTimeOffset? Instant(this JsonElement e, string name) => e.Str(name) is { } s ? ParseInstant(s) : null;

    public static DateTimeOffset RequiredInstant(this JsonElement e, string name) =>
        e.Instant(name) ?? throw new MalformedRecordException($"missing or unreadable timestamp '{name}'");

    /// <summary>Parses ISO 8601 with any offset form trackers use (<c>+0800</c>, <c>+08:00</c>, <c>Z</c>) to UTC.</summary>
    public static DateTimeOffset? ParseInstant(string s)
    {
        // Jira writes offsets without a colon (…+0800), which DateTimeOffset.TryParse rejects.
        if (s.Length > 5 && s.Contains('T', StringComparison.Ordinal) && s[^5] is '+' or '-' && char.IsAsciiDigit(s[^1]))
        {
            s = string.Concat(s.AsSpan(0, s.Length - 2), ":", s.AsSpan(s.Length - 2));
        }

        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v) ? v.ToUniversalTime() : null;
    }

    /// <summary>An instant written the way cursors store it: ISO 8601 UTC with milliseconds.</summary>
    public static string FormatInstant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
