using System.Text;
using System.Text.Json;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Services;

namespace PmoFlow.Jobs.Publishing;

/// <summary>The bodies a webhook publisher POSTs: Slack, Teams (Adaptive Card) and PmoFlow's own JSON.</summary>
/// <remarks>
/// Every format carries the delivery's dedupe key in the body too (Slack and Teams drop custom headers), so a
/// receiver, or a person reading the channel, can tell a redelivery from a new report.
/// </remarks>
public static class WebhookMessages
{
    /// <summary>The JSON body for <paramref name="format"/>.</summary>
    public static string Build(WebhookFormat format, RenderedReport report, string dedupeKey)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            switch (format)
            {
                case WebhookFormat.Slack:
                    Slack(w, report, dedupeKey);
                    break;
                case WebhookFormat.Teams:
                    Teams(w, report, dedupeKey);
                    break;
                default:
                    Json(w, report, dedupeKey);
                    break;
            }
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Json(Utf8JsonWriter w, RenderedReport report, string dedupeKey)
    {
        w.WriteStartObject();
        w.WriteString("dedupeKey", dedupeKey);
        w.WriteString("stream", report.Stream);
        w.WriteStartObject("period");
        w.WriteString("key", report.Period.Key);
        w.WriteString("start", report.Period.Start);
        w.WriteString("end", report.Period.End);
        w.WriteEndObject();
        w.WriteString("title", report.Title);
        w.WriteStartArray("highlights");
        foreach (var h in report.Highlights)
        {
            w.WriteStringValue(h);
        }

        w.WriteEndArray();
        w.WritePropertyName("report");
        w.WriteRawValue(report.Json);
        w.WriteEndObject();
    }

    private static void Slack(Utf8JsonWriter w, RenderedReport report, string dedupeKey)
    {
        w.WriteStartObject();
        w.WriteString("text", report.Title);
        w.WriteStartArray("blocks");

        w.WriteStartObject();
        w.WriteString("type", "header");
        w.WriteStartObject("text");
        w.WriteString("type", "plain_text");
        w.WriteString("text", Truncate(report.Title, 150));
        w.WriteEndObject();
        w.WriteEndObject();

        if (report.Highlights.Count > 0)
        {
            w.WriteStartObject();
            w.WriteString("type", "section");
            w.WriteStartObject("text");
            w.WriteString("type", "mrkdwn");
            w.WriteString("text", Truncate(string.Join('\n', report.Highlights.Select(h => "• " + h)), 3000));
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteStartObject();
        w.WriteString("type", "context");
        w.WriteStartArray("elements");
        w.WriteStartObject();
        w.WriteString("type", "mrkdwn");
        w.WriteString("text", $"period {report.Period.Key} · ref {dedupeKey}");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Teams(Utf8JsonWriter w, RenderedReport report, string dedupeKey)
    {
        w.WriteStartObject();
        w.WriteString("type", "message");
        w.WriteStartArray("attachments");
        w.WriteStartObject();
        w.WriteString("contentType", "application/vnd.microsoft.card.adaptive");
        w.WriteNull("contentUrl");
        w.WriteStartObject("content");
        w.WriteString("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        w.WriteString("type", "AdaptiveCard");
        w.WriteString("version", "1.4");
        w.WriteStartArray("body");
        TextBlock(w, report.Title, bold: true);
        if (report.Highlights.Count > 0)
        {
            TextBlock(w, string.Join("\n", report.Highlights.Select(h => "- " + h)), bold: false);
        }

        w.WriteStartObject();
        w.WriteString("type", "TextBlock");
        w.WriteString("text", $"period {report.Period.Key} · ref {dedupeKey}");
        w.WriteBoolean("isSubtle", true);
        w.WriteString("size", "Small");
        w.WriteBoolean("wrap", true);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void TextBlock(Utf8JsonWriter w, string text, bool bold)
    {
        w.WriteStartObject();
        w.WriteString("type", "TextBlock");
        w.WriteString("text", text);
        if (bold)
        {
            w.WriteString("weight", "Bolder");
            w.WriteString("size", "Medium");
        }

        w.WriteBoolean("wrap", true);
        w.WriteEndObject();
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
