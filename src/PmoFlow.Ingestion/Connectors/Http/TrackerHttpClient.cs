using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace PmoFlow.Ingestion.Connectors.Http;

/// <summary>
/// The one HTTP client of a connector: bounded concurrency, retries with exponential back-off and
/// jitter on 429 / 5xx / timeouts / connection errors, <c>Retry-After</c> and rate-limit resets honoured.
/// </summary>
/// <remarks>
/// Thread-safe: a connector issues its concurrent page requests through one instance. The credential
/// lives only in the default Authorization header; nothing here logs headers, and every log line and
/// exception names the URL and status only.
/// </remarks>
public sealed class TrackerHttpClient : IDisposable
{
    private static readonly ResiliencePropertyKey<Uri> UrlKey = new("pmoflow.url");
    private static readonly ResiliencePropertyKey<string> MethodKey = new("pmoflow.method");
    private const int MaxRawChars = 16_384;

    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpFetch> _pipeline;
    private readonly SemaphoreSlim _gate;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _source;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _maxRateLimitWait;
    private long _rateLimitResetUnixSeconds;
    private int _requests;

    /// <summary>Creates the client.</summary>
    /// <param name="options">The source's retry, timeout and concurrency settings.</param>
    /// <param name="authorization">The Authorization header, or null.</param>
    /// <param name="headers">Extra default headers (Accept, API version).</param>
    /// <param name="logger">Where retries and requests are logged (never with headers).</param>
    /// <param name="time">The clock used for back-off and rate-limit waits.</param>
    /// <param name="maxRateLimitWait">The longest wait for a rate-limit reset before failing.</param>
    /// <param name="handler">An optional handler (tests); the client owns and disposes it.</param>
    public TrackerHttpClient(
        TrackerSourceOptions options,
        AuthenticationHeaderValue? authorization,
        IEnumerable<KeyValuePair<string, string>> headers,
        ILogger logger,
        TimeProvider time,
        TimeSpan maxRateLimitWait,
        HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _time = time;
        _source = options.Name;
        _maxDelay = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
        _maxRateLimitWait = maxRateLimitWait;
        _gate = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = options.MaxConcurrency,
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            // Per-attempt timeouts belong to the resilience pipeline, which can retry them.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = authorization;

        // The header's value (e.g. basic base64(email:token)) is a secret of its own: a tracker or proxy may echo it.
        Core.Security.Redactor.Register(authorization?.Parameter);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("PmoFlow", "1.0"));
        foreach (var (name, value) in headers)
        {
            _http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        _pipeline = BuildPipeline(options);
    }

    /// <summary>HTTP attempts sent so far (retries included).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>GETs <paramref name="url"/> with retries; returns 2xx and 304 responses, throws on anything else.</summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="ifNoneMatch">An ETag for a conditional request, or null.</param>
    /// <param name="cancellationToken">Cancels waits and the request.</param>
    /// <exception cref="TrackerHttpException">The request still failed after the retries, or failed with a status retries cannot fix.</exception>
    public Task<HttpFetch> GetAsync(Uri url, string? ifNoneMatch, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, url, null, ifNoneMatch, cancellationToken);

    /// <summary>
    /// POSTs a JSON body to <paramref name="url"/> (Jira's bulk changelog, GitHub's GraphQL endpoint) with the same
    /// retries, rate-limit waits and errors as <see cref="GetAsync"/>; these endpoints only read, so a retry is safe.
    /// </summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="json">The request body.</param>
    /// <param name="cancellationToken">Cancels waits and the request.</param>
    /// <exception cref="TrackerHttpException">The request still failed after the retries, or failed with a status retries cannot fix.</exception>
    public Task<HttpFetch> PostJsonAsync(Uri url, string json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, url, json, null, cancellationToken);

    private async Task<HttpFetch> SendAsync(HttpMethod method, Uri url, string? json, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(UrlKey, url);
        context.Properties.Set(MethodKey, method.Method);
        HttpFetch fetch;
        try
        {
            fetch = await _pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<HttpFetch>(state.Self.SendOnceAsync(state.Method, state.Url, state.Json, state.ETag, ctx.CancellationToken)),
                context,
                (Self: this, Method: method, Url: url, Json: json, ETag: ifNoneMatch));
        }
        catch (TimeoutRejectedException ex)
        {
            throw new TrackerHttpException(Core.Security.Redactor.Redact($"{method} {url} timed out on every attempt."), null, ex);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TrackerHttpException(Core.Security.Redactor.Redact($"{method} {url} failed: {ex.Message}"), ex.StatusCode, ex);
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TrackerHttpException(Core.Security.Redactor.Redact($"{method} {url} failed while reading the response: {ex.Message}"), null, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (!fetch.IsSuccess && fetch.Status != HttpStatusCode.NotModified)
        {
            throw new TrackerHttpException(
                Core.Security.Redactor.Redact($"{method} {url} returned {(int)fetch.Status} {fetch.Status}: {Truncate(fetch.Body, 300)}"), fetch.Status,
                body: Core.Security.Redactor.Redact(fetch.Body));
        }

        return fetch;
    }

    /// <summary>Cuts text to a size fit for a quarantine row or a message.</summary>
    public static string Truncate(string text, int max = MaxRawChars) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    /// <inheritdoc/>
    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }

