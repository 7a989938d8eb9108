using System.Globalization;
using System.Text.Json;
using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Connectors.Http;

namespace PmoFlow.Ingestion.Connectors.Jira;

/// <summary>Turns one Jira issue and its changelog histories into a work item and normalised events.</summary>
internal static class JiraIssueMapper
{
    private static readonly string[] ParentFields = ["Parent", "IssueParentAssociation", "Epic Link"];

    /// <summary>The issue's id, key, last update and whether its embedded changelog is complete.</summary>
    public static (string Id, string Key, DateTimeOffset Updated, bool ChangelogComplete) Peek(JsonElement issue)
    {
        var id = issue.RequiredStr("id");
        var key = issue.RequiredStr("key");
        var fields = issue.RequiredObj("fields");
        var updated = fields.Instant("updated") ?? fields.RequiredInstant("created");
        var changelog = issue.Prop("changelog");
        var complete = changelog is { } c && (c.Long("total") is not { } total || total <= c.Array("histories").Count());
        return (id, key, updated, complete);
    }

    /// <summary>Maps an issue; <paramref name="histories"/> is its whole changelog (embedded plus fetched pages).</summary>
    /// <exception cref="MalformedRecordException">A required field is missing.</exception>
    public static (WorkItem Item, List<FlowEvent> Events) Map(string source, JsonElement issue, IEnumerable<JsonElement> histories, JiraSourceOptions options)
    {
        var key = issue.RequiredStr("key");
        var fields = issue.RequiredObj("fields");
        var created = fields.RequiredInstant("created");
        var parent = fields.Prop("parent").Str("key")
            ?? (options.EpicLinkField is { } epicField ? fields.Str(epicField) : null)
            ?? fields.Prop("epic").Str("key");
        var item = new WorkItem(source, key, fields.Prop("issuetype").Str("name"), fields.Str("summary"), created, parent, Labels: fields.Labels("labels"));

        var ordered = histories
            .Select(h => (Id: h.RequiredStr("id"), At: h.RequiredInstant("created"), History: h))
            .DistinctBy(h => h.Id)
            .OrderBy(h => h.At)
            .ThenBy(h => long.TryParse(h.Id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
            .ToList();

        // The first status change says what the issue was created in; without one it never left its current status.
        var initial = ordered.SelectMany(h => h.History.Array("items")).Where(IsStatus).Select(i => i.Str("fromString")).FirstOrDefault()
            ?? fields.Prop("status").Str("name");
        var events = new List<FlowEvent> { new(source, key, "created", created, EventKind.Created, ToStatus: initial) };

        foreach (var (id, at, history) in ordered)
        {
            var index = 0;
            foreach (var change in history.Array("items"))
            {
                var eventKey = string.Create(CultureInfo.InvariantCulture, $"{id}:{index++}");
                if (MapChange(source, key, eventKey, at, change, options) is { } e)
                {
                    events.Add(e);
                }
            }
        }

        return (item, events);
    }

    private static bool IsStatus(JsonElement change) =>
        string.Equals(change.Str("fieldId") ?? change.Str("field"), "status", StringComparison.OrdinalIgnoreCase);

    private static FlowEvent? MapChange(string source, string key, string eventKey, DateTimeOffset at, JsonElement change, JiraSourceOptions options)
    {
        var field = change.Str("field") ?? string.Empty;
        var fieldId = change.Str("fieldId");
        var from = change.Str("fromString");
        var to = change.Str("toString");

        if (IsStatus(change))
        {
            return new FlowEvent(source, key, eventKey, at, EventKind.Status, from, to);
        }

        if (Matches(field, fieldId, options.FlaggedField) || (options.BlockedField is { } bf && Matches(field, fieldId, bf)))
        {
            return string.IsNullOrEmpty(to)
                ? new FlowEvent(source, key, eventKey, at, EventKind.Unblocked, Value: $"{field}: {from}")
                : new FlowEvent(source, key, eventKey, at, EventKind.Blocked, Value: $"{field}: {to}");
        }

        if (options.BlockedLabel is { } label && string.Equals(field, "labels", StringComparison.OrdinalIgnoreCase))
        {
            var had = Words(from).Contains(label, StringComparer.OrdinalIgnoreCase);
            var has = Words(to).Contains(label, StringComparer.OrdinalIgnoreCase);
            return had == has ? null
                : new FlowEvent(source, key, eventKey, at, has ? EventKind.Blocked : EventKind.Unblocked, Value: $"label: {label}");
        }

        if (options.BlockedLinkText is { } linkText && string.Equals(field, "Link", StringComparison.OrdinalIgnoreCase))
        {
            if (to?.Contains(linkText, StringComparison.OrdinalIgnoreCase) == true)
            {
                return new FlowEvent(source, key, eventKey, at, EventKind.Blocked, Value: $"link: {change.Str("to")}");
            }

            return from?.Contains(linkText, StringComparison.OrdinalIgnoreCase) == true && string.IsNullOrEmpty(to)
                ? new FlowEvent(source, key, eventKey, at, EventKind.Unblocked, Value: $"link: {change.Str("from")}")
                : null;
        }

        if (string.Equals(fieldId ?? field, "issuetype", StringComparison.OrdinalIgnoreCase))
        {
            return new FlowEvent(source, key, eventKey, at, EventKind.Field, Field: "type", Value: to);
        }

        if (ParentFields.Contains(field, StringComparer.OrdinalIgnoreCase)
            || (options.EpicLinkField is { } epic && string.Equals(fieldId, epic, StringComparison.OrdinalIgnoreCase)))
        {
            return new FlowEvent(source, key, eventKey, at, EventKind.Field, Field: "parent", Value: to);
        }

        return string.Equals(fieldId ?? field, "resolution", StringComparison.OrdinalIgnoreCase)
            ? new FlowEvent(source, key, eventKey, at, EventKind.Field, Field: "resolution", Value: to)
            : null;
    }

    private static bool Matches(string field, string? fieldId, string configured) =>
        string.Equals(field, configured, StringComparison.OrdinalIgnoreCase)
        || string.Equals(fieldId, configured, StringComparison.OrdinalIgnoreCase);

    private static string[] Words(string? s) => s?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
}
