namespace PmoFlow.Ingestion.Connectors.GitHub;

/// <summary>A GitHub repository's issues (<c>kind: github</c>).</summary>
public sealed class GitHubSourceOptions : TrackerSourceOptions
{
    /// <summary>Defaults: <c>baseUrl</c> is the public API (set it to <c>https://HOST/api/v3</c> for GitHub Enterprise Server).</summary>
    public GitHubSourceOptions() => BaseUrl = "https://api.github.com";

    /// <inheritdoc/>
    public override string Kind => "github";

    /// <summary><c>owner</c>: the user or organisation.</summary>
    public string Owner { get; set; } = string.Empty;

    /// <summary><c>repository</c>: the repository name.</summary>
    public string Repository { get; set; } = string.Empty;

    /// <summary><c>labelStatuses</c>: label → status; adding the label moves the issue to that status.</summary>
    public IDictionary<string, string> LabelStatuses { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>openStatus</c>: the status of an open issue with no status label.</summary>
    public string OpenStatus { get; set; } = "Open";

    /// <summary><c>closedStatus</c>: the status of a closed issue.</summary>
    public string ClosedStatus { get; set; } = "Closed";

    /// <summary><c>blockedLabels</c>: labels that mean blocked while present.</summary>
    public IList<string> BlockedLabels { get; set; } = ["blocked"];

    /// <summary><c>includePullRequests</c>: also read pull requests (GitHub lists them among issues).</summary>
    public bool IncludePullRequests { get; set; }

    /// <summary><c>overlapMinutes</c>: how far before the saved cursor <c>since</c> starts.</summary>
    public double OverlapMinutes { get; set; } = 5;

    /// <summary><c>maxRateLimitWaitSeconds</c>: the longest wait for a rate-limit reset before the read fails.</summary>
    public double MaxRateLimitWaitSeconds { get; set; } = 900;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(!string.IsNullOrWhiteSpace(Owner), "owner", "is required");
        Require(!string.IsNullOrWhiteSpace(Repository), "repository", "is required");
        Require(OverlapMinutes >= 0, "overlapMinutes", "must not be negative");
    }
}
