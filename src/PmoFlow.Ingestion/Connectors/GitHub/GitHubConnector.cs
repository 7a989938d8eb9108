using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PmoFlow.Core.Events;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Connectors.Http;

namespace PmoFlow.Ingestion.Connectors.GitHub;

/// <summary>
/// Reads a GitHub repository's issues (incrementally with <c>since</c>) and its issue events
/// (labeled / unlabeled, closed / reopened, assigned / unassigned) down to the last event id read.
/// </summary>
/// <remarks>
/// The cursor is a small JSON object: the newest issue update and the newest event id read, plus the
/// ETags of both listings' first pages, sent as <c>If-None-Match</c> so an unchanged repository costs two
/// 304 responses (which GitHub does not count against the rate limit). <c>x-ratelimit-remaining: 0</c>
/// makes the client wait for <c>x-ratelimit-reset</c> before its next request.
/// Events are listed newest first, so they are collected down to the saved id, then emitted oldest
/// first in batches whose cursor is the newest event id they hold.
/// </remarks>
public sealed class GitHubConnector : ITrackerConnector
{
    private readonly GitHubSourceOptions _options;
    private readonly TrackerHttpClient _http;
    private readonly ILogger _logger;
    private readonly string _repo;

    /// <summary>Creates the connector; the token is read now, from the environment or file the options name.</summary>
    public GitHubConnector(GitHubSourceOptions options, ILogger<GitHubConnector>? logger = null, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger<GitHubConnector>.Instance;
        _repo = $"{options.BaseUrl.TrimEnd('/')}/repos/{Uri.EscapeDataString(options.Owner)}/{Uri.EscapeDataString(options.Repository)}";
        var token = CredentialResolver.Resolve(options.TokenEnv, options.TokenFile, $"source '{options.Name}' token");
        _http = new TrackerHttpClient(options, new AuthenticationHeaderValue("Bearer", token),
            [new("Accept", "application/vnd.github+json"), new("X-GitHub-Api-Version", "2022-11-28")],
            _logger, time ?? TimeProvider.System, TimeSpan.FromSeconds(options.MaxRateLimitWaitSeconds), handler);
    }

    /// <inheritdoc/>
    public string Kind => "github";

    /// <inheritdoc/>
    public string SourceName => _options.Name;

