namespace PmoFlow.Core.Limits;

/// <summary>
/// Every limit PmoFlow puts on what it reads and on the work one request may ask for, with its default. The single
/// home of these numbers: docs/limits.md lists them with their <c>limits:</c> keys in <c>pmoflow.yaml</c>.
/// </summary>
/// <remarks>Immutable. <see cref="Default"/> applies wherever no configuration was read (and to <c>pmoflow.yaml</c> itself).</remarks>
public sealed record InputLimits
{
    /// <summary>The defaults.</summary>
    public static InputLimits Default { get; } = new();

    /// <summary>Limits on every YAML document read (configuration, portfolio, features, API bodies).</summary>
    public YamlLimits Yaml { get; init; } = new();

    /// <summary>The largest request body the server reads (bytes; default 1 MiB). Larger bodies answer 413.</summary>
    public int MaxRequestBodyBytes { get; init; } = 1 << 20;

    /// <summary>The deepest nesting of a JSON request body (default 32). Deeper bodies answer 400.</summary>
    public int MaxJsonDepth { get; init; } = 32;

    /// <summary>
    /// The most forecast work one server request may ask for, in items × trials (how-many: days × trials; default
    /// 100,000,000, e.g. 1,000 items × 100,000 trials). More answers 400 naming the limit. The CLI, which runs on the
    /// operator's own machine, keeps its own bounds (<c>--trials</c> up to 100,000,000).
    /// </summary>
    public long MaxForecastWork { get; init; } = 100_000_000;

    /// <summary>
    /// How many heavy requests (forecasts, report builds, portfolio forecasts) the server computes at once; more answer
    /// 429. Null (the default): the machine's cores less one, at least 1 (see <see cref="HeavyRequestSlots"/>).
    /// </summary>
    public int? MaxConcurrentHeavyRequests { get; init; }

    /// <summary>The heavy requests computed at once: <see cref="MaxConcurrentHeavyRequests"/>, else the cores less one (at least 1).</summary>
    public int HeavyRequestSlots => MaxConcurrentHeavyRequests ?? Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>The <c>Retry-After</c> seconds of a 429 (default 5).</summary>
    public int RetryAfterSeconds { get; init; } = 5;

    /// <summary>The earliest timestamp accepted from any source (default 1970-01-01T00:00:00Z).</summary>
    public DateTimeOffset EarliestTimestamp { get; init; } = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The latest timestamp accepted from any source (default 2200-12-31T23:59:59Z).</summary>
    public DateTimeOffset LatestTimestamp { get; init; } = new(2200, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>The longest item title kept (characters, default 1,000); longer titles are cut with a data-quality line.</summary>
    public int MaxTitleLength { get; init; } = 1000;

    /// <summary>The longest item key, status or type accepted (characters, default 200); longer rows are quarantined.</summary>
    public int MaxKeyLength { get; init; } = 200;

    /// <summary>
    /// The <c>Host</c> header values <c>serve</c> answers (without port; default the loopback names). Anything else
    /// answers 400, so a page on another site cannot read the data through DNS rebinding.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = ["localhost", "127.0.0.1", "[::1]", "::1"];

    /// <summary>Whether a timestamp lies in the accepted range.</summary>
    public bool IsPlausible(DateTimeOffset instant) => instant >= EarliestTimestamp && instant <= LatestTimestamp;

    /// <summary>The message of a timestamp outside the range.</summary>
    public string ImplausibleTimestamp(DateTimeOffset instant) =>
        $"timestamp {instant:yyyy-MM-ddTHH:mm:ssK} is outside the accepted range {EarliestTimestamp:yyyy-MM-dd}..{LatestTimestamp:yyyy-MM-dd} (limits.timestamps)";
}

/// <summary>Limits on one YAML document.</summary>
public sealed record YamlLimits
{
    /// <summary>The largest document (characters; default 4 Mi). Key <c>limits.yaml.maxChars</c>.</summary>
    public int MaxChars { get; init; } = 4 << 20;

    /// <summary>The deepest nesting of lists and mappings (default 64). Key <c>limits.yaml.maxDepth</c>.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The most nodes in a document, counting the nodes aliases repeat (default 1,000,000). Key <c>limits.yaml.maxNodes</c>.</summary>
    public int MaxNodes { get; init; } = 1_000_000;

    /// <summary>
    /// The most nodes all aliases of a document may repeat together (default 10,000; 0 turns aliases off). Key
    /// <c>limits.yaml.maxAliasNodes</c>.
    /// </summary>
    public int MaxAliasNodes { get; init; } = 10_000;
}
