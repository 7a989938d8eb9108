using PmoFlow.Streams.Configuration;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Services;

namespace PmoFlow.Jobs.Publishing;

/// <summary>
/// POSTs a report to a webhook with bounded retries: each HTTP attempt has its own timeout; connection errors,
/// timeouts, 408, 429 and 5xx are retried up to <see cref="WebhookPublisherConfig.Retries"/> times with doubling
/// delays (a Retry-After header wins, up to a minute); anything else fails the delivery at once.
/// </summary>
/// <remarks>
/// Every call carries the delivery's dedupe key in an <c>Idempotency-Key</c> header (and in the body). A receiver that
/// got the call but whose answer never arrived, or whose worker died before recording the outcome, sees the same
/// call again on the next run: delivery is at least once, and the key lets the receiver make it exactly once.
/// </remarks>
public sealed class WebhookPublisher(WebhookPublisherConfig config, HttpClient http, SecretResolver secrets, TimeProvider? clock = null) : IReportPublisher
{
    /// <summary>The header carrying the dedupe key.</summary>
    public const string DedupeHeader = "Idempotency-Key";

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public string Name => config.Name;

    /// <inheritdoc />
    public async Task<string> PublishAsync(RenderedReport report, DeliveryContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(context);
        var url = ResolveUrl();
        var body = WebhookMessages.Build(config.Format, report, context.DedupeKey);
        var attempts = 0;
        HttpResponseMessage response;
        try
        {
            response = await BuildPipeline().ExecuteAsync(
                async token =>
                {
                    attempts++;
                    using var request = new HttpRequestMessage(HttpMethod.Post, url)
                    {
                        Content = new StringContent(body, Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Add(DedupeHeader, context.DedupeKey);
                    request.Headers.UserAgent.Add(new ProductInfoHeaderValue("PmoFlow", "1.0"));
                    return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                },
                ct);
        }
        catch (TimeoutRejectedException)
        {
            throw new DeliveryFailedException(string.Create(CultureInfo.InvariantCulture,
                $"webhook '{config.Name}' ({config.SafeDescription}): no answer within {DurationText.Format(config.Timeout)}, {attempts} attempt(s)"));
        }
        catch (HttpRequestException ex)
        {
            throw new DeliveryFailedException(string.Create(CultureInfo.InvariantCulture,
                $"webhook '{config.Name}' ({config.SafeDescription}): {Scrub(ex.Message, url)}, {attempts} attempt(s)"));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}, {attempts} attempt(s)");
            return response.IsSuccessStatusCode
                ? text
                : throw new DeliveryFailedException($"webhook '{config.Name}' ({config.SafeDescription}): {text}");
        }
    }

    /// <summary>Whether a response is worth retrying.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private string ResolveUrl() => config.SecretEnv is not null
        ? secrets.FromEnvironment(config.SecretEnv)
        : config.SecretFile is not null
            ? SecretResolver.FromFile(config.SecretFile)
            : config.Url ?? throw new DeliveryFailedException($"webhook '{config.Name}' has no URL");

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (config.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = config.Retries,
                Delay = config.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        return builder.AddTimeout(config.Timeout).Build();
    }

    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - (clock ?? TimeProvider.System).GetUtcNow() : null);
        return wait is { } w && w > TimeSpan.Zero ? (w > MaxRetryAfter ? MaxRetryAfter : w) : null;
    }

    // An exception message must not carry the (secret) URL into the ledger or the log.
    private static string Scrub(string message, string url) => message.Replace(url, "(webhook URL)", StringComparison.Ordinal);
}
