namespace PmoFlow.Ingestion.Connectors.GitLab;

/// <summary>A GitLab project's issues (<c>kind: gitlab</c>).</summary>
public sealed class GitLabSourceOptions : TrackerSourceOptions
{
    /// <summary>Defaults: <c>baseUrl</c> is gitlab.com.</summary>
    public GitLabSourceOptions() => BaseUrl = "https://gitlab.com";

    /// <inheritdoc/>
    public override string Kind => "gitlab";

    /// <summary><c>project</c>: the numeric project id or its full path (<c>group/project</c>).</summary>
    public string Project { get; set; } = string.Empty;

    /// <summary><c>statusLabelScope</c>: scoped labels <c>{scope}::{status}</c> set the status (default <c>workflow</c>).</summary>
    public string StatusLabelScope { get; set; } = "workflow";

    /// <summary><c>openStatus</c>: the status of an open issue with no scoped status label.</summary>
    public string OpenStatus { get; set; } = "opened";

    /// <summary><c>closedStatus</c>: the status of a closed issue.</summary>
    public string ClosedStatus { get; set; } = "closed";

    /// <summary><c>blockedLabels</c>: labels that mean blocked while present.</summary>
    public IList<string> BlockedLabels { get; set; } = ["blocked"];

    /// <summary><c>overlapMinutes</c>: how far before the saved cursor <c>updated_after</c> starts.</summary>
    public double OverlapMinutes { get; set; } = 5;

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(!string.IsNullOrWhiteSpace(Project), "project", "is required");
        Require(OverlapMinutes >= 0, "overlapMinutes", "must not be negative");
    }
}
