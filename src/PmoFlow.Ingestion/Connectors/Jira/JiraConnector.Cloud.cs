using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Connectors.Http;

namespace PmoFlow.Ingestion.Connectors.Jira;

/// <summary>
/// Jira Cloud: the enhanced search (<c>GET /rest/api/3/search/jql</c>, paged by <c>nextPageToken</c>, no total)
/// and the bulk changelog (<c>POST /rest/api/3/changelog/bulkfetch</c>, up to 1,000 issues a request), with the
/// per-issue changelog as the fallback where the bulk call is refused or fails. Also the deployment detection and
/// the error translation every Jira request goes through.
/// </summary>
public sealed partial class JiraConnector
{
    /// <summary>The most issue ids the bulk changelog accepts in one request.</summary>
    internal const int BulkChangelogIssues = 1000;

    /// <summary>The most field ids the bulk changelog filters by.</summary>
    private const int BulkChangelogFields = 10;

    /// <summary>Issue fields the mapper reads; the enhanced search returns only ids unless fields are asked for.</summary>
    private static readonly string[] SearchFields = ["summary", "issuetype", "created", "updated", "status", "parent", "labels"];

    /// <summary>System fields whose changes become events, as the bulk changelog's <c>fieldIds</c> name them.</summary>
    private static readonly string[] EventFieldIds = ["status", "issuetype", "resolution", "parent", "IssueParentAssociation"];

    private volatile bool _bulkRefused;
    private Task<List<string>?>? _fieldIds;

    /// <summary>The deployment this source reads: configured, <c>*.atlassian.net</c>, else <c>/rest/api/2/serverInfo</c>.</summary>
    internal async Task<JiraDeployment> DeploymentAsync(CancellationToken cancellationToken)
    {
        if ((_deployment ??= _options.Deployment) is { } known)
        {
            return known;
        }

        if (new Uri(_root).Host.EndsWith(".atlassian.net", StringComparison.OrdinalIgnoreCase))
        {
            return (_deployment = JiraDeployment.Cloud).Value;
        }

        var url = new Uri($"{_root}/rest/api/2/serverInfo");
        HttpFetch fetch;
        try
        {
            fetch = await GetAsync(url, cancellationToken);
        }
        catch (TrackerHttpException ex)
        {
            throw new TrackerHttpException(
                $"Source '{_options.Name}': cannot tell Jira Cloud from Data Center ({ex.Message}). Set sources.{_options.Name}.deployment: cloud or datacenter.",
                ex.Status, ex);
        }

        using var doc = Json.TryParse(fetch.Body, out var problem);
        var type = doc?.RootElement.Str("deploymentType")
            ?? throw new TrackerHttpException(
                $"Source '{_options.Name}': GET {url} did not say its deploymentType ({problem ?? "no such field"}). Set sources.{_options.Name}.deployment: cloud or datacenter.");
        _deployment = string.Equals(type, "Cloud", StringComparison.OrdinalIgnoreCase) ? JiraDeployment.Cloud : JiraDeployment.DataCenter;
        _logger.LogInformation("{Source}: {Url} says deploymentType {Type}; reading it as {Deployment}", _options.Name, url, type, _deployment);
        return _deployment.Value;
    }

    /// <summary>The enhanced search URL of one page (<paramref name="token"/> null: the first).</summary>
    internal Uri CloudSearchUrl(string jql, string? token)
    {
        var fields = _options.EpicLinkField is { } epic ? [.. SearchFields, epic] : SearchFields;
        var url = string.Create(CultureInfo.InvariantCulture,
            $"{_root}/rest/api/3/search/jql?jql={Uri.EscapeDataString(jql)}&fields={Uri.EscapeDataString(string.Join(',', fields))}&maxResults={_options.PageSize}");
        return new Uri(token is null ? url : url + "&nextPageToken=" + Uri.EscapeDataString(token));
    }