    /// <inheritdoc/>
    public async IAsyncEnumerable<IngestBatch> ReadAsync(
        string? cursor, IProgress<ConnectorProgress>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = GitHubCursor.Parse(cursor);
        var counter = new ProgressCounter(_options.Name, progress);
        var mapper = new GitHubEventMapper(_options.Name, _options);

        // Issues: items and their creation, oldest update first.
        var issuesUrl = IssuesUrl(state.Since is { } since ? since - TimeSpan.FromMinutes(_options.OverlapMinutes) : null);
        var url = issuesUrl;
        var first = true;
        var hole = false;
        DateTimeOffset? newest = state.Since;
        while (url is not null)
        {
            var fetch = await _http.GetAsync(url, first && state.IssuesUrl == issuesUrl.ToString() ? state.IssuesETag : null, cancellationToken);
            if (fetch.Status == HttpStatusCode.NotModified)
            {
                break;
            }

            var etag = first ? fetch.Header("ETag") : null;
            first = false;
            url = LinkHeader.Next(fetch);
            var (batch, pageNewest, complete) = MapIssuesPage(fetch, mapper);
            hole |= !complete;
            if (!hole)
            {
                newest = pageNewest is { } n && (newest is null || n > newest) ? n : newest;
                state = state with { Since = newest };
                if (etag is not null)
                {
                    state = state with { IssuesETag = etag, IssuesUrl = issuesUrl.ToString() };
                }
            }

            batch = batch with { CursorAfter = state.ToString() };
            counter.Page(batch);
            yield return batch;
        }

        // Issue events: collected newest first down to the last id read, emitted oldest first.
        var (events, eventsETag, failed) = await CollectEventsAsync(state, counter, cancellationToken);
        if (failed is not null)
        {
            yield return failed;
            yield break;
        }

        for (var i = 0; i < events.Count; i += _options.PageSize)
        {
            var chunk = events.GetRange(i, Math.Min(_options.PageSize, events.Count - i));
            var batch = MapEvents(chunk, mapper);
            state = state with { EventId = chunk[^1].Id };
            if (i + _options.PageSize >= events.Count && eventsETag is not null)
            {
                state = state with { EventsETag = eventsETag };
            }

            batch = batch with { CursorAfter = state.ToString() };
            counter.Page(batch);
            yield return batch;
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<TrackerStatus>> ReadStatusesAsync(CancellationToken cancellationToken)
    {
        // GitHub has no status list: the open status, the configured label statuses and the closed status are it.
        var statuses = new List<TrackerStatus> { new(_options.OpenStatus, StageCategory.Backlog, "open") };
        foreach (var status in _options.LabelStatuses.Values.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            statuses.Add(new TrackerStatus(status, StageCategory.Active, "label"));
        }

        statuses.Add(new TrackerStatus(_options.ClosedStatus, StageCategory.Done, "closed"));
        return Task.FromResult<IReadOnlyList<TrackerStatus>>(statuses);
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private Uri IssuesUrl(DateTimeOffset? since) => new(string.Create(CultureInfo.InvariantCulture,
        $"{_repo}/issues?state=all&sort=updated&direction=asc&per_page={_options.PageSize}")
        + (since is { } s ? "&since=" + Uri.EscapeDataString(s.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)) : string.Empty));

    private (IngestBatch Batch, DateTimeOffset? Newest, bool Complete) MapIssuesPage(HttpFetch fetch, GitHubEventMapper mapper)
    {
        using var doc = Json.TryParse(fetch.Body, out var problem);
        if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            return (Quarantine.ListingFailure(_options.Name, fetch, problem ?? "The issues page is not a JSON array."), null, false);
        }

        var items = new List<WorkItem>();
        var events = new List<FlowEvent>();
        var quarantined = new List<QuarantineRecord>();
        DateTimeOffset? newest = null;
        foreach (var issue in doc.RootElement.EnumerateArray())
        {
            try
            {
                var updated = issue.RequiredInstant("updated_at");
                newest = newest is null || updated > newest ? updated : newest;
                if (GitHubEventMapper.IsPullRequest(issue) && !_options.IncludePullRequests)
                {
                    continue;
                }

                items.Add(mapper.Item(issue));
                events.Add(mapper.Created(issue));
            }
            catch (MalformedRecordException ex)
            {
                quarantined.Add(Quarantine.Record(_options.Name, fetch.Url, issue.GetRawText(), $"Issue skipped: {ex.Message}."));
            }
        }

        return (new IngestBatch(items, events, quarantined), newest, true);
    }

    private async Task<(List<(long Id, JsonElement Event)> Events, string? ETag, IngestBatch? Failed)> CollectEventsAsync(
        GitHubCursor state, ProgressCounter counter, CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, JsonElement>();
        Uri? url = new(string.Create(CultureInfo.InvariantCulture, $"{_repo}/issues/events?per_page={_options.PageSize}"));
        string? etag = null;
        var first = true;
        while (url is not null)
        {
            var fetch = await _http.GetAsync(url, first ? state.EventsETag : null, cancellationToken);
            if (fetch.Status == HttpStatusCode.NotModified)
            {
                return ([], null, null);
            }

            etag = first ? fetch.Header("ETag") : etag;
            first = false;
            using var doc = Json.TryParse(fetch.Body, out var problem);
            if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                // A hole in a newest-first listing: emit nothing past it; the next read starts over from the saved id.
                var failed = new IngestBatch([], [], [Quarantine.Payload(_options.Name, fetch, problem ?? "The events page is not a JSON array.")]);
                counter.Page(failed);
                return ([], null, failed);
            }

            var reachedKnown = false;
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.Long("id") is not { } id)
                {
                    continue;
                }

                if (id <= state.EventId)
                {
                    reachedKnown = true;
                    continue;
                }

                found.TryAdd(id, e.Clone());
            }

            url = reachedKnown ? null : LinkHeader.Next(fetch);
        }

        _logger.LogDebug("{Source}: {Count} new issue events", _options.Name, found.Count);
        return ([.. found.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value))], etag, null);
    }

    private IngestBatch MapEvents(List<(long Id, JsonElement Event)> chunk, GitHubEventMapper mapper)
    {
        var items = new Dictionary<string, WorkItem>();
        var events = new List<FlowEvent>();
        var quarantined = new List<QuarantineRecord>();
        foreach (var (_, e) in chunk)
        {
            try
            {
                var issue = e.RequiredObj("issue");
                if (GitHubEventMapper.IsPullRequest(issue) && !_options.IncludePullRequests)
                {
                    continue;
                }

                // Events may reach issues the issue listing did not (older than since): give them their item and creation too.
                if (items.TryAdd(GitHubEventMapper.KeyOf(issue), mapper.Item(issue)))
                {
                    events.Add(mapper.Created(issue));
                }

                if (mapper.Map(e) is { } mapped)
                {
                    events.Add(mapped);
                }
            }
            catch (MalformedRecordException ex)
            {
                quarantined.Add(Quarantine.Record(_options.Name, new Uri($"{_repo}/issues/events"), e.GetRawText(), $"Event skipped: {ex.Message}."));
            }
        }

        return new IngestBatch([.. items.Values], events, quarantined);
    }
}
