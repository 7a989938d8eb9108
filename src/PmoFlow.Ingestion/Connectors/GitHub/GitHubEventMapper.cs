using System.Globalization;
using System.Text.Json;
using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Connectors.Http;

namespace PmoFlow.Ingestion.Connectors.GitHub;

/// <summary>
/// Turns GitHub issues and issue events into items and events; statuses come from the configured
/// status labels and from open/closed.
/// </summary>
/// <remarks>
/// Keeps, per issue, the status labels present and the status derived so far in this read, so a
/// status event's <see cref="FlowEvent.FromStatus"/> is known once the read has seen an earlier one.
/// Feed events oldest first.
/// </remarks>
internal sealed class GitHubEventMapper(string source, GitHubSourceOptions options)
{
    private readonly Dictionary<string, IssueState> _issues = [];
    private readonly Dictionary<string, string> _labelStatuses = new(options.LabelStatuses, StringComparer.OrdinalIgnoreCase);

    public static bool IsPullRequest(JsonElement issue) => issue.Prop("pull_request") is not null;

    public static string KeyOf(JsonElement issue) =>
        (issue.Long("number") ?? throw new MalformedRecordException("missing 'number'")).ToString(CultureInfo.InvariantCulture);

    public WorkItem Item(JsonElement issue) => new(
        source,
        KeyOf(issue),
        IsPullRequest(issue) ? "pull request" : "issue",
        issue.Str("title"),
        issue.RequiredInstant("created_at"),
        Labels: issue.Labels("labels"));

    public FlowEvent Created(JsonElement issue) =>
        new(source, KeyOf(issue), "created", issue.RequiredInstant("created_at"), EventKind.Created, ToStatus: options.OpenStatus);

    /// <summary>Maps one issue event (from <c>/issues/events</c>, which embeds its issue); null for kinds PmoFlow ignores.</summary>
    public FlowEvent? Map(JsonElement e)
    {
        var id = e.Long("id") ?? throw new MalformedRecordException("missing 'id'");
        var key = KeyOf(e.RequiredObj("issue"));
        var at = e.RequiredInstant("created_at");
        var eventKey = id.ToString(CultureInfo.InvariantCulture);
        var state = _issues.TryGetValue(key, out var s) ? s : _issues[key] = IssueState.Seed(e.RequiredObj("issue"));
        var label = e.Prop("label").Str("name");

        FlowEvent? Status(string to)
        {
            var from = state.Status;
            state.Status = to;
            return from == to ? null : new FlowEvent(source, key, eventKey, at, EventKind.Status, from, to);
        }

        switch (e.Str("event"))
        {
            case "labeled" when label is not null:
                state.Labels.Remove(label);
                state.Labels.Add(label);
                if (options.BlockedLabels.Contains(label, StringComparer.OrdinalIgnoreCase))
                {
                    return new FlowEvent(source, key, eventKey, at, EventKind.Blocked, Value: $"label: {label}");
                }

                return _labelStatuses.TryGetValue(label, out var to) && !state.Closed ? Status(to) : null;
            case "unlabeled" when label is not null:
                state.Labels.Remove(label);
                if (options.BlockedLabels.Contains(label, StringComparer.OrdinalIgnoreCase))
                {
                    return new FlowEvent(source, key, eventKey, at, EventKind.Unblocked, Value: $"label: {label}");
                }

                return _labelStatuses.ContainsKey(label) && !state.Closed ? Status(OpenStatus(state)) : null;
            case "closed":
                state.Closed = true;
                return Status(options.ClosedStatus);
            case "reopened":
                state.Closed = false;
                return Status(OpenStatus(state));
            case "assigned":
            case "unassigned":
                return new FlowEvent(source, key, eventKey, at, EventKind.Field, Field: "assignee",
                    Value: e.Str("event") == "assigned" ? e.Prop("assignee").Str("login") : null);
            default:
                return null;
        }
    }

    // An open issue's status is that of its most recently added status label, else the open status.
    private string OpenStatus(IssueState state)
    {
        for (var i = state.Labels.Count - 1; i >= 0; i--)
        {
            if (_labelStatuses.TryGetValue(state.Labels[i], out var status))
            {
                return status;
            }
        }

        return options.OpenStatus;
    }

    private sealed class IssueState
    {
        /// <summary>
        /// First sight of an issue in this read: its labels as they are now are the best guess of what a later
        /// unlabel or reopen falls back to (events from earlier reads are not replayed).
        /// </summary>
        public static IssueState Seed(JsonElement issue)
        {
            // Whether it was closed at the time of the event is not known from its state now, so assume open.
            var state = new IssueState();
            state.Labels.AddRange(issue.Array("labels").Select(l => l.Str("name")).OfType<string>());
            return state;
        }

        public List<string> Labels { get; } = [];

        public string? Status { get; set; }

        public bool Closed { get; set; }
    }
}
