using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PmoFlow.Core.Events;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Connectors.Http;

namespace PmoFlow.Ingestion.Connectors.GitHubProject;

/// <summary>
/// Reads a GitHub Projects (v2) board through the GraphQL API: the project's items with their issues, the
/// current value of the status field, and each issue's project timeline (<c>AddedToProjectV2Event</c>,
/// <c>ProjectV2ItemStatusChangedEvent</c>, <c>RemovedFromProjectV2Event</c>).
/// </summary>
/// <remarks>
/// GitHub has been seen not writing some status events (since late September 2026), so every run also compares
/// each item's current status with the last status its timeline explains; where they differ it stores an
/// <em>observed</em> change (<see cref="ObservedValue"/>) at the item's <c>updatedAt</c>. Its key names the last
/// timeline event and the status, so later runs that see the same state add nothing.
/// Project items cannot be listed by update, so every run reads every item (the store's idempotence makes that
/// harmless); the cursor records the newest item update seen. Rate limits: <c>x-ratelimit-*</c> headers (the
/// client waits for the reset when none are left), secondary limits (403/429 with <c>Retry-After</c>) and
/// <c>RATE_LIMITED</c> GraphQL errors are retried.
/// </remarks>
public sealed class GitHubProjectConnector : ITrackerConnector
{
    /// <summary>The <see cref="FlowEvent.Value"/> of a status change seen in the item's current status but in no timeline event.</summary>
    public const string ObservedValue = FlowEvent.Observed;

    private const string TimelineTypes = "itemTypes: [ADDED_TO_PROJECT_V2_EVENT, PROJECT_V2_ITEM_STATUS_CHANGED_EVENT, REMOVED_FROM_PROJECT_V2_EVENT]";

    private const string TimelineFields = """
        pageInfo { hasNextPage endCursor }
        nodes {
          __typename
          ... on AddedToProjectV2Event { id createdAt project { number } }
          ... on RemovedFromProjectV2Event { id createdAt project { number } }
          ... on ProjectV2ItemStatusChangedEvent { id createdAt previousStatus status project { number } }
        }
        """;

    private readonly GitHubProjectSourceOptions _options;
    private readonly TrackerHttpClient _http;
    private readonly ILogger _logger;
    private readonly string _ownerField;

    /// <summary>Creates the connector; the token is read now, from the environment or file the options name.</summary>
    public GitHubProjectConnector(GitHubProjectSourceOptions options, ILogger<GitHubProjectConnector>? logger = null, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger<GitHubProjectConnector>.Instance;
        _ownerField = options.OwnerType == GitHubProjectOwnerType.User ? "user" : "organization";
        var token = CredentialResolver.Resolve(options.TokenEnv, options.TokenFile, $"source '{options.Name}' token");
        _http = new TrackerHttpClient(options, new AuthenticationHeaderValue("Bearer", token), [new("Accept", "application/json")],
            _logger, time ?? TimeProvider.System, TimeSpan.FromSeconds(options.MaxRateLimitWaitSeconds), handler);
    }

    /// <inheritdoc/>
    public string Kind => "github-project";

    /// <inheritdoc/>
    public string SourceName => _options.Name;

    /// <summary>HTTP attempts sent so far (for tests).</summary>
    public int RequestCount => _http.RequestCount;

    /// <summary>The items query (one page of the project's items, each with its issue's first timeline page).</summary>
    internal string ItemsQuery => $$"""
        query ProjectItems($owner: String!, $number: Int!, $first: Int!, $after: String, $statusField: String!) {
          rateLimit { cost remaining resetAt }
          owner: {{_ownerField}}(login: $owner) {
            projectV2(number: $number) {
              items(first: $first, after: $after) {
                pageInfo { hasNextPage endCursor }
                nodes {
                  id
                  type
                  isArchived
                  updatedAt
                  fieldValueByName(name: $statusField) { ... on ProjectV2ItemFieldSingleSelectValue { name optionId } }
                  content {
                    __typename
                    ... on Issue {
                      id number title createdAt updatedAt
                      repository { nameWithOwner }
                      labels(first: 50) { nodes { name } }
                      timelineItems(first: 100, {{TimelineTypes}}) {
        {{TimelineFields}}
                      }
                    }
                  }
                }
              }
            }
          }
        }
        """;

