using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Connectors.Http;

namespace PmoFlow.Ingestion.Connectors;

/// <summary>Running totals a connector reports through <see cref="IProgress{T}"/>.</summary>
internal sealed class ProgressCounter(string source, IProgress<ConnectorProgress>? sink)
{
    private int _pages;
    private int _items;
    private int _events;
    private int _quarantined;

    public int? TotalPages { get; set; }

    public void Page(IngestBatch batch)
    {
        _pages++;
        _items += batch.Items.Count;
        _events += batch.Events.Count;
        _quarantined += batch.Quarantined.Count;
        sink?.Report(new ConnectorProgress(source, _pages, TotalPages, _items, _events, _quarantined));
    }
}

/// <summary>Builders for quarantine rows with a request URL as their location.</summary>
internal static class Quarantine
{
    public static QuarantineRecord Payload(string source, HttpFetch fetch, string reason) =>
        new(source, fetch.Url.ToString(), TrackerHttpClient.Truncate(fetch.Body), reason);

    public static QuarantineRecord Record(string source, Uri url, string raw, string reason) =>
        new(source, url.ToString(), TrackerHttpClient.Truncate(raw), reason);

    /// <summary>A page of the main listing that could not be read: quarantined, and marked so the run ends failed.</summary>
    public static IngestBatch ListingFailure(string source, HttpFetch fetch, string reason) =>
        new([], [], [Payload(source, fetch, reason)]) { ListingProblem = $"{fetch.Url}: {reason}" };

    public static QuarantineRecord Failure(string source, Uri url, Exception error) =>
        new(source, url.ToString(), string.Empty, $"Request failed after retries: {error.Message}");
}
