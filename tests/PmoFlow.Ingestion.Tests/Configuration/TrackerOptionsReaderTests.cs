using PmoFlow.Streams.Configuration;
using PmoFlow.Ingestion.Connectors;
using PmoFlow.Ingestion.Connectors.AzureDevOps;
using PmoFlow.Ingestion.Connectors.GitHub;
using PmoFlow.Ingestion.Connectors.GitLab;
using PmoFlow.Ingestion.Connectors.Jira;

namespace PmoFlow.Ingestion.Tests.Configuration;

public class TrackerOptionsReaderTests
{
    private const string File = "/etc/pmoflow/pmoflow.yaml";

    // Lines 1-6; the source entry starts on line 7 ("  - name: src") and its first key is on line 8.
    private const string Head = """
        streams:
          - name: s
            stages:
              - { name: Open, category: backlog }
              - { name: Done, category: done }
        sources:
        """;

    private const int FirstKeyLine = 8;

    /// <summary>A one-source file; <paramref name="keys"/> are the entry's lines after <c>name: src</c>, each on its own line.</summary>
    private static (PmoFlowConfig Config, SourceConfig Source) Parse(params string[] keys)
    {
        var yaml = Head + "\n  - name: src\n" + string.Concat(keys.Select(k => "    " + k + "\n"));
        var config = ConfigLoader.Parse(yaml, File);
        return (config, config.Source("src"));
    }

    private static T Read<T>(params string[] keys)
        where T : TrackerSourceOptions
    {
        var (config, source) = Parse(keys);
        return Assert.IsAssignableFrom<T>(TrackerOptionsReader.Read(config, source));
    }

    private static ConfigException Error(params string[] keys)
    {
        var (config, source) = Parse(keys);
        return Assert.Throws<ConfigException>(() => TrackerOptionsReader.Read(config, source));
    }

    [Fact]
    public void Read_JiraEveryKey_MapsEachProperty()
    {
        var o = Read<JiraSourceOptions>(
            "kind: jira",
            "timeZone: Europe/Paris",
            "schedule: hourly",
            "baseUrl: https://jira.example.com/jira",
            "auth: personalAccessToken",
            "email: pmo@example.com",
            "emailEnv: JIRA_EMAIL",
            "tokenEnv: JIRA_TOKEN",
            "jql: project = PLAT AND type != Epic",
            "boardId: 8",
            "apiVersion: 3",
            "overlapMinutes: 2.5",
            "jqlTimeZone: Europe/London",
            "flaggedField: customfield_10021",
            "blockedField: Blocked",
            "blockedLabel: blocked",
            "blockedLinkText: is blocked by",
            "epicLinkField: customfield_10014",
            "pageSize: 50",
            "maxConcurrency: 2",
            "requestTimeoutSeconds: 12.5",
            "maxRetries: 3",
            "retryBaseDelaySeconds: 0.5",
            "maxRetryDelaySeconds: 30");

        Assert.Equal("src", o.Name);
        Assert.Equal("https://jira.example.com/jira", o.BaseUrl);
        Assert.Equal(JiraAuthMode.PersonalAccessToken, o.Auth);
        Assert.Equal(("pmo@example.com", "JIRA_EMAIL", "JIRA_TOKEN"), (o.Email, o.EmailEnv, o.TokenEnv));
        Assert.Null(o.TokenFile);
        Assert.Equal("project = PLAT AND type != Epic", o.Jql);
        Assert.Equal(8, o.BoardId);
        Assert.Equal("3", o.ApiVersion);
        Assert.Equal(2.5, o.OverlapMinutes);
        Assert.Equal("Europe/London", o.JqlTimeZone);
        Assert.Equal(("customfield_10021", "Blocked", "blocked", "is blocked by", "customfield_10014"),
            (o.FlaggedField, o.BlockedField, o.BlockedLabel, o.BlockedLinkText, o.EpicLinkField));
        Assert.Equal((50, 2, 12.5, 3, 0.5, 30.0),
            (o.PageSize, o.MaxConcurrency, o.RequestTimeoutSeconds, o.MaxRetries, o.RetryBaseDelaySeconds, o.MaxRetryDelaySeconds));
    }