    /// <remarks>
    /// The search pages are chained by their tokens, so they are fetched one after another; each page's changelogs
    /// are read as soon as it arrives, up to <see cref="TrackerSourceOptions.MaxConcurrency"/> pages at once, and the
    /// batches are emitted in search order (the cursor only ever covers pages emitted before it).
    /// </remarks>
    private async IAsyncEnumerable<IngestBatch> ReadCloudAsync(
        DateTimeOffset? saved, ProgressCounter counter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var jql = BuildJql(saved);
        var last = saved;
        var hole = false;
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        using var ahead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<SearchPage>? next = ReadSearchPageAsync(jql, null, ahead.Token);
        var pending = new Queue<Task<CloudPage>>();
        try
        {
            while (next is not null || pending.Count > 0)
            {
                while (next is not null && pending.Count < _options.MaxConcurrency)
                {
                    var page = await next;
                    next = null;
                    if (page.Issues is null)
                    {
                        // Without this page's body there is no token for the next one: stop, and hold the cursor before it.
                        pending.Enqueue(Task.FromResult(new CloudPage(
                            new IngestBatch([], [], [Quarantine.Payload(_options.Name, page.Fetch, page.Problem!)]), false, null, null)));
                        break;
                    }

                    var more = !page.IsLast && page.NextPageToken is not null;
                    if (more && !tokens.Add(page.NextPageToken!))
                    {
                        pending.Enqueue(Task.FromResult(new CloudPage(null, false, null, new TrackerHttpException(
                            $"GET {page.Fetch.Url} returned a nextPageToken it had already returned: the search would loop, so source '{_options.Name}' stops here (the pages before are stored)."))));
                        break;
                    }

                    next = more ? ReadSearchPageAsync(jql, page.NextPageToken, ahead.Token) : null;
                    pending.Enqueue(MapCloudPageAsync(page, ahead.Token));
                }

                var done = await pending.Dequeue();
                if (done.Error is not null)
                {
                    throw done.Error;
                }

                hole |= !done.Complete;
                if (!hole && done.MaxUpdated is { } updated && (last is null || updated > last))
                {
                    last = updated;
                }

                var batch = done.Batch! with { CursorAfter = hole || last is null ? null : Json.FormatInstant(last.Value) };
                counter.Page(batch);
                yield return batch;
            }
        }
        finally
        {
            await ahead.CancelAsync();
            foreach (var task in pending.Cast<Task>().Append(next ?? Task.CompletedTask))
            {
                try
                {
                    await task;
                }
                catch (Exception)
                {
                    // Abandoned look-ahead: the read already ended (failure, cancellation or an early stop).
                }
            }
        }
    }

    private async Task<SearchPage> ReadSearchPageAsync(string jql, string? token, CancellationToken cancellationToken)
    {
        var fetch = await GetAsync(CloudSearchUrl(jql, token), cancellationToken);
        using var doc = Json.TryParse(fetch.Body, out var problem);
        if (doc is null || doc.RootElement.Prop("issues") is not { ValueKind: JsonValueKind.Array } issues)
        {
            return new SearchPage(fetch, null, problem ?? "The search page has no 'issues' array.", null, true);
        }

        var root = doc.RootElement;
        var isLast = root.Prop("isLast") is { ValueKind: JsonValueKind.True };
        return new SearchPage(fetch, [.. issues.EnumerateArray().Select(i => i.Clone())], null, root.Str("nextPageToken"), isLast);
    }

    private async Task<CloudPage> MapCloudPageAsync(SearchPage page, CancellationToken cancellationToken)
    {
        var quarantined = new List<QuarantineRecord>();
        var parsed = new List<(JsonElement Issue, string Id, DateTimeOffset Updated)>();
        DateTimeOffset? maxUpdated = null;
        foreach (var issue in page.Issues!)
        {
            try
            {
                var (id, _, updated, _) = JiraIssueMapper.Peek(issue);
                parsed.Add((issue, id, updated));
                maxUpdated = maxUpdated is null || updated > maxUpdated ? updated : maxUpdated;
            }
            catch (MalformedRecordException ex)
            {
                quarantined.Add(Quarantine.Record(_options.Name, page.Fetch.Url, issue.GetRawText(), $"Issue skipped: {ex.Message}."));
            }
        }

        var changelogs = await ReadChangelogsAsync([.. parsed.Select(p => p.Id)], cancellationToken);
        quarantined.AddRange(changelogs.Quarantined);
        var items = new List<WorkItem>();
        var events = new List<FlowEvent>();
        foreach (var (issue, id, _) in parsed)
        {
            try
            {
                var (item, itemEvents) = JiraIssueMapper.Map(_options.Name, issue, changelogs.Histories.GetValueOrDefault(id, []), _options);
                items.Add(item);

                // Half a history could record wrong moves and events are insert-only: the item waits for the re-read.
                if (!changelogs.Incomplete.Contains(id))
                {
                    events.AddRange(itemEvents);
                }
            }
            catch (MalformedRecordException ex)
            {
                quarantined.Add(Quarantine.Record(_options.Name, page.Fetch.Url, issue.GetRawText(), $"Issue skipped: {ex.Message}."));
            }
        }

        return new CloudPage(new IngestBatch(items, events, quarantined), changelogs.Incomplete.Count == 0, maxUpdated, null);
    }

