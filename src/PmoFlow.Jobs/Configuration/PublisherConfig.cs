namespace PmoFlow.Jobs.Configuration;

/// <summary>One place a stream's reports are delivered to. <see cref="Name"/> is unique within the stream.</summary>
/// <param name="Name">The publisher's name in the delivery ledger (default: its kind).</param>
/// <param name="Line">The line it is configured on.</param>
public abstract record PublisherConfig(string Name, int Line)
{
    /// <summary><c>folder</c>, <c>webhook</c>, <c>database</c> or <c>email</c>.</summary>
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

/// <summary>How the e-mail publisher secures its SMTP connection (there is no plaintext choice).</summary>
public enum SmtpSecurity
{
    /// <summary>Connect in plain text, then STARTTLS before anything else is sent; a server that does not offer it is refused.</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    Tls,
}

/// <summary>Sends each report by e-mail (SMTP): the HTML summary inline, the full report (HTML, and PDF when enabled) attached.</summary>
/// <param name="Name">
/// Ledger name: the configured name plus a digest of the recipient list (<c>pmo-mail[3fa2c1d0]</c>), so a report is
/// delivered once per (period, publisher, recipient list) and a changed list gets its own delivery.
/// </param>
/// <param name="Line">Config line.</param>
/// <param name="Host">The SMTP server.</param>
/// <param name="Port">Its port (default 587 for STARTTLS, 465 for TLS).</param>
/// <param name="Security">STARTTLS (default) or TLS.</param>
/// <param name="From">The sender address.</param>
/// <param name="To">The recipients, as configured.</param>
/// <param name="Username">The login, if the server wants one (<c>username</c>, <c>usernameEnv</c> or <c>usernameFile</c>).</param>
/// <param name="UsernameEnv">An environment variable holding the login.</param>
/// <param name="UsernameFile">A file holding the login.</param>
/// <param name="PasswordEnv">An environment variable holding the password.</param>
/// <param name="PasswordFile">A file holding the password.</param>
/// <param name="CertificateFile">A PEM certificate to trust besides the system's (a private SMTP server's own).</param>
/// <param name="AttachPdf">Attach report.pdf printed by headless chromium (default true).</param>
/// <param name="Timeout">Per SMTP operation.</param>
public sealed record EmailPublisherConfig(
    string Name,
    int Line,
    string Host,
    int Port,
    SmtpSecurity Security,
    string From,
    IReadOnlyList<string> To,
    string? Username,
    string? UsernameEnv,
    string? UsernameFile,
    string? PasswordEnv,
    string? PasswordFile,
    string? CertificateFile,
    bool AttachPdf,
    TimeSpan Timeout) : PublisherConfig(Name, Line)
{
    /// <summary>Default per-operation timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    public override string Kind => "email";

    /// <summary>A description safe to print and log: server and recipient count, never a credential.</summary>
    public string SafeDescription => $"smtp://{Host}:{Port} ({Security}), {To.Count} recipient(s)";

    /// <summary>The ledger name for a configured name and recipient list: the name, then the list's digest (order and case ignored).</summary>
    public static string LedgerName(string name, IEnumerable<string> to)
    {
        var list = string.Join("\n", to.Select(t => t.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(list));
        return $"{name}[{Convert.ToHexStringLower(digest)[..8]}]";
    }
}