    [Fact]
    public void Read_AzureDevOpsEveryKey_MapsListsAndScalars()
    {
        var o = Read<AzureDevOpsSourceOptions>(
            "kind: azure-devops",
            "baseUrl: https://dev.azure.com/fabrikam",
            "project: Fabrikam-Fiber-Git",
            "tokenFile: /run/secrets/ado-pat",
            "workItemTypes: [Bug, Product Backlog Item]",
            "blockedTags:",
            "  - Blocked",
            "  - Waiting on vendor",
            "blockedField: Custom.Impediment",
            "blockedValue: \"Yes\"",
            "apiVersion: \"7.1\"");

        Assert.Equal("Fabrikam-Fiber-Git", o.Project);
        Assert.Equal("/run/secrets/ado-pat", o.TokenFile);
        Assert.Equal(["Bug", "Product Backlog Item"], o.WorkItemTypes);
        Assert.Equal(["Blocked", "Waiting on vendor"], o.BlockedTags);
        Assert.Equal(("Custom.Impediment", "Yes", "7.1"), (o.BlockedField, o.BlockedValue, o.ApiVersion));
    }

    [Fact]
    public void Read_GitHubLabelStatuses_MapsTheMappingCaseInsensitively()
    {
        var o = Read<GitHubSourceOptions>(
            "kind: github",
            "owner: panjf2000",
            "repository: ants",
            "tokenEnv: GH_TOKEN",
            "labelStatuses:",
            "  help wanted: Ready",
            "  pending development: In Progress",
            "openStatus: To do",
            "closedStatus: Shipped",
            "blockedLabels: [blocked, on hold]",
            "includePullRequests: yes",
            "overlapMinutes: 0",
            "maxRateLimitWaitSeconds: 60");

        Assert.Equal(2, o.LabelStatuses.Count);
        Assert.Equal("Ready", o.LabelStatuses["help wanted"]);
        Assert.Equal("In Progress", o.LabelStatuses["Pending Development"]); // labels match case-insensitively
        Assert.Equal(("panjf2000", "ants", "To do", "Shipped"), (o.Owner, o.Repository, o.OpenStatus, o.ClosedStatus));
        Assert.Equal(["blocked", "on hold"], o.BlockedLabels);
        Assert.True(o.IncludePullRequests);
        Assert.Equal((0.0, 60.0), (o.OverlapMinutes, o.MaxRateLimitWaitSeconds));
    }

    [Fact]
    public void Read_GitLabEveryKey_MapsEachProperty()
    {
        var o = Read<GitLabSourceOptions>(
            "kind: gitlab",
            "baseUrl: https://gitlab.example.com",
            "project: 12345678",
            "tokenEnv: GITLAB_TOKEN",
            "statusLabelScope: flow",
            "openStatus: Open",
            "closedStatus: Done",
            "blockedLabels: Blocked", // a single value for a list key
            "overlapMinutes: 10");

        Assert.Equal(("https://gitlab.example.com", "12345678", "GITLAB_TOKEN"), (o.BaseUrl, o.Project, o.TokenEnv));
        Assert.Equal(("flow", "Open", "Done", 10.0), (o.StatusLabelScope, o.OpenStatus, o.ClosedStatus, o.OverlapMinutes));
        Assert.Equal(["Blocked"], o.BlockedLabels);
    }

    [Fact]
    public void Read_OnlyRequiredKeys_KeepsEveryDefault()
    {
        var jira = Read<JiraSourceOptions>("kind: jira", "baseUrl: https://x.atlassian.net", "email: a@b.c", "tokenEnv: T", "boardId: 1");
        var ado = Read<AzureDevOpsSourceOptions>("kind: azure-devops", "baseUrl: https://dev.azure.com/o", "tokenEnv: T");
        var gh = Read<GitHubSourceOptions>("kind: github", "owner: o", "repository: r", "tokenEnv: T");
        var gl = Read<GitLabSourceOptions>("kind: gitlab", "project: g/p", "tokenEnv: T");

        Assert.Equal((JiraAuthMode.ApiToken, "2", 5.0, "UTC", "Flagged"), (jira.Auth, jira.ApiVersion, jira.OverlapMinutes, jira.JqlTimeZone, jira.FlaggedField));
        Assert.Null(jira.Jql);
        Assert.Equal((100, 4, 30.0, 5, 1.0, 120.0),
            (jira.PageSize, jira.MaxConcurrency, jira.RequestTimeoutSeconds, jira.MaxRetries, jira.RetryBaseDelaySeconds, jira.MaxRetryDelaySeconds));
        Assert.Equal((200, "7.1", "Microsoft.VSTS.CMMI.Blocked", "Yes"), (ado.PageSize, ado.ApiVersion, ado.BlockedField, ado.BlockedValue));
        Assert.Equal(["Blocked"], ado.BlockedTags);
        Assert.Empty(ado.WorkItemTypes);
        Assert.Equal(("https://api.github.com", "Open", "Closed", false, 900.0), (gh.BaseUrl, gh.OpenStatus, gh.ClosedStatus, gh.IncludePullRequests, gh.MaxRateLimitWaitSeconds));
        Assert.Empty(gh.LabelStatuses);
        Assert.Equal(["blocked"], gh.BlockedLabels);
        Assert.Equal(("https://gitlab.com", "workflow", "opened", "closed", 100), (gl.BaseUrl, gl.StatusLabelScope, gl.OpenStatus, gl.ClosedStatus, gl.PageSize));
    }