    /// <summary>The changelogs of <paramref name="ids"/>: in bulk, else (refused, failed, looping) one issue at a time.</summary>
    private async Task<ChangelogSet> ReadChangelogsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new ChangelogSet([], [], []);
        }

        if (!_bulkRefused)
        {
            var fieldIds = await FieldIdsAsync(cancellationToken);
            var histories = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
            var ok = true;
            for (var i = 0; i < ids.Count && ok; i += BulkChangelogIssues)
            {
                ok = await ReadBulkAsync([.. ids.Skip(i).Take(BulkChangelogIssues)], fieldIds, histories, cancellationToken);
            }

            if (ok)
            {
                return new ChangelogSet(histories, [], []);
            }
        }

        return await ReadPerIssueAsync(ids, cancellationToken);
    }

    /// <summary>Reads every bulk changelog page for <paramref name="ids"/> into <paramref name="histories"/>; false: use the per-issue fallback.</summary>
    private async Task<bool> ReadBulkAsync(List<string> ids, List<string>? fieldIds, Dictionary<string, List<JsonElement>> histories, CancellationToken cancellationToken)
    {
        var url = new Uri($"{_root}/rest/api/3/changelog/bulkfetch");
        var read = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var request = new JsonObject
            {
                ["issueIdsOrKeys"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]),
                ["maxResults"] = BulkChangelogIssues,
            };
            if (fieldIds is not null)
            {
                request["fieldIds"] = new JsonArray([.. fieldIds.Select(f => (JsonNode)f)]);
            }

            if (token is not null)
            {
                request["nextPageToken"] = token;
            }

            HttpFetch fetch;
            try
            {
                fetch = await PostAsync(url, request.ToJsonString(), cancellationToken);
            }
            catch (TrackerHttpException ex) when (ex.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
            {
                _bulkRefused = true;
                _logger.LogWarning("{Source}: the bulk changelog was refused ({Status}); reading changelogs one issue at a time", _options.Name, (int)ex.Status!);
                return false;
            }
            catch (TrackerHttpException ex) when (ex.Status is not (HttpStatusCode.Gone or HttpStatusCode.Unauthorized))
            {
                _logger.LogWarning("{Source}: bulk changelog failed ({Message}); reading these {Count} issues one at a time", _options.Name, ex.Message, ids.Count);
                return false;
            }

            using var doc = Json.TryParse(fetch.Body, out var problem);
            if (doc is null || doc.RootElement.Prop("issueChangeLogs") is not { ValueKind: JsonValueKind.Array } logs)
            {
                _logger.LogWarning("{Source}: bulk changelog page unreadable ({Problem}); reading these {Count} issues one at a time",
                    _options.Name, problem ?? "no 'issueChangeLogs' array", ids.Count);
                return false;
            }

            foreach (var log in logs.EnumerateArray())
            {
                if (log.Str("issueId") is { } id)
                {
                    if (!read.TryGetValue(id, out var list))
                    {
                        read[id] = list = [];
                    }

                    list.AddRange(log.Array("changeHistories").Select(h => h.Clone()));
                }
            }

            token = doc.RootElement.Str("nextPageToken");
            if (token is not null && !tokens.Add(token))
            {
                _logger.LogWarning("{Source}: the bulk changelog returned nextPageToken '{Token}' twice; reading these {Count} issues one at a time instead of looping",
                    _options.Name, token, ids.Count);
                return false;
            }
        }
        while (token is not null);

        foreach (var (id, list) in read)
        {
            histories[id] = list;
        }

        return true;
    }

    private async Task<ChangelogSet> ReadPerIssueAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var results = await OrderedPrefetch.ForAllAsync(ids, _options.MaxConcurrency, ReadChangelogAsync, cancellationToken);
        var histories = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        var incomplete = new HashSet<string>(StringComparer.Ordinal);
        var quarantined = new List<QuarantineRecord>();
        for (var i = 0; i < ids.Count; i++)
        {
            histories[ids[i]] = [.. results[i].Histories];
            quarantined.AddRange(results[i].Quarantined);
            if (!results[i].Complete)
            {
                incomplete.Add(ids[i]);
            }
        }

        return new ChangelogSet(histories, incomplete, quarantined);
    }

    /// <summary>
    /// The bulk changelog's <c>fieldIds</c>: the event fields plus the configured flag and blocked fields, by id. A
    /// field given by name is looked up once in <c>/rest/api/3/field</c>; when one cannot be resolved (or there are more
    /// than ten) the request is not filtered, which costs bytes but loses nothing.
    /// </summary>
    private Task<List<string>?> FieldIdsAsync(CancellationToken cancellationToken)
    {
        // Resolved once per connector, however many pages ask at the same time.
        if (Volatile.Read(ref _fieldIds) is { } known)
        {
            if (!known.IsFaulted && !known.IsCanceled)
            {
                return known;
            }

            // A read that failed or was cancelled while resolving: the next one tries again.
            Interlocked.CompareExchange(ref _fieldIds, null, known);
        }

        var mine = new TaskCompletionSource<List<string>?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _fieldIds, mine.Task, null) is { } winner)
        {
            return winner;
        }

        _ = ResolveAsync();
        return mine.Task;

        async Task ResolveAsync()
        {
            try
            {
                mine.SetResult(await ResolveFieldIdsAsync(cancellationToken));
            }
            catch (Exception ex)
            {
                mine.SetException(ex);
            }
        }
    }

    private async Task<List<string>?> ResolveFieldIdsAsync(CancellationToken cancellationToken)
    {
        var wanted = new List<string>();
        var names = new List<string>();
        foreach (var f in new[] { _options.FlaggedField, _options.BlockedField, _options.EpicLinkField })
        {
            if (f is null)
            {
                continue;
            }

            (IsFieldId(f) ? wanted : names).Add(f);
        }

        if (_options.BlockedLabel is not null)
        {
            wanted.Add("labels");
        }

        if (_options.BlockedLinkText is not null)
        {
            wanted.Add("issuelinks");
        }

        if (names.Count > 0)
        {
            var known = await FieldNamesAsync(cancellationToken);
            foreach (var name in names)
            {
                if (known?.GetValueOrDefault(name) is not { } id)
                {
                    _logger.LogWarning("{Source}: field '{Field}' is not in /rest/api/3/field; the bulk changelog is read unfiltered", _options.Name, name);
                    return null;
                }

                wanted.Add(id);
            }
        }

        var all = EventFieldIds.Concat(wanted).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return all.Count <= BulkChangelogFields ? all : null;
    }

    private async Task<Dictionary<string, string>?> FieldNamesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var fetch = await GetAsync(new Uri($"{_root}/rest/api/3/field"), cancellationToken);
            using var doc = Json.TryParse(fetch.Body, out _);
            if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var f in doc.RootElement.EnumerateArray())
            {
                if (f.Str("name") is { } name && f.Str("id") is { } id)
                {
                    names.TryAdd(name, id);
                }
            }

            return names;
        }
        catch (TrackerHttpException ex) when (ex.Status is not (HttpStatusCode.Gone or HttpStatusCode.Unauthorized))
        {
            _logger.LogWarning("{Source}: could not list fields ({Message}); the bulk changelog is read unfiltered", _options.Name, ex.Message);
            return null;
        }
    }

    /// <summary>A custom field id (<c>customfield_10021</c>) or a system id (lower case, no spaces).</summary>
    private static bool IsFieldId(string f) =>
        f.StartsWith("customfield_", StringComparison.Ordinal) || (f.Length > 0 && f.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)));

    /// <summary>A GET through <see cref="Translate"/>.</summary>
    private async Task<HttpFetch> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.GetAsync(url, null, cancellationToken);
        }
        catch (TrackerHttpException ex) when (Translate(ex, "GET", url) is { } clear)
        {
            throw clear;
        }
    }

    /// <summary>A JSON POST through <see cref="Translate"/>.</summary>
    private async Task<HttpFetch> PostAsync(Uri url, string json, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.PostJsonAsync(url, json, cancellationToken);
        }
        catch (TrackerHttpException ex) when (Translate(ex, "POST", url) is { } clear)
        {
            throw clear;
        }
    }

    /// <summary>
    /// A 410 or 401 as an error that says what to change: the endpoint, Jira's own message, the configuration key.
    /// The credential is never part of it (it lives only in the Authorization header).
    /// </summary>
    private TrackerHttpException? Translate(TrackerHttpException ex, string method, Uri url)
    {
        var endpoint = $"{method} {url.GetLeftPart(UriPartial.Path)}";
        var said = JiraMessage(ex.Body);
        var deployment = _deployment is { } d ? (d == JiraDeployment.Cloud ? "cloud" : "datacenter") : "auto-detected";
        return ex.Status switch
        {
            HttpStatusCode.Gone => new TrackerHttpException(
                $"{endpoint} answered 410 Gone{said}: this Jira no longer has the endpoint (Jira Cloud removed /rest/api/2|3/search, CHANGE-2046). "
                + $"Source '{_options.Name}' reads it as deployment '{deployment}'; set sources.{_options.Name}.deployment: "
                + (_deployment == JiraDeployment.Cloud ? "datacenter" : "cloud") + " if that is wrong.",
                ex.Status, ex, ex.Body),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when !url.AbsolutePath.EndsWith("/changelog/bulkfetch", StringComparison.Ordinal) => new TrackerHttpException(
                $"{endpoint} answered {(int)ex.Status} {ex.Status}{said}. Check sources.{_options.Name}."
                + (_options.Auth == JiraAuthMode.ApiToken ? "email/emailEnv and tokenEnv/tokenFile (auth: apiToken sends e-mail and API token)" : "tokenEnv/tokenFile (auth: personalAccessToken)")
                + " and the account's permissions.",
                ex.Status, ex, ex.Body),
            _ => null,
        };
    }

    /// <summary>Jira's error body (<c>errorMessages</c>, <c>errors</c>, or <c>message</c>) as ": …", or empty.</summary>
    private static string JiraMessage(string? body)
    {
        using var doc = body is null ? null : Json.TryParse(body, out _);
        if (doc is null)
        {
            return string.Empty;
        }

        var root = doc.RootElement;
        var messages = root.Array("errorMessages").Select(Json.AsString)
            .Concat(root.Prop("errors") is { ValueKind: JsonValueKind.Object } errors ? errors.EnumerateObject().Select(p => $"{p.Name}: {Json.AsString(p.Value)}") : [])
            .Append(root.Str("message"))
            .OfType<string>()
            .Where(m => m.Length > 0)
            .ToList();
        return messages.Count == 0 ? string.Empty : " (Jira says: " + TrackerHttpClient.Truncate(string.Join("; ", messages), 300) + ")";
    }

    /// <summary>A mapped search page, or (with <see cref="Error"/>) the reason the read stops after the pages before it.</summary>
    private sealed record CloudPage(IngestBatch? Batch, bool Complete, DateTimeOffset? MaxUpdated, Exception? Error);

    private sealed record SearchPage(HttpFetch Fetch, List<JsonElement>? Issues, string? Problem, string? NextPageToken, bool IsLast);

    private sealed record ChangelogSet(
        Dictionary<string, List<JsonElement>> Histories, HashSet<string> Incomplete, List<QuarantineRecord> Quarantined);
}
