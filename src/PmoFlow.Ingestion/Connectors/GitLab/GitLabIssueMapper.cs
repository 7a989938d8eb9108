using System.Globalization;
using System.Text.Json;
using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Connectors.Http;

namespace PmoFlow.Ingestion.Connectors.GitLab;

/// <summary>Turns a GitLab issue with its resource state and label events into an item and events.</summary>
/// <remarks>
/// Scoped labels <c>{scope}::{status}</c> set the status; GitLab swaps a scoped label by removing the old
/// one and adding the new one at the same instant, so a removal followed by an addition at that instant
/// is one move, not a detour through the open status.
/// </remarks>
internal static class GitLabIssueMapper
{
    public static string KeyOf(JsonElement issue) =>
        (issue.Long("iid") ?? throw new MalformedRecordException("missing 'iid'")).ToString(CultureInfo.InvariantCulture);

    public static (WorkItem Item, List<FlowEvent> Events) Map(
        string source, JsonElement issue, IReadOnlyList<JsonElement> stateEvents, IReadOnlyList<JsonElement> labelEvents, GitLabSourceOptions options)
    {
        var key = KeyOf(issue);
        var created = issue.RequiredInstant("created_at");
        var epic = issue.Prop("epic") is { } e ? e.Long("iid")?.ToString(CultureInfo.InvariantCulture) : null;
        var item = new WorkItem(source, key, issue.Str("issue_type") ?? issue.Str("type"), issue.Str("title"), created, epic is null ? null : "epic:" + epic,
            Labels: issue.Labels("labels"));
        var events = new List<FlowEvent> { new(source, key, "created", created, EventKind.Created, ToStatus: options.OpenStatus) };
        var prefix = options.StatusLabelScope + "::";

        var changes = stateEvents.Select(s => (At: s.RequiredInstant("created_at"), Order: 2, Id: s.Long("id") ?? 0, Label: (string?)null, Action: s.Str("state"), Raw: s))
            .Concat(labelEvents.Select(l => (At: l.RequiredInstant("created_at"), Order: l.Str("action") == "remove" ? 0 : 1, Id: l.Long("id") ?? 0,
                Label: l.Prop("label").Str("name"), Action: l.Str("action"), Raw: l)))
            .OrderBy(c => c.At).ThenBy(c => c.Order).ThenBy(c => c.Id)
            .ToList();

        var status = options.OpenStatus;
        string? labelStatus = null;
        var closed = false;
        void Move(string eventKey, DateTimeOffset at, string to)
        {
            if (to != status)
            {
                events.Add(new FlowEvent(source, key, eventKey, at, EventKind.Status, status, to));
                status = to;
            }
        }

        for (var i = 0; i < changes.Count; i++)
        {
            var c = changes[i];
            if (c.Label is null)
            {
                var eventKey = string.Create(CultureInfo.InvariantCulture, $"state:{c.Id}");
                if (c.Action == "closed")
                {
                    closed = true;
                    Move(eventKey, c.At, options.ClosedStatus);
                }
                else if (c.Action == "reopened")
                {
                    closed = false;
                    Move(eventKey, c.At, labelStatus ?? options.OpenStatus);
                }

                continue;
            }

            var labelKey = string.Create(CultureInfo.InvariantCulture, $"label:{c.Id}");
            var adding = c.Action != "remove";
            if (options.BlockedLabels.Contains(c.Label, StringComparer.OrdinalIgnoreCase))
            {
                events.Add(new FlowEvent(source, key, labelKey, c.At, adding ? EventKind.Blocked : EventKind.Unblocked, Value: $"label: {c.Label}"));
            }

            if (!c.Label.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var named = c.Label[prefix.Length..];
            if (adding)
            {
                labelStatus = named;
                if (!closed)
                {
                    Move(labelKey, c.At, named);
                }
            }
            else if (labelStatus == named)
            {
                labelStatus = null;
                var swapped = changes.Skip(i + 1).TakeWhile(n => n.At == c.At)
                    .Any(n => n.Action == "add" && n.Label?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) == true);
                if (!closed && !swapped)
                {
                    Move(labelKey, c.At, options.OpenStatus);
                }
            }
        }

        // Issues closed before GitLab kept resource state events (13.x) have none: the issue's closed_at stands in.
        if (stateEvents.Count == 0 && issue.Str("state") == "closed" && issue.Instant("closed_at") is { } closedAt)
        {
            Move("closed", closedAt, options.ClosedStatus);
        }

        return (item, events);
    }
}
