using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PmoFlow.Core.Events;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Connectors.Http;

namespace PmoFlow.Ingestion.Connectors.Jira;

/// <summary>
/// Reads Jira Cloud or Data Center issues with their changelogs, scoped by JQL or board, incrementally by
/// <c>updated</c>. The cursor is the last issue's <c>updated</c> instant (ISO 8601 UTC).
/// </summary>
/// <remarks>
/// Jira Cloud (see <c>JiraConnector.Cloud.cs</c>) searches with <c>/rest/api/3/search/jql</c> and reads changelogs
/// in bulk; Data Center (and the agile board listing) pages <c>/search</c> by <c>startAt</c> with embedded changelogs.
/// </remarks>
/// <remarks>
/// Pages are requested <c>ORDER BY updated ASC</c>, so each batch's cursor is the newest update it holds;
/// the next read starts <see cref="JiraSourceOptions.OverlapMinutes"/> earlier and the stable event keys
/// (changelog history id + item index) make the overlap harmless. Pages after the first and truncated
/// changelogs are fetched concurrently, up to <see cref="TrackerSourceOptions.MaxConcurrency"/> requests.
/// </remarks>
public sealed partial class JiraConnector : ITrackerConnector
{
    private const int ChangelogPageSize = 100;

    private readonly JiraSourceOptions _options;
    private readonly TrackerHttpClient _http;
    private readonly ILogger _logger;
    private readonly string _root;
    private readonly TimeZoneInfo _jqlZone;
    private JiraDeployment? _deployment;

    /// <summary>Creates the connector; the credential is read now, from the environment or file the options name.</summary>
    public JiraConnector(JiraSourceOptions options, ILogger<JiraConnector>? logger = null, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger<JiraConnector>.Instance;
        _root = options.BaseUrl.TrimEnd('/');
        _jqlZone = TimeZoneInfo.FindSystemTimeZoneById(options.JqlTimeZone);
        var token = CredentialResolver.Resolve(options.TokenEnv, options.TokenFile, $"source '{options.Name}' token");
        AuthenticationHeaderValue auth;
        if (options.Auth == JiraAuthMode.ApiToken)
        {
            var email = options.Email ?? CredentialResolver.Resolve(options.EmailEnv, null, $"source '{options.Name}' e-mail");
            auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{token}")));
        }
        else
        {
            auth = new AuthenticationHeaderValue("Bearer", token);
        }

        _http = new TrackerHttpClient(options, auth, [new("Accept", "application/json")], _logger, time ?? TimeProvider.System,
            TimeSpan.FromSeconds(options.MaxRetryDelaySeconds), handler);
    }

    /// <inheritdoc/>
    public string Kind => "jira";

    /// <inheritdoc/>
    public string SourceName => _options.Name;

    /// <summary>HTTP attempts sent so far (for tests and benchmarks).</summary>
    public int RequestCount => _http.RequestCount;

    /// <inheritdoc/>
    public async IAsyncEnumerable<IngestBatch> ReadAsync(
        string? cursor, IProgress<ConnectorProgress>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var saved = ParseCursor(cursor);
        var counter = new ProgressCounter(_options.Name, progress);
        var deployment = await DeploymentAsync(cancellationToken);

        // The agile board listing still pages by startAt on Cloud; only the platform search moved to nextPageToken.
        var batches = deployment == JiraDeployment.Cloud && _options.BoardId is null
            ? ReadCloudAsync(saved, counter, cancellationToken)
            : ReadStartAtAsync(saved, counter, cancellationToken);
        await foreach (var batch in batches)
        {
            yield return batch;
        }
    }

