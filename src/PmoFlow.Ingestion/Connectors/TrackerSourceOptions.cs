namespace PmoFlow.Ingestion.Connectors;

/// <summary>
/// Settings every tracker source shares. Property names are the camelCase keys of a
/// <c>sources:</c> entry in <c>pmoflow.yaml</c> (e.g. <see cref="TokenEnv"/> is <c>tokenEnv</c>).
/// </summary>
/// <remarks>
/// Credentials are never written in the file: <see cref="TokenEnv"/> names an environment variable
/// and <see cref="TokenFile"/> a file holding the secret; they are read when a read starts.
/// </remarks>
public abstract class TrackerSourceOptions
{
    /// <summary><c>name</c>: the source name stored with every event.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><c>baseUrl</c>: the tracker's root URL (e.g. <c>https://example.atlassian.net</c>).</summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary><c>tokenEnv</c>: name of the environment variable holding the token.</summary>
    public string? TokenEnv { get; set; }

    /// <summary><c>tokenFile</c>: path of a file holding the token (trailing whitespace ignored).</summary>
    public string? TokenFile { get; set; }

    /// <summary><c>pageSize</c>: items requested per page (the tracker may cap it).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary><c>maxConcurrency</c>: HTTP requests in flight at once for this source.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary><c>requestTimeoutSeconds</c>: time allowed for one attempt of one request, body included.</summary>
    public double RequestTimeoutSeconds { get; set; } = 30;

    /// <summary><c>maxRetries</c>: retries after the first attempt on 429, 5xx, timeouts and connection errors.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary><c>retryBaseDelaySeconds</c>: first back-off delay; it doubles per attempt, with jitter.</summary>
    public double RetryBaseDelaySeconds { get; set; } = 1;

    /// <summary><c>maxRetryDelaySeconds</c>: the cap on any one wait, including <c>Retry-After</c> and rate-limit resets.</summary>
    public double MaxRetryDelaySeconds { get; set; } = 120;

    /// <summary>The tracker kind these options configure.</summary>
    public abstract string Kind { get; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid key.</summary>
    public virtual void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Name), "name", "is required");
        Require(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp),
            "baseUrl", "must be an absolute http(s) URL");
        Require(PageSize is >= 1 and <= 1000, "pageSize", "must be between 1 and 1000");
        Require(MaxConcurrency is >= 1 and <= 64, "maxConcurrency", "must be between 1 and 64");
        Require(RequestTimeoutSeconds > 0, "requestTimeoutSeconds", "must be positive");
        Require(MaxRetries is >= 0 and <= 20, "maxRetries", "must be between 0 and 20");
        Require(RetryBaseDelaySeconds >= 0, "retryBaseDelaySeconds", "must not be negative");
        Require(MaxRetryDelaySeconds >= RetryBaseDelaySeconds, "maxRetryDelaySeconds", "must be at least retryBaseDelaySeconds");
    }

    /// <summary>Throws an <see cref="ArgumentException"/> for <paramref name="key"/> unless <paramref name="ok"/>.</summary>
    protected void Require(bool ok, string key, string problem)
    {
        if (!ok)
        {
            throw new ArgumentException($"source '{Name}' ({Kind}): {key} {problem}.", key);
        }
    }
}