    [Theory]
    [InlineData("apiToken", JiraAuthMode.ApiToken)]
    [InlineData("personalAccessToken", JiraAuthMode.PersonalAccessToken)]
    [InlineData("PersonalAccessToken", JiraAuthMode.PersonalAccessToken)]
    [InlineData("personalaccesstoken", JiraAuthMode.PersonalAccessToken)]
    public void Read_AuthMode_ParsesTheNameCaseInsensitively(string text, JiraAuthMode expected) =>
        Assert.Equal(expected, Read<JiraSourceOptions>("kind: jira", "baseUrl: https://j.example.com", "email: a@b.c", "tokenEnv: T", "jql: x", $"auth: {text}").Auth);

    [Fact]
    public void Read_NullValues_ClearOptionalKeysAndLists()
    {
        var ado = Read<AzureDevOpsSourceOptions>(
            "kind: azure-devops", "baseUrl: https://dev.azure.com/o", "tokenEnv: T", "blockedField: ~", "blockedTags: []", "project:");
        var gh = Read<GitHubSourceOptions>("kind: github", "owner: o", "repository: r", "tokenEnv: T", "blockedLabels: null", "labelStatuses: {}");

        Assert.Null(ado.BlockedField);
        Assert.Null(ado.Project);
        Assert.Empty(ado.BlockedTags);
        Assert.Empty(gh.BlockedLabels);
        Assert.Empty(gh.LabelStatuses);
    }

    [Fact]
    public void Read_RelativeTokenFile_IsResolvedAgainstTheConfigFolder()
    {
        var o = Read<GitLabSourceOptions>("kind: gitlab", "project: 1", "tokenFile: secrets/gitlab-token");

        Assert.Equal("/etc/pmoflow/secrets/gitlab-token", o.TokenFile);
    }

