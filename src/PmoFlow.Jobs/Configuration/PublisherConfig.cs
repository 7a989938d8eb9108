namespace PmoFlow.Jobs.Configuration;

/// <summary>One place a stream's reports are delivered to. <see cref="Name"/> is unique within the stream.</summary>
/// <param name="Name">The publisher's name in the delivery ledger (default: its kind).</param>
/// <param name="Line">The line it is configured on.</param>
public abstract record PublisherConfig(string Name, int Line)
{
    /// <summary><c>folder</c>, <c>webhook</c> or <c>database</c>.</summary>
    public abstract string Kind { get; }
}

/// <summary>Writes each report into <c>Path/stream/period/</c>, atomically (a temporary folder renamed into place).</summary>
/// <param name="Name">Ledger name.</param>
/// <param name="Line">Config line.</param>
/// <param name="Path">The root folder (absolute; relative paths in the file are resolved against the file's folder).</param>
public sealed record FolderPublisherConfig(string Name, int Line, string Path) : PublisherConfig(Name, Line)
{
    /// <inheritdoc />
    public override string Kind => "folder";
}

/// <summary>The body a webhook receives.</summary>
public enum WebhookFormat
{
    /// <summary>PmoFlow's own JSON: stream, period, dedupe key, highlights and the report's JSON.</summary>
    Json,

    /// <summary>A Slack incoming-webhook message (text and blocks).</summary>
    Slack,

    /// <summary>A Microsoft Teams message carrying an Adaptive Card.</summary>
    Teams,
}

/// <summary>POSTs each report to a URL, with bounded retries.</summary>
/// <param name="Name">Ledger name.</param>
/// <param name="Line">Config line.</param>
/// <param name="Url">The URL as written in the file: the endpoint, or a placeholder when the real one is a secret.</param>
/// <param name="SecretEnv">An environment variable holding the real URL (for Slack/Teams the URL is the secret).</param>
/// <param name="SecretFile">A file holding the real URL.</param>
/// <param name="Format">The body's format.</param>
/// <param name="Timeout">Per HTTP attempt.</param>
/// <param name="Retries">Retries after the first attempt (so at most Retries + 1 calls per delivery run).</param>
/// <param name="RetryDelay">The first retry's delay; doubles each retry (a Retry-After header wins, up to a minute).</param>
public sealed record WebhookPublisherConfig(
    string Name,
    int Line,
    string? Url,
    string? SecretEnv,
    string? SecretFile,
    WebhookFormat Format,
    TimeSpan Timeout,
    int Retries,
    TimeSpan RetryDelay) : PublisherConfig(Name, Line)
{
    /// <summary>Default per-attempt timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Default first retry delay.</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>Default number of retries.</summary>
    public const int DefaultRetries = 3;

    /// <inheritdoc />
    public override string Kind => "webhook";

    /// <summary>A description safe to print and log: never the secret URL.</summary>
    public string SafeDescription => SecretEnv is not null
        ? $"URL from ${SecretEnv}"
        : SecretFile is not null ? $"URL from file {SecretFile}" : RedactedUrl(Url);

    private static string RedactedUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) ? $"{u.Scheme}://{u.Authority}/…" : "(no URL)";
}

/// <summary>Stores each report in the <c>reports</c> table, in the delivery's own transaction (exactly once).</summary>
/// <param name="Name">Ledger name.</param>
/// <param name="Line">Config line.</param>
public sealed record DatabasePublisherConfig(string Name, int Line) : PublisherConfig(Name, Line)
{
    /// <inheritdoc />
    public override string Kind => "database";
}
