using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PmoFlow.Core.Events;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Connectors.Http;

namespace PmoFlow.Ingestion.Connectors.AzureDevOps;

/// <summary>
/// Reads Azure DevOps work item revisions through the reporting API
/// (<c>_apis/wit/reporting/workitemrevisions</c>); the cursor is its continuation token.
/// </summary>
/// <remarks>
/// Each batch is one page of revisions and carries the continuation token that follows it, so a resumed
/// read asks for exactly the revisions after the last committed page. States are compared revision to
/// revision; when an item's earlier revision is not in this read, it is fetched
/// (<c>workItems/{id}/revisions/{rev}</c>), concurrently up to <see cref="TrackerSourceOptions.MaxConcurrency"/>.
/// </remarks>
public sealed class AzureDevOpsConnector : ITrackerConnector
{
    private readonly AzureDevOpsSourceOptions _options;
    private readonly TrackerHttpClient _http;
    private readonly ILogger _logger;
    private readonly string _root;

    /// <summary>Creates the connector; the personal access token is read now, from the environment or file the options name.</summary>
    public AzureDevOpsConnector(AzureDevOpsSourceOptions options, ILogger<AzureDevOpsConnector>? logger = null, TimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger<AzureDevOpsConnector>.Instance;
        _root = options.BaseUrl.TrimEnd('/') + (string.IsNullOrWhiteSpace(options.Project) ? string.Empty : "/" + Uri.EscapeDataString(options.Project));
        var pat = CredentialResolver.Resolve(options.TokenEnv, options.TokenFile, $"source '{options.Name}' personal access token");
        var auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + pat)));
        _http = new TrackerHttpClient(options, auth, [new("Accept", "application/json")], _logger, time ?? TimeProvider.System,
            TimeSpan.FromSeconds(options.MaxRetryDelaySeconds), handler);
    }

    /// <inheritdoc/>
    public string Kind => "azure-devops";

    /// <inheritdoc/>
    public string SourceName => _options.Name;

    /// <inheritdoc/>
    public async IAsyncEnumerable<IngestBatch> ReadAsync(
        string? cursor, IProgress<ConnectorProgress>? progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var counter = new ProgressCounter(_options.Name, progress);
        var known = new Dictionary<int, RevisionState>();
        var token = string.IsNullOrWhiteSpace(cursor) ? null : cursor;
        var hole = false;
        while (true)
        {
            var fetch = await _http.GetAsync(PageUrl(token), null, cancellationToken);
            using var doc = Json.TryParse(fetch.Body, out var problem);
            if (doc is null || doc.RootElement.Prop("values") is not { ValueKind: JsonValueKind.Array } values)
            {
                // Without the page's continuation token the read cannot go on; the next run retries from the saved one.
                var failed = Quarantine.ListingFailure(_options.Name, fetch, problem ?? "The page has no 'values' array.");
                counter.Page(failed);
                yield return failed;
                yield break;
            }

            var (batch, complete) = await MapPageAsync(fetch, values, known, cancellationToken);
            hole |= !complete;
            var next = doc.RootElement.Str("continuationToken") ?? TokenFromLink(doc.RootElement.Str("nextLink"));
            batch = batch with { CursorAfter = hole ? null : next };
            counter.Page(batch);
            yield return batch;

            var last = doc.RootElement.Prop("isLastBatch") is { ValueKind: JsonValueKind.True };
            if (last || next is null || next == token || values.GetArrayLength() == 0)
            {
                yield break;
            }

            token = next;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TrackerStatus>> ReadStatusesAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.Project))
        {
            throw new InvalidOperationException($"source '{_options.Name}': set project to read work item type states.");
        }

        var types = _options.WorkItemTypes.ToList();
        if (types.Count == 0)
        {
            using var typeDoc = await GetJsonAsync(new Uri($"{_root}/_apis/wit/workitemtypes?api-version={_options.ApiVersion}"), cancellationToken);
            types = [.. typeDoc.RootElement.Array("value").Select(t => t.Str("name")).OfType<string>()];
        }

        var statuses = new List<TrackerStatus>();
        foreach (var type in types)
        {
            using var doc = await GetJsonAsync(
                new Uri($"{_root}/_apis/wit/workitemtypes/{Uri.EscapeDataString(type)}/states?api-version={_options.ApiVersion}"), cancellationToken);
            foreach (var s in doc.RootElement.Array("value"))
            {
                if (s.Str("name") is { } name && !statuses.Exists(x => x.Name == name))
                {
                    var category = s.Str("category") ?? "InProgress";
                    statuses.Add(new TrackerStatus(name, category switch
                    {
                        "Proposed" => StageCategory.Backlog,
                        "Resolved" => StageCategory.Wait,
                        "Completed" => StageCategory.Done,
                        "Removed" => StageCategory.Removed,
                        _ => StageCategory.Active,
                    }, category));
                }
            }
        }

        return statuses;
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private Uri PageUrl(string? token)
    {
        var url = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{_root}/_apis/wit/reporting/workitemrevisions?api-version={_options.ApiVersion}&$maxPageSize={_options.PageSize}"));
        if (_options.WorkItemTypes.Count > 0)
        {
            url.Append("&types=").Append(Uri.EscapeDataString(string.Join(',', _options.WorkItemTypes)));
        }

        if (token is not null)
        {
            url.Append("&continuationToken=").Append(Uri.EscapeDataString(token));
        }

        return new Uri(url.ToString());
    }

    private static string? TokenFromLink(string? nextLink) =>
        nextLink is not null && Uri.TryCreate(nextLink, UriKind.Absolute, out var uri)
            ? HttpUtility.ParseQueryString(uri.Query)["continuationToken"]
            : null;

    private async Task<JsonDocument> GetJsonAsync(Uri url, CancellationToken cancellationToken)
    {
        var fetch = await _http.GetAsync(url, null, cancellationToken);
        return Json.TryParse(fetch.Body, out var problem) ?? throw new TrackerHttpException($"GET {url}: {problem}");
    }

    private async Task<(IngestBatch Batch, bool Complete)> MapPageAsync(
        HttpFetch fetch, JsonElement values, Dictionary<int, RevisionState> known, CancellationToken cancellationToken)
    {
        var quarantined = new List<QuarantineRecord>();
        var revisions = new List<(JsonElement Revision, int Id, int Rev)>();
        foreach (var revision in values.EnumerateArray())
        {
            try
            {
                var (id, rev) = AzureRevisionMapper.Identity(revision);
                revisions.Add((revision, id, rev));
            }
            catch (MalformedRecordException ex)
            {
                quarantined.Add(Quarantine.Record(_options.Name, fetch.Url, revision.GetRawText(), $"Revision skipped: {ex.Message}."));
            }
        }

        // Items whose earlier revision this read has not seen: fetch that revision to compare against.
        var missing = revisions.GroupBy(r => r.Id).Select(g => (Id: g.Key, Rev: g.Min(r => r.Rev)))
            .Where(r => r.Rev > 1 && (!known.TryGetValue(r.Id, out var k) || k.Rev != r.Rev - 1))
            .ToList();
        var complete = true;
        var unknown = new HashSet<int>();
        var lookups = await OrderedPrefetch.ForAllAsync(missing, _options.MaxConcurrency, (m, ct) => PreviousAsync(m.Id, m.Rev - 1, ct), cancellationToken);
        for (var i = 0; i < missing.Count; i++)
        {
            if (lookups[i].Failure is { } failure)
            {
                quarantined.Add(failure);
                complete = false;
                unknown.Add(missing[i].Id);
            }

            if (lookups[i].State is { } state)
            {
                known[missing[i].Id] = state;
            }
            else
            {
                known.Remove(missing[i].Id);
            }
        }

        var items = new Dictionary<int, WorkItem>();
        var events = new List<FlowEvent>();
        foreach (var (revision, id, _) in revisions.OrderBy(r => r.Id).ThenBy(r => r.Rev))
        {
            try
            {
                var (item, itemEvents, state) = AzureRevisionMapper.Map(_options.Name, revision, known.GetValueOrDefault(id), _options);
                known[id] = state;
                items[id] = item;

                // Compared with a revision that could not be read, a state could look changed when it is not; events
                // are insert-only, so this item's events wait for the re-read the held cursor guarantees.
                if (!unknown.Contains(id))
                {
                    events.AddRange(itemEvents);
                }
            }
            catch (MalformedRecordException ex)
            {
                quarantined.Add(Quarantine.Record(_options.Name, fetch.Url, revision.GetRawText(), $"Revision skipped: {ex.Message}."));
            }
        }

        return (new IngestBatch([.. items.Values], events, quarantined), complete);
    }

    private async Task<(RevisionState? State, QuarantineRecord? Failure)> PreviousAsync(int id, int rev, CancellationToken cancellationToken)
    {
        var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"{_root}/_apis/wit/workItems/{id}/revisions/{rev}?api-version={_options.ApiVersion}"));
        try
        {
            var fetch = await _http.GetAsync(url, null, cancellationToken);
            using var doc = Json.TryParse(fetch.Body, out var problem);
            if (doc is null)
            {
                return (null, Quarantine.Payload(_options.Name, fetch, problem!));
            }

            return (AzureRevisionMapper.StateOf(doc.RootElement, null, _options), null);
        }
        catch (TrackerHttpException ex) when (ex.Status is HttpStatusCode.NotFound)
        {
            // The revision is gone (or never readable): its state stays unknown, which is not a failure to retry.
            return (null, null);
        }
        catch (TrackerHttpException ex)
        {
            _logger.LogWarning("{Source}: previous revision {Url} failed: {Message}", _options.Name, Core.Security.Redactor.Redact(url.ToString()), Core.Security.Redactor.Redact(ex.Message));
            return (null, Quarantine.Failure(_options.Name, url, ex));
        }
        catch (MalformedRecordException ex)
        {
            return (null, Quarantine.Record(_options.Name, url, string.Empty, $"Previous revision unreadable: {ex.Message}."));
        }
    }
}