    private async Task<HttpFetch> SendOnceAsync(HttpMethod method, Uri url, string? json, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await WaitForRateLimitResetAsync(cancellationToken);
            using var request = new HttpRequestMessage(method, url);
            if (json is not null)
            {
                request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            }

            if (ifNoneMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            }

            Interlocked.Increment(ref _requests);
            var started = Stopwatch.GetTimestamp();
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var body = response.StatusCode == HttpStatusCode.NotModified
                ? string.Empty
                : await response.Content.ReadAsStringAsync(cancellationToken);
            var fetch = new HttpFetch(url, response.StatusCode, response.Headers, body);
            NoteRateLimit(fetch);
            _logger.LogDebug("{Source}: {Method} {Url} -> {Status} in {Milliseconds:F0} ms", _source, method.Method, Core.Security.Redactor.Redact(url.ToString()), (int)response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return fetch;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void NoteRateLimit(HttpFetch fetch)
    {
        if (fetch.LongHeader("x-ratelimit-remaining") == 0 && fetch.LongHeader("x-ratelimit-reset") is { } reset)
        {
            Interlocked.Exchange(ref _rateLimitResetUnixSeconds, reset);
        }
    }

    private async Task WaitForRateLimitResetAsync(CancellationToken cancellationToken)
    {
        var reset = Interlocked.Read(ref _rateLimitResetUnixSeconds);
        if (reset == 0)
        {
            return;
        }

        var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - _time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            if (wait > _maxRateLimitWait)
            {
                throw new TrackerHttpException(
                    $"The rate limit of source '{_source}' is exhausted until {DateTimeOffset.FromUnixTimeSeconds(reset):u}, longer than the configured wait.");
            }

            _logger.LogWarning("{Source}: rate limit exhausted; waiting {Seconds:F1} s for the reset", _source, wait.TotalSeconds);
            await Task.Delay(wait, _time, cancellationToken);
        }

        Interlocked.CompareExchange(ref _rateLimitResetUnixSeconds, 0, reset);
    }

    private ResiliencePipeline<HttpFetch> BuildPipeline(TrackerSourceOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpFetch> { TimeProvider = _time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpFetch>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(options.RetryBaseDelaySeconds),
                MaxDelay = _maxDelay,
                ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(ServerRequestedDelay(args.Outcome)),
                OnRetry = args =>
                {
                    args.Context.Properties.TryGetValue(UrlKey, out var url);
                    args.Context.Properties.TryGetValue(MethodKey, out var method);
                    _logger.LogWarning(
                        "{Source}: retry {Attempt} of {Method} {Url} in {DelayMs:F0} ms after {Reason}",
                        _source, args.AttemptNumber + 1, method, url, args.RetryDelay.TotalMilliseconds, Describe(args.Outcome));
                    return default;
                },
            });
        }

        builder.AddTimeout(TimeSpan.FromSeconds(options.RequestTimeoutSeconds));
        return builder.Build();
    }

    private static bool IsTransient(Outcome<HttpFetch> outcome)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException or IOException;
        }

        var fetch = outcome.Result!;
        return (int)fetch.Status is 408 or 429 or 500 or 502 or 503 or 504 || IsRateLimited(fetch);
    }

    // GitHub's primary limit is a 403 (or 429) with x-ratelimit-remaining: 0; its secondary limits are a 403 or 429 with Retry-After.
    private static bool IsRateLimited(HttpFetch fetch) =>
        fetch.Status == HttpStatusCode.Forbidden && (fetch.LongHeader("x-ratelimit-remaining") == 0 || fetch.Headers.RetryAfter is not null);

    private TimeSpan? ServerRequestedDelay(Outcome<HttpFetch> outcome)
    {
        if (outcome.Result is not { } fetch)
        {
            return null;
        }

        TimeSpan? wait = null;
        if (fetch.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable || IsRateLimited(fetch))
        {
            wait = fetch.RetryAfter(_time.GetUtcNow());
            if (wait is null && fetch.LongHeader("x-ratelimit-reset") is { } reset)
            {
                wait = DateTimeOffset.FromUnixTimeSeconds(reset) - _time.GetUtcNow();
            }
        }

        // Bounded: a server asking for longer than the configured cap gets the cap.
        return wait is null ? null : TimeSpan.FromTicks(Math.Clamp(wait.Value.Ticks, 0, _maxDelay.Ticks));
    }

    private static string Describe(Outcome<HttpFetch> outcome) => outcome.Exception is { } ex
        ? ex.GetType().Name
        : ((int)outcome.Result!.Status).ToString(CultureInfo.InvariantCulture);
}
