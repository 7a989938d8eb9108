using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PmoFlow.Core.Events;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Connectors.Http;

namespace PmoFlow.Ingestion.Connectors.GitLab;

/// <summary>
/// Reads a GitLab project's issues incrementally with <c>updated_after</c>, with each issue's resource
/// state events and resource label events; the cursor is the newest issue <c>updated_at</c> read.
/// </summary>
/// <remarks>
/// Issue pages are requested oldest update first; when GitLab reports <c>X-Total-Pages</c> the pages are
/// fetched ahead concurrently, otherwise <c>X-Next-Page</c> is followed. The two event listings of every
/// issue on a page are fetched concurrently, up to <see cref="TrackerSourceOptions.MaxConcurrency"/> requests.
/// </remarks>
public sealed class GitLabConnector : ITrackerConnector
{
    private readonly GitLabSourceOptions _options;
    private readonly TrackerHttpClient _http;
    private readonly ILogger _logger;
    private readonly string _project;

    /// <summary>Creates the connector; the token is read now, from the environment or file the options name.</summary>
    public GitLabConnector(GitLabSourceOptions options, ILogger<GitLabConnector>? logger = null, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger<GitLabConnector>.Instance;
        _project = $"{options.BaseUrl.TrimEnd('/')}/api/v4/projects/{Uri.EscapeDataString(options.Project)}";
        var token = CredentialResolver.Resolve(options.TokenEnv, options.TokenFile, $"source '{options.Name}' token");
        _http = new TrackerHttpClient(options, new AuthenticationHeaderValue("Bearer", token), [new("Accept", "application/json")],
            _logger, time ?? TimeProvider.System, TimeSpan.FromSeconds(options.MaxRetryDelaySeconds), handler);
    }

    /// <inheritdoc/>
    public string Kind => "gitlab";

    /// <inheritdoc/>
    public string SourceName => _options.Name;

