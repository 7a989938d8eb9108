using System.Text.Json;
using System.Text.Json.Serialization;

namespace PmoFlow.Ingestion.Connectors.GitHub;

/// <summary>
/// Where a GitHub read stands: the newest issue update read (for <c>since</c>), the newest issue event
/// id read, and the ETags of the two first pages (for conditional requests).
/// </summary>
internal sealed record GitHubCursor(
    [property: JsonPropertyName("since")] DateTimeOffset? Since,
    [property: JsonPropertyName("eventId")] long EventId,
    [property: JsonPropertyName("issuesEtag")] string? IssuesETag,
    [property: JsonPropertyName("issuesUrl")] string? IssuesUrl,
    [property: JsonPropertyName("eventsEtag")] string? EventsETag)
{
    public static readonly GitHubCursor Start = new(null, 0, null, null, null);

    public static GitHubCursor Parse(string? cursor)
    {
        if (string.IsNullOrWhiteSpace(cursor))
        {
            return Start;
        }

        try
        {
            return JsonSerializer.Deserialize<GitHubCursor>(cursor) ?? Start;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The saved GitHub cursor is not readable: {ex.Message}", ex);
        }
    }

    public override string ToString() => JsonSerializer.Serialize(this);
}