    [Theory]
    // Each case: the entry's keys after name and kind, the line of the error, the key named and part of the problem.
    [InlineData(new[] { "owner: o", "repository: r", "tokenenv: T" }, 11, "sources.src.tokenenv", "unknown key for a github source; known: ")]
    [InlineData(new[] { "owner: o", "repository: r", "tokenEnv: T", "pageSize: many" }, 12, "sources.src.pageSize", "'many' is not a whole number")]
    [InlineData(new[] { "owner: o", "repository: r", "tokenEnv: T", "overlapMinutes: NaN" }, 12, "sources.src.overlapMinutes", "'NaN' is not a number")]
    [InlineData(new[] { "owner: o", "repository: r", "tokenEnv: T", "includePullRequests: maybe" }, 12, "sources.src.includePullRequests", "'maybe' is not true or false")]
    [InlineData(new[] { "owner: [o, p]", "repository: r", "tokenEnv: T" }, 9, "sources.src.owner", "expected a single value, not a list")]
    [InlineData(new[] { "owner: o", "repository: r", "tokenEnv: T", "blockedLabels: { a: b }" }, 12, "sources.src.blockedLabels", "expected a list, not a mapping")]
    [InlineData(new[] { "owner: o", "repository: r", "tokenEnv: T", "labelStatuses: Ready" }, 12, "sources.src.labelStatuses", "expected a mapping of keys to values")]
    [InlineData(new[] { "owner: o", "repository: r", "tokenEnv: T", "labelStatuses: { help wanted: [a, b] }" }, 12, "sources.src.labelStatuses", "expected a single value for 'help wanted'")]
    [InlineData(new[] { "owner: o", "repository: r", "tokenEnv: T", "openStatus: ~" }, 12, "sources.src.openStatus", "needs a value")]
    [InlineData(new[] { "owner: o", "repository: r", "tokenEnv: T", "pageSize: 0" }, 12, "sources.src.pageSize", "pageSize must be between 1 and 1000.")]
    [InlineData(new[] { "owner: o", "repository: r", "tokenEnv: T", "baseUrl: ftp://example.com" }, 12, "sources.src.baseUrl", "baseUrl must be an absolute http(s) URL.")]
    [InlineData(new[] { "owner: o", "tokenEnv: T" }, 7, "sources.src.repository", "repository is required.")]
    public void Read_GitHubBadValue_NamesTheLineAndKey(string[] keys, int line, string key, string problem)
    {
        var ex = Error(["kind: github", .. keys]);

        Assert.Equal((File, line, key), (ex.File, ex.Line, ex.Key));
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{File}:{line}: {key}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadAuthMode_ListsTheModesWithLineAndKey()
    {
        var ex = Error("kind: jira", "baseUrl: https://j.example.com", "email: a@b.c", "tokenEnv: T", "jql: x", "auth: oauth");

        // "auth: oauth" is the sixth key: line 8 + 5.
        Assert.Equal((FirstKeyLine + 5, "sources.src.auth"), (ex.Line, ex.Key));
        Assert.Equal("'oauth' is not one of apiToken, personalAccessToken", ex.Problem);
    }

    [Fact]
    public void Read_JiraWithoutJqlOrBoard_PointsAtTheSource()
    {
        var ex = Error("kind: jira", "baseUrl: https://j.example.com", "email: a@b.c", "tokenEnv: T");

        Assert.Equal((7, "sources.src.jql"), (ex.Line, ex.Key));
        Assert.Contains("jql or boardId is required", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_JiraApiTokenWithoutEmail_NamesTheEmailKey()
    {
        var ex = Error("kind: jira", "baseUrl: https://j.example.com", "tokenEnv: T", "boardId: 3");

        Assert.Equal("sources.src.email", ex.Key);
        Assert.Contains("email or emailEnv is required for apiToken auth", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownJqlTimeZone_PointsAtItsLine()
    {
        var ex = Error("kind: jira", "baseUrl: https://j.example.com", "email: a@b.c", "tokenEnv: T", "jql: x", "jqlTimeZone: Mars/Olympus");

        Assert.Equal((FirstKeyLine + 5, "sources.src.jqlTimeZone"), (ex.Line, ex.Key));
    }

    [Fact]
    public void Read_UnknownKeyForThisKind_ListsTheKnownKeys()
    {
        // "statusLabelScope" is a GitLab key, not a Jira one.
        var ex = Error("kind: jira", "baseUrl: https://j.example.com", "email: a@b.c", "tokenEnv: T", "jql: x", "statusLabelScope: workflow");

        Assert.Equal((FirstKeyLine + 5, "sources.src.statusLabelScope"), (ex.Line, ex.Key));
        Assert.Contains("boardId", ex.Problem, StringComparison.Ordinal);
        Assert.Contains("jqlTimeZone", ex.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("kind", ex.Problem.Split("known: ")[1].Split(", "));
    }

    [Fact]
    public void Read_CsvSource_IsNotATracker()
    {
        var config = ConfigLoader.Parse(Head + "\n  - { name: src, kind: csv, events: e.csv }\n", File);

        var ex = Assert.Throws<ConfigException>(() => TrackerOptionsReader.Read(config, config.Source("src")));

        Assert.Equal((7, "sources.src.kind"), (ex.Line, ex.Key));
    }

    [Fact]
    public void Read_EveryKindOfTheFactory_HasAnOptionsClassTheReaderFills()
    {
        // The four kinds a tracker source can have, and the class each gives.
        var kinds = TrackerConnectors.OptionTypes.Keys.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["azure-devops", "github", "gitlab", "jira"], kinds);
        Assert.IsType<AzureDevOpsSourceOptions>(Read<TrackerSourceOptions>("kind: azure-devops", "baseUrl: https://dev.azure.com/o", "tokenEnv: T"));
        Assert.IsType<GitHubSourceOptions>(Read<TrackerSourceOptions>("kind: GitHub", "owner: o", "repository: r", "tokenEnv: T"));
    }
}