    /// <inheritdoc/>
    public async IAsyncEnumerable<IngestBatch> ReadAsync(
        string? cursor, IProgress<ConnectorProgress>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        DateTimeOffset? saved = string.IsNullOrWhiteSpace(cursor) ? null
            : Json.ParseInstant(cursor) ?? throw new FormatException($"The saved GitLab cursor '{cursor}' is not an ISO 8601 instant.");
        var after = saved - TimeSpan.FromMinutes(_options.OverlapMinutes);
        var counter = new ProgressCounter(_options.Name, progress);
        var newest = saved;
        var hole = false;

        var first = await ReadPageAsync(after, 1, cancellationToken);
        counter.TotalPages = first.TotalPages;
        yield return Emit(first);

        if (first.TotalPages is { } total)
        {
            var pages = Enumerable.Range(2, Math.Max(0, total - 1))
                .Select(p => (Func<CancellationToken, Task<PageResult>>)(ct => ReadPageAsync(after, p, ct)));
            await foreach (var page in OrderedPrefetch.RunAsync(pages, _options.MaxConcurrency, cancellationToken))
            {
                yield return Emit(page);
            }
        }
        else
        {
            for (var next = first.NextPage; next is { } n;)
            {
                var page = await ReadPageAsync(after, n, cancellationToken);
                next = page.NextPage;
                yield return Emit(page);
            }
        }

        IngestBatch Emit(PageResult page)
        {
            hole |= !page.Complete;
            if (!hole && page.Newest is { } n && (newest is null || n > newest))
            {
                newest = n;
            }

            var batch = page.Batch with { CursorAfter = hole || newest is null ? null : Json.FormatInstant(newest.Value) };
            counter.Page(batch);
            return batch;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TrackerStatus>> ReadStatusesAsync(CancellationToken cancellationToken)
    {
        var prefix = _options.StatusLabelScope + "::";
        var statuses = new List<TrackerStatus> { new(_options.OpenStatus, StageCategory.Backlog, "opened") };
        var fetch = await _http.GetAsync(new Uri($"{_project}/labels?per_page=100&search={Uri.EscapeDataString(prefix)}"), null, cancellationToken);
        using var doc = Json.TryParse(fetch.Body, out var problem) ?? throw new TrackerHttpException($"GET {fetch.Url}: {problem}");
        foreach (var label in doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray() : default)
        {
            if (label.Str("name") is { } name && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                statuses.Add(new TrackerStatus(name[prefix.Length..], StageCategory.Active, "scoped label"));
            }
        }

        statuses.Add(new TrackerStatus(_options.ClosedStatus, StageCategory.Done, "closed"));
        return statuses;
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private Uri IssuesUrl(DateTimeOffset? after, int page) => new(string.Create(CultureInfo.InvariantCulture,
        $"{_project}/issues?scope=all&order_by=updated_at&sort=asc&per_page={_options.PageSize}&page={page}")
        + (after is { } a ? "&updated_after=" + Uri.EscapeDataString(Json.FormatInstant(a)) : string.Empty));

    private async Task<PageResult> ReadPageAsync(DateTimeOffset? after, int page, CancellationToken cancellationToken)
    {
        var fetch = await _http.GetAsync(IssuesUrl(after, page), null, cancellationToken);
        var totalPages = (int?)fetch.LongHeader("X-Total-Pages");
        var nextPage = (int?)fetch.LongHeader("X-Next-Page");
        using var doc = Json.TryParse(fetch.Body, out var problem);
        if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            return new PageResult(Quarantine.ListingFailure(_options.Name, fetch, problem ?? "The issues page is not a JSON array."),
                false, null, totalPages, nextPage);
        }

        var issues = doc.RootElement.EnumerateArray().ToList();
        var quarantined = new List<QuarantineRecord>();
        var complete = true;
        var histories = await OrderedPrefetch.ForAllAsync(issues, _options.MaxConcurrency, async (issue, ct) =>
        {
            if (issue.Long("iid") is not { } iid)
            {
                return (State: new EventList([], [], true), Labels: new EventList([], [], true));
            }

            var state = ReadEventsAsync(iid, "resource_state_events", ct);
            var labels = ReadEventsAsync(iid, "resource_label_events", ct);
            return (State: await state, Labels: await labels);
        }, cancellationToken);

        var items = new List<WorkItem>();
        var events = new List<FlowEvent>();
        DateTimeOffset? newest = null;
        for (var i = 0; i < issues.Count; i++)
        {
            var (state, labels) = histories[i];
            quarantined.AddRange(state.Quarantined);
            quarantined.AddRange(labels.Quarantined);
            complete &= state.Complete && labels.Complete;
            try
            {
                var updated = issues[i].RequiredInstant("updated_at");
                var (item, itemEvents) = GitLabIssueMapper.Map(_options.Name, issues[i], state.Events, labels.Events, _options);
                items.Add(item);

                // A partial history would store wrong moves for good (events are insert-only): wait for the re-read.
                if (state.Complete && labels.Complete)
                {
                    events.AddRange(itemEvents);
                }
                newest = newest is null || updated > newest ? updated : newest;
            }
            catch (MalformedRecordException ex)
            {
                quarantined.Add(Quarantine.Record(_options.Name, fetch.Url, issues[i].GetRawText(), $"Issue skipped: {ex.Message}."));
            }
        }

        return new PageResult(new IngestBatch(items, events, quarantined), complete, newest, totalPages, nextPage);
    }

    private async Task<EventList> ReadEventsAsync(long iid, string kind, CancellationToken cancellationToken)
    {
        var events = new List<JsonElement>();
        for (int? page = 1; page is { } p;)
        {
            var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"{_project}/issues/{iid}/{kind}?per_page=100&page={p}"));
            HttpFetch fetch;
            try
            {
                fetch = await _http.GetAsync(url, null, cancellationToken);
            }
            catch (TrackerHttpException ex)
            {
                _logger.LogWarning("{Source}: {Url} failed: {Message}", _options.Name, Core.Security.Redactor.Redact(url.ToString()), Core.Security.Redactor.Redact(ex.Message));
                return new EventList(events, [Quarantine.Failure(_options.Name, url, ex)], false);
            }

            using var doc = Json.TryParse(fetch.Body, out var problem);
            if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                return new EventList(events, [Quarantine.Payload(_options.Name, fetch, problem ?? $"The {kind} page is not a JSON array.")], false);
            }

            events.AddRange(doc.RootElement.EnumerateArray().Select(e => e.Clone()));
            page = (int?)fetch.LongHeader("X-Next-Page");
        }

        return new EventList(events, [], true);
    }

    private sealed record PageResult(IngestBatch Batch, bool Complete, DateTimeOffset? Newest, int? TotalPages, int? NextPage);

    private sealed record EventList(IReadOnlyList<JsonElement> Events, IReadOnlyList<QuarantineRecord> Quarantined, bool Complete);
}
