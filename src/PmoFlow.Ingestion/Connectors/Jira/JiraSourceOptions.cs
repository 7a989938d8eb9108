namespace PmoFlow.Ingestion.Connectors.Jira;

/// <summary>How a Jira source authenticates.</summary>
public enum JiraAuthMode
{
    /// <summary>Jira Cloud: <c>email</c> + API token, sent as HTTP Basic.</summary>
    ApiToken = 0,

    /// <summary>Jira Data Center / Server: a personal access token, sent as a Bearer token.</summary>
    PersonalAccessToken = 1,
}

/// <summary>Which Jira a source talks to: it decides the search and changelog endpoints.</summary>
public enum JiraDeployment
{
    /// <summary>Jira Cloud: <c>/rest/api/3/search/jql</c> with <c>nextPageToken</c>, and <c>/rest/api/3/changelog/bulkfetch</c>.</summary>
    Cloud = 0,

    /// <summary>Jira Data Center / Server: <c>/rest/api/2/search</c> with <c>startAt</c> and <c>expand=changelog</c>.</summary>
    DataCenter = 1,
}

/// <summary>A Jira Cloud or Data Center source (<c>kind: jira</c>).</summary>
public sealed class JiraSourceOptions : TrackerSourceOptions
{
    /// <inheritdoc/>
    public override string Kind => "jira";

    /// <summary>
    /// <c>deployment</c>: <c>cloud</c> or <c>datacenter</c>. Unset: <c>cloud</c> for an <c>*.atlassian.net</c> base URL,
    /// otherwise what <c>/rest/api/2/serverInfo</c> says (<c>deploymentType</c>).
    /// </summary>
    public JiraDeployment? Deployment { get; set; }

    /// <summary><c>auth</c>: <c>apiToken</c> (Cloud, default) or <c>personalAccessToken</c> (Data Center).</summary>
    public JiraAuthMode Auth { get; set; } = JiraAuthMode.ApiToken;

    /// <summary><c>email</c>: the account e-mail for <c>apiToken</c> auth (not a secret).</summary>
    public string? Email { get; set; }

    /// <summary><c>emailEnv</c>: or the environment variable holding it.</summary>
    public string? EmailEnv { get; set; }

    /// <summary><c>jql</c>: the issues to read (without <c>ORDER BY</c>); combined with <c>boardId</c> when both are set.</summary>
    public string? Jql { get; set; }

    /// <summary><c>boardId</c>: read the issues of this agile board (<c>/rest/agile/1.0/board/{id}/issue</c>).</summary>
    public int? BoardId { get; set; }

    /// <summary><c>apiVersion</c>: REST API version for search, status and changelog (<c>2</c> works on Cloud and Data Center).</summary>
    public string ApiVersion { get; set; } = "2";

    /// <summary><c>overlapMinutes</c>: how far before the saved cursor an incremental read starts, so edits made while the last read ran are not missed.</summary>
    /// <remarks>Jira Cloud's search is eventually consistent (an edit can reach the index after later ones), hence 10 minutes by default.</remarks>
    public double OverlapMinutes { get; set; } = 10;

    /// <summary><c>jqlTimeZone</c>: the time zone Jira reads JQL dates in (the API user's profile zone); IANA id.</summary>
    public string JqlTimeZone { get; set; } = "UTC";

    /// <summary><c>flaggedField</c>: the changelog field name or id of Jira's Flagged field.</summary>
    public string FlaggedField { get; set; } = "Flagged";

    /// <summary><c>blockedField</c>: another field (name or id) that means blocked while it has a value.</summary>
    public string? BlockedField { get; set; }

    /// <summary><c>blockedLabel</c>: a label that means blocked while present.</summary>
    public string? BlockedLabel { get; set; }

    /// <summary><c>blockedLinkText</c>: issue-link text that means blocked while the link exists (e.g. <c>is blocked by</c>).</summary>
    public string? BlockedLinkText { get; set; }

    /// <summary><c>epicLinkField</c>: the custom field id of the Epic Link on older company-managed projects (e.g. <c>customfield_10014</c>).</summary>
    public string? EpicLinkField { get; set; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        Require(!string.IsNullOrWhiteSpace(Jql) || BoardId is not null, "jql", "or boardId is required");
        Require(OverlapMinutes >= 0, "overlapMinutes", "must not be negative");
        Require(Auth != JiraAuthMode.ApiToken || !string.IsNullOrWhiteSpace(Email) || !string.IsNullOrWhiteSpace(EmailEnv),
            "email", "or emailEnv is required for apiToken auth");
        Require(TimeZoneInfo.TryFindSystemTimeZoneById(JqlTimeZone, out _), "jqlTimeZone", "is not a known time zone");
    }
}
