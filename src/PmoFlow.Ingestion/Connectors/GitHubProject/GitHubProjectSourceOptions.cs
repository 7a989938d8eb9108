namespace PmoFlow.Ingestion.Connectors.GitHubProject;

/// <summary>Who owns a GitHub project (v2).</summary>
public enum GitHubProjectOwnerType
{
    /// <summary>An organisation's project (<c>organization(login:)</c>).</summary>
    Organization = 0,

    /// <summary>A user's project (<c>user(login:)</c>).</summary>
    User = 1,
}

/// <summary>A GitHub Projects (v2) board whose single-select field holds the status (<c>kind: github-project</c>).</summary>
public sealed class GitHubProjectSourceOptions : TrackerSourceOptions
{
    /// <summary>Defaults: <c>baseUrl</c> is the public API (GitHub Enterprise Server: <c>https://HOST/api/v3</c>; GraphQL is then <c>/api/graphql</c>).</summary>
    public GitHubProjectSourceOptions() => BaseUrl = "https://api.github.com";

    /// <inheritdoc/>
    public override string Kind => "github-project";

    /// <summary><c>owner</c>: the organisation or user that owns the project.</summary>
    public string Owner { get; set; } = string.Empty;

    /// <summary><c>ownerType</c>: <c>organization</c> (default) or <c>user</c>.</summary>
    public GitHubProjectOwnerType OwnerType { get; set; } = GitHubProjectOwnerType.Organization;

    /// <summary><c>projectNumber</c>: the project's number (the N in <c>github.com/orgs/OWNER/projects/N</c>).</summary>
    public int ProjectNumber { get; set; }

    /// <summary><c>statusField</c>: the single-select field that holds the status.</summary>
    public string StatusField { get; set; } = "Status";

    /// <summary><c>maxRateLimitWaitSeconds</c>: the longest wait for a rate-limit reset before the read fails.</summary>
    public double MaxRateLimitWaitSeconds { get; set; } = 900;

    /// <summary>The GraphQL endpoint for <see cref="TrackerSourceOptions.BaseUrl"/>.</summary>
    public Uri GraphQlUrl
    {
        get
        {
            var root = BaseUrl.TrimEnd('/');
            return new Uri(root.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase) ? root[..^2] + "graphql" : root + "/graphql");
        }
    }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(!string.IsNullOrWhiteSpace(Owner), "owner", "is required");
        Require(ProjectNumber >= 1, "projectNumber", "is required (a positive number)");
        Require(!string.IsNullOrWhiteSpace(StatusField), "statusField", "must name the project's status field");
        Require(PageSize <= 100, "pageSize", "must be at most 100 (GitHub's GraphQL limit per connection)");
    }
}
