using System.Globalization;
using System.Text.Json;
using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Connectors.Http;

namespace PmoFlow.Ingestion.Connectors.AzureDevOps;

/// <summary>What the connector remembers of a work item's previous revision.</summary>
internal sealed record RevisionState(int Rev, string? State, bool Blocked, string? Type, string? Parent);

/// <summary>Turns Azure DevOps work item revisions into events by comparing each with the one before.</summary>
internal static class AzureRevisionMapper
{
    public static (int Id, int Rev) Identity(JsonElement revision)
    {
        var id = revision.Long("id") ?? revision.Prop("fields")?.Long("System.Id") ?? throw new MalformedRecordException("missing 'id'");
        var rev = revision.Long("rev") ?? revision.Prop("fields")?.Long("System.Rev") ?? throw new MalformedRecordException("missing 'rev'");
        return ((int)id, (int)rev);
    }

    /// <summary>The state a revision leaves the item in; fields it does not carry keep their previous values.</summary>
    public static RevisionState StateOf(JsonElement revision, RevisionState? previous, AzureDevOpsSourceOptions options)
    {
        var (_, rev) = Identity(revision);
        var fields = revision.RequiredObj("fields");
        var blocked = previous?.Blocked ?? false;
        var hasTags = fields.Prop("System.Tags") is not null;
        var tags = (fields.Str("System.Tags") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var hasBlockedField = options.BlockedField is { } bf && fields.Prop(bf) is not null;
        if (hasTags || hasBlockedField || previous is null)
        {
            blocked = tags.Any(t => options.BlockedTags.Contains(t, StringComparer.OrdinalIgnoreCase))
                || (options.BlockedField is { } f && string.Equals(fields.Str(f), options.BlockedValue, StringComparison.OrdinalIgnoreCase));
        }

        return new RevisionState(
            rev,
            fields.Str("System.State") ?? previous?.State,
            blocked,
            fields.Str("System.WorkItemType") ?? previous?.Type,
            fields.Str("System.Parent") ?? previous?.Parent);
    }

    /// <summary>Maps one revision; <paramref name="previous"/> is the item's state before it, or null when unknown.</summary>
    public static (WorkItem Item, List<FlowEvent> Events, RevisionState State) Map(
        string source, JsonElement revision, RevisionState? previous, AzureDevOpsSourceOptions options)
    {
        var (id, rev) = Identity(revision);
        var key = id.ToString(CultureInfo.InvariantCulture);
        var fields = revision.RequiredObj("fields");
        var at = fields.RequiredInstant("System.ChangedDate");
        var created = fields.Instant("System.CreatedDate");
        var state = StateOf(revision, previous, options);
        var events = new List<FlowEvent>();
        string Key(string what) => string.Create(CultureInfo.InvariantCulture, $"{rev}:{what}");

        if (rev == 1)
        {
            events.Add(new FlowEvent(source, key, "created", created ?? at, EventKind.Created, ToStatus: state.State));
        }
        else if (state.State != previous?.State)
        {
            // With no previous revision to compare (it could not be read) the state is recorded as a move from unknown.
            events.Add(new FlowEvent(source, key, Key("state"), at, EventKind.Status, previous?.State, state.State));
        }

        if (state.Blocked != (previous?.Blocked ?? false))
        {
            events.Add(new FlowEvent(source, key, Key("blocked"), at, state.Blocked ? EventKind.Blocked : EventKind.Unblocked,
                Value: fields.Str("System.Tags")));
        }

        if (previous is not null && state.Type != previous.Type)
        {
            events.Add(new FlowEvent(source, key, Key("type"), at, EventKind.Field, Field: "type", Value: state.Type));
        }

        if (previous is not null && state.Parent != previous.Parent)
        {
            events.Add(new FlowEvent(source, key, Key("parent"), at, EventKind.Field, Field: "parent", Value: state.Parent));
        }

        // Tags are one "a; b" string. A revision without the field says nothing about them (null keeps the stored ones).
        var item = new WorkItem(source, key, state.Type, fields.Str("System.Title"), created, state.Parent,
            Labels: fields.Str("System.Tags") is { } tags ? WorkItem.NormaliseLabels(tags.Split(';')) : null);
        return (item, events, state);
    }
}
