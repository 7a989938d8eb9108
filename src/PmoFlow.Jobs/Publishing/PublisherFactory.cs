using PmoFlow.Jobs.Configuration;

namespace PmoFlow.Jobs.Publishing;

/// <summary>Creates the publisher for a configured destination; owns the webhook HTTP client.</summary>
public sealed class PublisherFactory : IDisposable
{
    private readonly HttpClient _http;
    private readonly SecretResolver _secrets;

    /// <summary>Creates a factory with its own pooled HTTP client (timeouts are per attempt, set by the publisher).</summary>
    public PublisherFactory(SecretResolver secrets)
    {
        _secrets = secrets;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The publisher for <paramref name="config"/>.</summary>
    public IReportPublisher Create(PublisherConfig config) => config switch
    {
        FolderPublisherConfig f => new FolderPublisher(f),
        WebhookPublisherConfig w => new WebhookPublisher(w, _http, _secrets),
        DatabasePublisherConfig d => new DatabasePublisher(d),
        EmailPublisherConfig e => new EmailPublisher(e, _secrets),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config?.Kind, "Unknown publisher kind."),
    };

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