    /// <summary>Data Center's <c>/rest/api/2/search</c> and the agile board listing: startAt pages with <c>expand=changelog</c>.</summary>
    private async IAsyncEnumerable<IngestBatch> ReadStartAtAsync(
        DateTimeOffset? saved, ProgressCounter counter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var jql = BuildJql(saved);
        var last = saved;
        var hole = false;

        var first = await ReadPageAsync(jql, 0, cancellationToken);
        if (first.Total is { } total && first.Step > 0)
        {
            counter.TotalPages = (int)((total + first.Step - 1) / first.Step);
        }

        yield return Emit(first);
        if (first.Total is null || first.Step <= 0)
        {
            yield break;
        }

        var starts = new List<long>();
        for (var start = first.Step; start < first.Total; start += first.Step)
        {
            starts.Add(start);
        }

        var pages = starts.Select(s => (Func<CancellationToken, Task<PageResult>>)(ct => ReadPageAsync(jql, s, ct)));
        await foreach (var page in OrderedPrefetch.RunAsync(pages, _options.MaxConcurrency, cancellationToken))
        {
            yield return Emit(page);
        }

        IngestBatch Emit(PageResult page)
        {
            // After a page that could not be read completely the cursor stays put, so the next read retries it.
            hole |= !page.Complete;
            if (!hole && page.MaxUpdated is { } updated && (last is null || updated > last))
            {
                last = updated;
            }

            var batch = page.Batch with { CursorAfter = hole || last is null ? null : Json.FormatInstant(last.Value) };
            counter.Page(batch);
            return batch;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TrackerStatus>> ReadStatusesAsync(CancellationToken cancellationToken)
    {
        var fetch = await GetAsync(new Uri($"{_root}/rest/api/{_options.ApiVersion}/status"), cancellationToken);
        using var doc = Json.TryParse(fetch.Body, out var problem)
            ?? throw new TrackerHttpException($"GET {fetch.Url}: {problem}");
        var statuses = new List<TrackerStatus>();
        foreach (var s in doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray() : default)
        {
            if (s.Str("name") is not { } name || statuses.Exists(x => x.Name == name))
            {
                continue;
            }

            var category = s.Prop("statusCategory").Str("key") ?? "undefined";
            statuses.Add(new TrackerStatus(name, category switch
            {
                "done" => StageCategory.Done,
                "indeterminate" => StageCategory.Active,
                _ => StageCategory.Backlog,
            }, category));
        }

        return statuses;
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    /// <summary>The JQL of a read from <paramref name="since"/>: the configured filter, the incremental bound, updated order.</summary>
    internal string BuildJql(DateTimeOffset? since)
    {
        var clauses = new List<string>();
        if (!string.IsNullOrWhiteSpace(_options.Jql))
        {
            clauses.Add($"({OrderBy().Split(_options.Jql)[0].Trim()})");
        }

        if (since is { } s)
        {
            // JQL dates have minute precision and are read in the API user's zone; flooring only widens the overlap.
            var local = TimeZoneInfo.ConvertTime(s - TimeSpan.FromMinutes(_options.OverlapMinutes), _jqlZone);
            clauses.Add(string.Create(CultureInfo.InvariantCulture, $"updated >= '{local:yyyy/MM/dd HH:mm}'"));
        }

        return string.Join(" AND ", clauses) + (clauses.Count > 0 ? " " : string.Empty) + "ORDER BY updated ASC, key ASC";
    }

    private static DateTimeOffset? ParseCursor(string? cursor) =>
        string.IsNullOrWhiteSpace(cursor) ? null
        : Json.ParseInstant(cursor) ?? throw new FormatException($"The saved Jira cursor '{cursor}' is not an ISO 8601 instant.");

    private Uri PageUrl(string jql, long startAt)
    {
        var path = _options.BoardId is { } board
            ? $"{_root}/rest/agile/1.0/board/{board}/issue"
            : $"{_root}/rest/api/{_options.ApiVersion}/search";
        return new Uri(string.Create(CultureInfo.InvariantCulture,
            $"{path}?jql={Uri.EscapeDataString(jql)}&expand=changelog&startAt={startAt}&maxResults={_options.PageSize}"));
    }

    private async Task<PageResult> ReadPageAsync(string jql, long startAt, CancellationToken cancellationToken)
    {
        var url = PageUrl(jql, startAt);
        var fetch = await GetAsync(url, cancellationToken);
        using var doc = Json.TryParse(fetch.Body, out var problem);
        if (doc is null || doc.RootElement.Prop("issues") is not { ValueKind: JsonValueKind.Array } issues)
        {
            return new PageResult(
                Quarantine.ListingFailure(_options.Name, fetch, problem ?? "The page has no 'issues' array."),
                Complete: false, MaxUpdated: null, Total: null, Step: 0);
        }

        var root = doc.RootElement;
        var quarantined = new List<QuarantineRecord>();
        var complete = true;
        var parsed = new List<(JsonElement Issue, string Id, DateTimeOffset Updated, bool ChangelogComplete)>();
        foreach (var issue in issues.EnumerateArray())
        {
            try
            {
                var (id, _, updated, changelogComplete) = JiraIssueMapper.Peek(issue);
                parsed.Add((issue, id, updated, changelogComplete));
            }
            catch (MalformedRecordException ex)
            {
                quarantined.Add(Quarantine.Record(_options.Name, fetch.Url, issue.GetRawText(), $"Issue skipped: {ex.Message}."));
            }
        }

        // Truncated embedded changelogs: on Cloud (a board read) in bulk, on Data Center one issue at a time.
        var extra = _deployment == JiraDeployment.Cloud
            ? await TruncatedInBulkAsync([.. parsed.Select(p => (p.Id, p.ChangelogComplete))], quarantined, cancellationToken)
            : await OrderedPrefetch.ForAllAsync(parsed, _options.MaxConcurrency,
                (p, ct) => p.ChangelogComplete ? Task.FromResult(ChangelogResult.Empty) : ReadChangelogAsync(p.Id, ct), cancellationToken);

        var items = new List<WorkItem>();
        var events = new List<FlowEvent>();
        DateTimeOffset? maxUpdated = null;
        for (var i = 0; i < parsed.Count; i++)
        {
            var (issue, _, updated, _) = parsed[i];
            quarantined.AddRange(extra[i].Quarantined);
            complete &= extra[i].Complete;
            try
            {
                var embedded = issue.Prop("changelog") is { } c ? c.Array("histories") : [];
                var (item, itemEvents) = JiraIssueMapper.Map(_options.Name, issue, embedded.Concat(extra[i].Histories), _options);
                items.Add(item);

                // With part of the changelog missing the creation status could be wrong, and events are insert-only:
                // keep the item, and take its events from the re-read the held cursor guarantees.
                if (extra[i].Complete)
                {
                    events.AddRange(itemEvents);
                }
            }
            catch (MalformedRecordException ex)
            {
                quarantined.Add(Quarantine.Record(_options.Name, fetch.Url, issue.GetRawText(), $"Issue skipped: {ex.Message}."));
            }

            maxUpdated = maxUpdated is null || updated > maxUpdated ? updated : maxUpdated;
        }

        var step = root.Long("maxResults") is { } m and > 0 ? m : parsed.Count;
        return new PageResult(new IngestBatch(items, events, quarantined), complete, maxUpdated, root.Long("total"), step);
    }

    private async Task<ChangelogResult> ReadChangelogAsync(string issueId, CancellationToken cancellationToken)
    {
        var first = await ReadChangelogPageAsync(issueId, 0, cancellationToken);
        if (!first.Complete || first.Total is not { } total || first.Step <= 0 || total <= first.Step)
        {
            return first;
        }

        // The server may cap maxResults below what was asked: step by what it actually returned.
        var starts = new List<long>();
        for (var s = first.Step; s < total; s += first.Step)
        {
            starts.Add(s);
        }

        var rest = await OrderedPrefetch.ForAllAsync(starts, _options.MaxConcurrency, (s, ct) => ReadChangelogPageAsync(issueId, s, ct), cancellationToken);
        return new ChangelogResult(
            [.. first.Histories, .. rest.SelectMany(r => r.Histories)],
            [.. first.Quarantined, .. rest.SelectMany(r => r.Quarantined)],
            rest.All(r => r.Complete),
            total,
            first.Step);
    }

    private async Task<ChangelogResult> ReadChangelogPageAsync(string issueId, long startAt, CancellationToken cancellationToken)
    {
        var url = new Uri(string.Create(CultureInfo.InvariantCulture,
            $"{_root}/rest/api/{_options.ApiVersion}/issue/{Uri.EscapeDataString(issueId)}/changelog?startAt={startAt}&maxResults={ChangelogPageSize}"));
        HttpFetch fetch;
        try
        {
            fetch = await GetAsync(url, cancellationToken);
        }
        catch (TrackerHttpException ex) when (ex.Status is not (System.Net.HttpStatusCode.Gone or System.Net.HttpStatusCode.Unauthorized))
        {
            _logger.LogWarning("{Source}: changelog page {Url} failed: {Message}", _options.Name, Core.Security.Redactor.Redact(url.ToString()), Core.Security.Redactor.Redact(ex.Message));
            return new ChangelogResult([], [Quarantine.Failure(_options.Name, url, ex)], false, null, 0);
        }

        using var doc = Json.TryParse(fetch.Body, out var problem);
        if (doc is null || doc.RootElement.Prop("values") is not { ValueKind: JsonValueKind.Array } values)
        {
            return new ChangelogResult([], [Quarantine.Payload(_options.Name, fetch, problem ?? "The changelog page has no 'values' array.")], false, null, 0);
        }

        var histories = values.EnumerateArray().Select(v => v.Clone()).ToList();
        var step = doc.RootElement.Long("maxResults") is { } m and > 0 ? m : histories.Count;
        return new ChangelogResult(histories, [], true, doc.RootElement.Long("total"), step);
    }

    private async Task<ChangelogResult[]> TruncatedInBulkAsync(
        List<(string Id, bool Complete)> issues, List<QuarantineRecord> quarantined, CancellationToken cancellationToken)
    {
        var set = await ReadChangelogsAsync([.. issues.Where(i => !i.Complete).Select(i => i.Id)], cancellationToken);
        quarantined.AddRange(set.Quarantined);
        return [.. issues.Select(i => i.Complete
            ? ChangelogResult.Empty
            : new ChangelogResult(set.Histories.GetValueOrDefault(i.Id, []), [], !set.Incomplete.Contains(i.Id), null, 0))];
    }

    [GeneratedRegex(@"\border\s+by\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrderBy();

    private sealed record PageResult(IngestBatch Batch, bool Complete, DateTimeOffset? MaxUpdated, long? Total, long Step);

    private sealed record ChangelogResult(IReadOnlyList<JsonElement> Histories, IReadOnlyList<QuarantineRecord> Quarantined, bool Complete, long? Total, long Step)
    {
        public static readonly ChangelogResult Empty = new([], [], true, 0, 0);
    }
}