    private const string TimelineQuery = $$"""
        query IssueTimeline($id: ID!, $after: String) {
          rateLimit { cost remaining resetAt }
          node(id: $id) {
            ... on Issue {
              timelineItems(first: 100, after: $after, {{TimelineTypes}}) {
        {{TimelineFields}}
              }
            }
          }
        }
        """;

    /// <inheritdoc/>
    public async IAsyncEnumerable<IngestBatch> ReadAsync(
        string? cursor, IProgress<ConnectorProgress>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var newest = ParseCursor(cursor);
        var counter = new ProgressCounter(_options.Name, progress);
        var hole = false;
        string? after = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var variables = new JsonObject
            {
                ["owner"] = _options.Owner,
                ["number"] = _options.ProjectNumber,
                ["first"] = _options.PageSize,
                ["after"] = after,
                ["statusField"] = _options.StatusField,
            };
            var (data, fetch, problem) = await QueryAsync("ProjectItems", ItemsQuery, variables, cancellationToken);
            if (data is null)
            {
                // Without this page there is no cursor for the next one: stop, holding the saved cursor.
                var failed = new IngestBatch([], [], [Quarantine.Payload(_options.Name, fetch, problem!)]);
                counter.Page(failed);
                yield return failed;
                yield break;
            }

            var items = data.Value.Prop("owner").Prop("projectV2")?.Prop("items")
                ?? throw new TrackerHttpException(
                    $"Source '{_options.Name}': GitHub has no project {_options.ProjectNumber} of {_options.OwnerType.ToString().ToLowerInvariant()} '{_options.Owner}' "
                    + $"(or the token cannot read it){(problem is null ? string.Empty : $": {TrackerHttpClient.Truncate(problem, 300)}")}. Check sources.{_options.Name}.owner, ownerType and projectNumber, and that the token has the read:project scope.");
            var (batch, complete, pageNewest) = await MapItemsAsync(items, fetch.Url, cancellationToken);
            hole |= !complete;
            if (!hole && pageNewest is { } n && (newest is null || n > newest))
            {
                newest = n;
            }

            batch = batch with { CursorAfter = hole || newest is null ? null : "github-project:v1:" + Json.FormatInstant(newest.Value) };
            counter.Page(batch);
            yield return batch;

            var pageInfo = items.Prop("pageInfo");
            if (pageInfo?.Prop("hasNextPage") is not { ValueKind: JsonValueKind.True } || pageInfo.Str("endCursor") is not { } end)
            {
                yield break;
            }

            if (!seen.Add(end))
            {
                throw new TrackerHttpException(
                    $"POST {_options.GraphQlUrl}: the project's items returned the endCursor '{end}' twice: the read would loop, so source '{_options.Name}' stops here (the pages before are stored).");
            }

            after = end;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TrackerStatus>> ReadStatusesAsync(CancellationToken cancellationToken)
    {
        var query = $$"""
            query StatusOptions($owner: String!, $number: Int!, $statusField: String!) {
              owner: {{_ownerField}}(login: $owner) {
                projectV2(number: $number) { field(name: $statusField) { ... on ProjectV2SingleSelectField { options { name } } } }
              }
            }
            """;
        var (data, _, problem) = await QueryAsync("StatusOptions", query,
            new JsonObject { ["owner"] = _options.Owner, ["number"] = _options.ProjectNumber, ["statusField"] = _options.StatusField }, cancellationToken);
        var options = data?.Prop("owner").Prop("projectV2")?.Prop("field")?.Array("options").Select(o => o.Str("name")).OfType<string>().ToList()
            ?? throw new TrackerHttpException($"Source '{_options.Name}': the project has no single-select field '{_options.StatusField}' ({problem ?? "not found"}). Check sources.{_options.Name}.statusField.");

        // A board's options run left to right: the first is where work waits, the last where it is done.
        return [.. options.Select((name, i) => new TrackerStatus(name,
            i == 0 ? StageCategory.Backlog : i == options.Count - 1 ? StageCategory.Done : StageCategory.Active, "option"))];
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private static DateTimeOffset? ParseCursor(string? cursor)
    {
        const string Prefix = "github-project:v1:";
        if (string.IsNullOrWhiteSpace(cursor))
        {
            return null;
        }

        return cursor.StartsWith(Prefix, StringComparison.Ordinal) && Json.ParseInstant(cursor[Prefix.Length..]) is { } at
            ? at
            : throw new FormatException($"The saved GitHub project cursor '{cursor}' is not readable.");
    }

    private async Task<(IngestBatch Batch, bool Complete, DateTimeOffset? Newest)> MapItemsAsync(JsonElement items, Uri url, CancellationToken cancellationToken)
    {
        var workItems = new List<WorkItem>();
        var events = new List<FlowEvent>();
        var quarantined = new List<QuarantineRecord>();
        var complete = true;
        DateTimeOffset? newest = null;
        foreach (var node in items.Array("nodes"))
        {
            if (node.Prop("content") is not { } content || content.Str("__typename") != "Issue")
            {
                // Draft issues and pull requests have no issue timeline to read; redacted items have no content.
                continue;
            }

            try
            {
                var updated = node.RequiredInstant("updatedAt");
                var key = $"{content.RequiredObj("repository").RequiredStr("nameWithOwner")}#{content.RequiredStr("number")}";
                var created = content.RequiredInstant("createdAt");
                var timeline = content.RequiredObj("timelineItems");
                var (nodes, failure) = await TimelineAsync(content.RequiredStr("id"), timeline, cancellationToken);
                newest = newest is null || updated > newest ? updated : newest;
                workItems.Add(new WorkItem(_options.Name, key, "Issue", content.Str("title"), created, Labels: content.Prop("labels")?.Labels("nodes")));
                if (failure is not null)
                {
                    // Half a history could record wrong moves: the item's events wait for a run that reads it all.
                    quarantined.Add(Quarantine.Record(_options.Name, url, node.GetRawText(), $"Item {key} skipped: its timeline could not be read in full ({failure})."));
                    complete = false;
                    continue;
                }

                events.AddRange(MapEvents(key, created, updated, node.Prop("fieldValueByName").Str("name"), nodes));
            }
            catch (MalformedRecordException ex)
            {
                quarantined.Add(Quarantine.Record(_options.Name, url, node.GetRawText(), $"Item skipped: {ex.Message}."));
            }
        }

        return (new IngestBatch(workItems, events, quarantined), complete, newest);
    }

    /// <summary>Every timeline node of an issue: the embedded first page, then <c>IssueTimeline</c> pages while there are more.</summary>
    private async Task<(List<JsonElement> Nodes, string? Failure)> TimelineAsync(string issueId, JsonElement first, CancellationToken cancellationToken)
    {
        var nodes = first.Array("nodes").Select(n => n.Clone()).ToList();
        var page = first;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (page.Prop("pageInfo") is { } info && info.Prop("hasNextPage") is { ValueKind: JsonValueKind.True })
        {
            if (info.Str("endCursor") is not { } end || !seen.Add(end))
            {
                return (nodes, "the timeline's endCursor repeated");
            }

            try
            {
                var (data, _, problem) = await QueryAsync("IssueTimeline", TimelineQuery, new JsonObject { ["id"] = issueId, ["after"] = end }, cancellationToken);
                if (data?.Prop("node")?.Prop("timelineItems") is not { } next)
                {
                    return (nodes, problem ?? "no timelineItems in the answer");
                }

                nodes.AddRange(next.Array("nodes").Select(n => n.Clone()));
                page = next.Clone();
            }
            catch (TrackerHttpException ex) when (ex.Status is not HttpStatusCode.Unauthorized)
            {
                return (nodes, ex.Message);
            }
        }

        return (nodes, null);
    }

    /// <summary>The item's events: creation, its project timeline, and an observed change when the current status is unexplained.</summary>
    private List<FlowEvent> MapEvents(string key, DateTimeOffset created, DateTimeOffset updated, string? current, List<JsonElement> nodes)
    {
        var source = _options.Name;
        var mine = nodes
            .Where(n => n.Prop("project").Long("number") == _options.ProjectNumber)
            .Select(n => (Node: n, Id: n.RequiredStr("id"), At: n.RequiredInstant("createdAt"), Type: n.Str("__typename")))
            .OrderBy(n => n.At)
            .ThenBy(n => n.Id, StringComparer.Ordinal)
            .ToList();
        var statusChanges = mine.Where(n => n.Type == "ProjectV2ItemStatusChangedEvent").ToList();
        var initial = statusChanges.Count > 0 ? NullIfEmpty(statusChanges[0].Node.Str("previousStatus")) : null;
        var events = new List<FlowEvent> { new(source, key, "created", created, EventKind.Created, ToStatus: initial) };
        string? last = initial;
        string? lastId = null;
        var lastAt = created;
        foreach (var (node, id, at, type) in mine)
        {
            switch (type)
            {
                case "ProjectV2ItemStatusChangedEvent":
                    var to = NullIfEmpty(node.Str("status"));
                    events.Add(new FlowEvent(source, key, id, at, EventKind.Status, NullIfEmpty(node.Str("previousStatus")), to));
                    (last, lastId, lastAt) = (to, id, at);
                    break;
                case "AddedToProjectV2Event":
                    events.Add(new FlowEvent(source, key, id, at, EventKind.Field, Field: "project",
                        Value: string.Create(CultureInfo.InvariantCulture, $"added to project {_options.ProjectNumber}")));
                    break;
                case "RemovedFromProjectV2Event":
                    events.Add(new FlowEvent(source, key, id, at, EventKind.Removed, Value: string.Create(CultureInfo.InvariantCulture, $"removed from project {_options.ProjectNumber}")));
                    break;
            }
        }

        current = NullIfEmpty(current);
        if (current is not null && !string.Equals(current, last, StringComparison.Ordinal))
        {
            // No event explains the current status: record it as seen, at the item's last update (never before what is known).
            var at = updated > lastAt ? updated : lastAt;
            events.Add(new FlowEvent(source, key, $"observed:{lastId ?? "created"}:{current}", at, EventKind.Status, last, current, Value: ObservedValue));
        }

        return events;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>
    /// One GraphQL request. Returns <c>data</c>, or the reason the answer is unusable (malformed JSON). GraphQL
    /// errors with no data throw, naming them; <c>RATE_LIMITED</c> errors are retried (the client waits for the
    /// reset the headers announce).
    /// </summary>
    private async Task<(JsonElement? Data, HttpFetch Fetch, string? Problem)> QueryAsync(
        string operation, string query, JsonObject variables, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["query"] = query, ["variables"] = variables, ["operationName"] = operation }.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            HttpFetch fetch;
            try
            {
                fetch = await _http.PostJsonAsync(_options.GraphQlUrl, body, cancellationToken);
            }
            catch (TrackerHttpException ex) when (ex.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new TrackerHttpException(
                    $"POST {_options.GraphQlUrl} answered {(int)ex.Status!} {ex.Status}{GitHubMessage(ex.Body)}. Check sources.{_options.Name}.tokenEnv/tokenFile "
                    + "and that the token may read the project (classic tokens: read:project and repo).", ex.Status, ex, ex.Body);
            }

            using var doc = Json.TryParse(fetch.Body, out var problem);
            if (doc is null)
            {
                return (null, fetch, problem);
            }

            var root = doc.RootElement;
            var errors = root.Array("errors").ToList();
            var data = root.Prop("data");
            if (errors.Count > 0 && errors.Exists(e => e.Str("type") == "RATE_LIMITED") && attempt < _options.MaxRetries)
            {
                _logger.LogWarning("{Source}: GraphQL {Operation} was rate limited; retrying after the reset", _options.Name, operation);
                await Task.Delay(TimeSpan.FromSeconds(_options.RetryBaseDelaySeconds), cancellationToken);
                continue;
            }

            if (errors.Count > 0 && (data is null || data.Value.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.Null || p.Name == "rateLimit")))
            {
                throw new TrackerHttpException(
                    $"POST {_options.GraphQlUrl} ({operation}) answered GraphQL errors: {TrackerHttpClient.Truncate(string.Join("; ", errors.Select(e => e.Str("message"))), 300)}. "
                    + $"Check sources.{_options.Name}.owner, ownerType, projectNumber and statusField.");
            }

            if (data is null)
            {
                return (null, fetch, "The answer has no 'data'.");
            }

            // Partial data: the errors say why a part is null (e.g. NOT_FOUND for the project).
            return (data.Value.Clone(), fetch, errors.Count == 0 ? null : string.Join("; ", errors.Select(e => e.Str("message"))));
        }
    }

    private static string GitHubMessage(string? body)
    {
        using var doc = body is null ? null : Json.TryParse(body, out _);
        return doc?.RootElement.Str("message") is { Length: > 0 } m ? $" (GitHub says: {TrackerHttpClient.Truncate(m, 300)})" : string.Empty;
    }
}
