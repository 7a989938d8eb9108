using System.Text.Json;
using Dapper;
using PmoFlow.Testing;
using PmoFlow.Testing.Trackers;

namespace PmoFlow.Cli.Tests;

/// <summary>
/// <c>pmoflow ingest</c> in-process against the loopback fake trackers replaying the recorded fixtures, into a real
/// PostgreSQL named by the file's <c>database:</c> key. Expected counts are worked out from the fixture files.
/// </summary>
public sealed class IngestCommandTests : IClassFixture<DatabaseFixture>, IDisposable
{
    private const string Stream = """
        streams:
          - name: s
            stages:
              - { name: Open, category: backlog }
              - { name: Done, category: done }
        sources:
        """;

    private readonly DatabaseFixture _db;
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-cli-ingest-").FullName;

    // A distinct secret per test, so a leak cannot hide behind another test's value.
    private readonly string _token = $"tok-{Guid.NewGuid():N}";

    public IngestCommandTests(DatabaseFixture db)
    {
        _db = db;
        File.WriteAllText(Path.Combine(_dir, "tracker-token"), _token + "\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes pmoflow.yaml: the class's database, one stream, and <paramref name="sources"/> (the entries, indented under <c>sources:</c>).</summary>
    private string WriteConfig(string sources)
    {
        // Line 1 is database:, lines 2-7 the stream and "sources:", so the first source starts on line 8.
        var path = Path.Combine(_dir, "pmoflow.yaml");
        File.WriteAllText(path, $"database: '{_db.ConnectionString}'\n{Stream}\n{sources}");
        return path;
    }

    private async Task<Run> IngestAsync(string config, params string[] more)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(["ingest", "--config", config, "--format", "json", .. more]);
        // Whatever happened, the token never reaches the output.
        Assert.DoesNotContain(_token, stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(_token, stderr, StringComparison.Ordinal);
        var rows = code is 0 or 1 ? JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList() : [];
        return new Run(code, stdout, stderr, rows);
    }

    private async Task<long> CountAsync(string source)
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("select count(*) from events where source = @source", new { source });
    }

    private async Task AssertIngestedOnceAsync(string config, string source, int expected)
    {
        var first = await IngestAsync(config);
        Assert.True(first.Code == 0, first.Stderr);
        var row = Assert.Single(first.Rows);
        Assert.Equal(source, row.GetProperty("source").GetString());
        Assert.Equal("succeeded", row.GetProperty("outcome").GetString());
        Assert.Equal(expected, row.GetProperty("new_events").GetInt32());
        Assert.Equal(0, row.GetProperty("quarantined").GetInt32());
        Assert.Equal(expected, await CountAsync(source));

        var second = await IngestAsync(config);
        Assert.True(second.Code == 0, second.Stderr);
        Assert.Equal(0, Assert.Single(second.Rows).GetProperty("new_events").GetInt32());
        Assert.Equal(expected, await CountAsync(source));
    }

    [Fact]
    public async Task Ingest_JiraBoard_StoresEveryFixtureEventOnceAndTheSecondRunAddsNothing()
    {
        var issues = JiraFixtures.DevLakeIssues();
        await using var server = await FakeTrackerServer.StartAsync(new JiraFake(issues, JiraFixtures.DevLakeStatuses()).Map);
        // A relative tokenFile is read from the config file's folder, wherever the command runs from.
        var config = WriteConfig($"""
              - name: cli-jira
                kind: jira
                baseUrl: {server.Root}
                auth: apiToken
                email: pmo@example.invalid
                tokenFile: tracker-token
                boardId: 8
                pageSize: 10
            """);

        // 33 created + 165 status + 30 resolution + 8 issuetype + 31 parent (16 Epic Link, 13 Parent, 2 IssueParentAssociation).
        var expected = JiraFixtures.ExpectedEventCount(issues);
        Assert.Equal(267, expected);
        await AssertIngestedOnceAsync(config, "cli-jira", expected);
        Assert.Contains(server.Requests, r => r.PathAndQuery.StartsWith("/rest/agile/1.0/board/8/issue", StringComparison.Ordinal));
        Assert.All(server.Requests, r => Assert.StartsWith("Basic ", r.Authorization, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingest_JiraCloudReplay_SearchJqlAndBulkChangelogStoredOnce()
    {
        var fake = JiraCloudFake.FromFixtures();
        await using var server = await FakeTrackerServer.StartAsync(fake.Map);
        // No deployment key: the loopback host is not *.atlassian.net, so serverInfo decides (it says Cloud).
        var config = WriteConfig($"""
              - name: cli-jira-cloud
                kind: jira
                baseUrl: {server.Root}
                email: pmo@example.invalid
                tokenFile: tracker-token
                jql: project = PLAT
                pageSize: 10
            """);

        // 25 created + 74 status + 15 resolution + 6 Flagged + 3 parent, counted from Fixtures/jira-cloud.
        var expected = JiraCloudFixtures.ExpectedEventCount();
        Assert.Equal(25 + 74 + 15 + 6 + 3, expected);
        await AssertIngestedOnceAsync(config, "cli-jira-cloud", expected);
        Assert.Contains(server.Requests, r => r.PathAndQuery.StartsWith("/rest/api/3/search/jql?", StringComparison.Ordinal));
        Assert.Contains(server.Requests, r => r.Method == "POST" && r.PathAndQuery == "/rest/api/3/changelog/bulkfetch");
        Assert.DoesNotContain(server.Requests, r => r.PathAndQuery.StartsWith("/rest/api/2/search", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingest_JiraDataCenterReplay_StartAtSearchWithPatStoredOnce()
    {
        var issues = JiraFixtures.JiraMetricsIssues();
        await using var server = await FakeTrackerServer.StartAsync(new JiraFake(issues, JiraFixtures.JiraMetricsStatuses()).Map);
        var config = WriteConfig($"""
              - name: cli-jira-dc
                kind: jira
                deployment: datacenter
                baseUrl: {server.Root}
                auth: personalAccessToken
                tokenFile: tracker-token
                jql: project = SP
                pageSize: 5
            """);

        await AssertIngestedOnceAsync(config, "cli-jira-dc", JiraFixtures.ExpectedEventCount(issues));
        Assert.All(server.Requests, r => Assert.StartsWith("/rest/api/2/search?jql=", r.PathAndQuery, StringComparison.Ordinal));
        Assert.All(server.Requests, r => Assert.Equal($"Bearer {_token}", r.Authorization));
    }

    [Fact]
    public async Task Ingest_JiraCloudConfiguredAsDataCenter_FailsNamingTheEndpointAndKeyAndStoresNothing()
    {
        await using var server = await FakeTrackerServer.StartAsync(JiraCloudFake.FromFixtures().Map);
        var config = WriteConfig($"""
              - name: cli-jira-gone
                kind: jira
                deployment: datacenter
                baseUrl: {server.Root}
                email: pmo@example.invalid
                tokenFile: tracker-token
                jql: project = PLAT
            """);

        var run = await IngestAsync(config);

        Assert.Equal(1, run.Code);
        Assert.Equal("failed", Assert.Single(run.Rows).GetProperty("outcome").GetString());
        Assert.Contains("/rest/api/2/search answered 410 Gone", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("set sources.cli-jira-gone.deployment: cloud", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("cli-jira-gone"));
    }

    [Fact]
    public async Task Ingest_GitHubProjectReplay_TimelineAndObservedStatusesStoredOnce()
    {
        await using var server = await FakeTrackerServer.StartAsync(GitHubProjectFake.FromFixtures().Map);
        var config = WriteConfig($"""
              - name: cli-board
                kind: github-project
                baseUrl: {server.Root}
                owner: octo-org
                projectNumber: 3
                statusField: Status
                tokenFile: tracker-token
                pageSize: 4
            """);

        // Worked out by hand in Fixtures/github-project/README.md: 7 issues, 34 events, 2 of them observed.
        await AssertIngestedOnceAsync(config, "cli-board", 34);
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(2, await conn.ExecuteScalarAsync<long>("select count(*) from events where source = @source and value = @value",
            new { source = "cli-board", value = "observed" }));
        Assert.All(server.Requests, r => Assert.Equal(("POST", $"Bearer {_token}"), (r.Method, r.Authorization)));

        // The data-quality table counts them: shop#102 and shop#103, one each.
        var (code, stdout, stderr) = await CliRunner.RunAsync(["quality", "--config", config, "--stream", "s", "--as-of", "2026-12-01", "--format", "csv"]);
        Assert.True(code == 0, stderr);
        var line = Assert.Single(stdout.Split('\n'), l => l.StartsWith("observed-status,", StringComparison.Ordinal));
        Assert.StartsWith("observed-status,", line, StringComparison.Ordinal);
        Assert.Contains(",2,2,", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_AzureDevOpsRevisions_StoresEveryFixtureEventOnceAndTheSecondRunAddsNothing()
    {
        var revisions = AzureDevOpsFixtures.Bug1Revisions();
        await using var server = await FakeTrackerServer.StartAsync(new AzureDevOpsFake(revisions, revisions, AzureDevOpsFixtures.BugStates()).Map);
        var config = WriteConfig($"""
              - name: cli-ado
                kind: azure-devops
                baseUrl: {server.Root}
                project: Fabrikam-Fiber-Git
                tokenFile: {Path.Combine(_dir, "tracker-token")}
                pageSize: 4
                blockedTags: [beauty]
                apiVersion: "7.1"
            """);

        // Work item 1: created at rev 1, New → Active and the "beauty" tag added at rev 3.
        var expected = AzureDevOpsFixtures.ExpectedEventCount(revisions, ["beauty"]);
        Assert.Equal(3, expected);
        await AssertIngestedOnceAsync(config, "cli-ado", expected);
    }

    [Fact]
    public async Task Ingest_GitHubIssues_StoresEveryFixtureEventOnceAndTheSecondRunAddsNothing()
    {
        var issues = GitHubFixtures.Issues();
        var events = GitHubFixtures.Events();
        await using var server = await FakeTrackerServer.StartAsync(new GitHubFake(issues, events).Map);
        // Environment variables are process-wide and test classes run in parallel: a name no other test uses.
        var variable = $"PMOFLOW_TEST_GH_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, _token);
        try
        {
            var config = WriteConfig($"""
                  - name: cli-gh
                    kind: github
                    baseUrl: {server.Root}
                    owner: panjf2000
                    repository: ants
                    tokenEnv: {variable}
                    labelStatuses:
                      help wanted: Ready
                      pending development: In Progress
                      proposal: Proposed
                    includePullRequests: false
                """);

            // 41 issues created (26 listed, 15 more seen only in events), their status moves and assignments.
            var expected = GitHubFixtures.ExpectedEventCount(issues, events);
            Assert.Equal(70, expected);
            await AssertIngestedOnceAsync(config, "cli-gh", expected);
            Assert.All(server.Requests, r => Assert.Equal($"Bearer {_token}", r.Authorization));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Ingest_GitLabIssues_StoresEveryFixtureEventOnceAndTheSecondRunAddsNothing()
    {
        var issues = GitLabFixtures.Issues();
        await using var server = await FakeTrackerServer.StartAsync(new GitLabFake(issues).Map);
        var config = WriteConfig($"""
              - name: cli-gl
                kind: gitlab
                baseUrl: {server.Root}
                project: gitlab-data/snowflake_spend
                tokenFile: tracker-token
                statusLabelScope: workflow
            """);

        // 16 issues created, and each closed one closed once (closed_at stands in for the missing state events).
        var expected = GitLabFixtures.ExpectedEventCount(issues);
        Assert.Equal(16 + issues.Count(i => (string?)i["state"] == "closed"), expected);
        await AssertIngestedOnceAsync(config, "cli-gl", expected);
    }

    [Fact]
    public async Task Ingest_TrackerAnswering429And500_RetriesAndStillStoresEveryEvent()
    {
        var issues = JiraFixtures.DevLakeIssues();
        await using var server = await FakeTrackerServer.StartAsync(new JiraFake(issues, JiraFixtures.DevLakeStatuses()).Map);
        server.Faults.Add(new Fault(FaultKind.TooManyRequests, "startAt=0&", RetryAfterSeconds: 1));
        server.Faults.Add(new Fault(FaultKind.ServerError, "startAt=10&", Times: 2));
        // Waits capped at 50 ms (Retry-After included) keep the test fast.
        var config = WriteConfig($"""
              - name: cli-faults
                kind: jira
                baseUrl: {server.Root}
                email: pmo@example.invalid
                tokenFile: tracker-token
                boardId: 8
                pageSize: 10
                maxRetries: 3
                retryBaseDelaySeconds: 0.01
                maxRetryDelaySeconds: 0.05
            """);

        var run = await IngestAsync(config);

        Assert.True(run.Code == 0, run.Stderr);
        Assert.Equal(JiraFixtures.ExpectedEventCount(issues), Assert.Single(run.Rows).GetProperty("new_events").GetInt32());
        Assert.Equal(JiraFixtures.ExpectedEventCount(issues), await CountAsync("cli-faults"));
        Assert.Equal(1, server.Requests.Count(r => r.Status == 429));
        Assert.Equal(2, server.Requests.Count(r => r.Status == 500));
    }

    [Fact]
    public async Task Ingest_ListingFailingPartWay_ReportsWhatItCommittedAndTheNextRunCompletesTheRest()
    {
        var issues = JiraFixtures.DevLakeIssues();
        await using var server = await FakeTrackerServer.StartAsync(new JiraFake(issues, JiraFixtures.DevLakeStatuses()).Map);
        // The third page fails on both attempts; the first two pages (batches) are committed before it.
        server.Faults.Add(new Fault(FaultKind.ServerError, "startAt=20&", Times: 2));
        var config = WriteConfig($"""
              - name: cli-partial
                kind: jira
                baseUrl: {server.Root}
                email: pmo@example.invalid
                tokenFile: tracker-token
                boardId: 8
                pageSize: 10
                maxConcurrency: 1
                maxRetries: 1
                retryBaseDelaySeconds: 0.01
                maxRetryDelaySeconds: 0.05
            """);
        // The board is read ordered by updated, then key: the first two pages are these 20 issues.
        var firstTwenty = issues.OrderBy(i => JiraTime.Parse((string)i["fields"]!["updated"]!))
            .ThenBy(i => (string)i["key"]!, StringComparer.Ordinal).Take(20);
        var committed = JiraFixtures.ExpectedEventCount(firstTwenty);
        var total = JiraFixtures.ExpectedEventCount(issues);

        var failed = await IngestAsync(config);

        Assert.Equal(1, failed.Code);
        var row = Assert.Single(failed.Rows);
        Assert.Equal("failed", row.GetProperty("outcome").GetString());
        Assert.Contains("startAt=20", failed.Stderr, StringComparison.Ordinal);
        Assert.Equal(committed, await CountAsync("cli-partial"));
        Assert.Equal(committed, row.GetProperty("new_events").GetInt32());
        Assert.Equal(row.GetProperty("events_read").GetInt32(), row.GetProperty("new_events").GetInt32() + row.GetProperty("duplicates_skipped").GetInt32());
        Assert.Equal(20, row.GetProperty("items_upserted").GetInt32());

        var resumed = await IngestAsync(config);

        Assert.True(resumed.Code == 0, resumed.Stderr);
        Assert.Equal(total - committed, Assert.Single(resumed.Rows).GetProperty("new_events").GetInt32());
        Assert.Equal(total, await CountAsync("cli-partial"));
    }

    [Fact]
    public async Task Ingest_UnknownKey_ExitsWithUsageNamingTheLineAndKeyBeforeAnyRequest()
    {
        await using var server = await FakeTrackerServer.StartAsync(new GitLabFake(GitLabFixtures.Issues()).Map);
        var config = WriteConfig($"""
              - name: cli-typo
                kind: gitlab
                baseUrl: {server.Root}
                project: 1
                tokenFile: tracker-token
                statusLabelScopes: workflow
            """);

        var run = await IngestAsync(config);

        // The source starts on line 8; statusLabelScopes is its sixth key.
        Assert.Equal(2, run.Code);
        Assert.Contains($"{config}:13: sources.cli-typo.statusLabelScopes: unknown key for a gitlab source", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Ingest_BadAuthMode_ExitsWithUsageNamingTheLineAndKeyBeforeAnyRequest()
    {
        await using var server = await FakeTrackerServer.StartAsync(new JiraFake(JiraFixtures.DevLakeIssues(), JiraFixtures.DevLakeStatuses()).Map);
        var config = WriteConfig($"""
              - name: cli-enum
                kind: jira
                baseUrl: {server.Root}
                email: pmo@example.invalid
                tokenFile: tracker-token
                boardId: 8
                auth: oauth
            """);

        var run = await IngestAsync(config);

        // The source starts on line 8; auth is its seventh key.
        Assert.Equal(2, run.Code);
        Assert.Contains($"{config}:14: sources.cli-enum.auth: 'oauth' is not one of apiToken, personalAccessToken", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Ingest_OneSourceFailing_ExitsWithFailureAfterTheOthersRanAndShowsNoToken()
    {
        await using var gitlab = await FakeTrackerServer.StartAsync(new GitLabFake(GitLabFixtures.Issues()).Map);
        // A server with no routes: every request is a 404, after which the read fails naming the URL.
        await using var empty = await FakeTrackerServer.StartAsync(_ => { });
        var config = WriteConfig($"""
              - name: cli-broken
                kind: github
                baseUrl: {empty.Root}
                owner: o
                repository: r
                tokenFile: tracker-token
              - name: cli-fine
                kind: gitlab
                baseUrl: {gitlab.Root}
                project: 7
                tokenFile: tracker-token
            """);

        var run = await IngestAsync(config);

        Assert.Equal(1, run.Code);
        Assert.Equal(["cli-broken", "cli-fine"], run.Rows.Select(r => r.GetProperty("source").GetString()));
        Assert.Equal(["failed", "succeeded"], run.Rows.Select(r => r.GetProperty("outcome").GetString()));
        Assert.Contains("pmoflow: cli-broken: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("/repos/o/r/issues", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(empty.Requests, r => r.Authorization == $"Bearer {_token}"); // the token was sent, yet never shown
        Assert.Equal(GitLabFixtures.ExpectedEventCount(GitLabFixtures.Issues()), await CountAsync("cli-fine"));
    }

    [Fact]
    public async Task Ingest_MissingTokenVariable_FailsNamingTheVariable()
    {
        await using var server = await FakeTrackerServer.StartAsync(new GitLabFake(GitLabFixtures.Issues()).Map);
        var variable = $"PMOFLOW_TEST_UNSET_{Guid.NewGuid():N}";
        var config = WriteConfig($"""
              - name: cli-notoken
                kind: gitlab
                baseUrl: {server.Root}
                project: 7
                tokenEnv: {variable}
            """);

        var run = await IngestAsync(config);

        Assert.Equal(1, run.Code);
        Assert.Equal("failed", Assert.Single(run.Rows).GetProperty("outcome").GetString());
        Assert.Contains($"environment variable {variable}, which is not set", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Ingest_SourceOption_IngestsOnlyThatSource()
    {
        await using var server = await FakeTrackerServer.StartAsync(new GitLabFake(GitLabFixtures.Issues()).Map);
        var config = WriteConfig($"""
              - name: cli-chosen
                kind: gitlab
                baseUrl: {server.Root}
                project: 7
                tokenFile: tracker-token
              - name: cli-skipped
                kind: gitlab
                baseUrl: http://127.0.0.1:9
                project: 7
                tokenFile: tracker-token
            """);

        var run = await IngestAsync(config, "--source", "CLI-CHOSEN");

        Assert.True(run.Code == 0, run.Stderr);
        Assert.Equal("cli-chosen", Assert.Single(run.Rows).GetProperty("source").GetString());
        Assert.Equal(0, await CountAsync("cli-skipped"));
    }

    [Fact]
    public async Task Ingest_UnknownSourceName_ExitsWithUsageListingTheConfiguredSources()
    {
        var config = WriteConfig("""
              - { name: cli-only, kind: gitlab, project: 7, tokenFile: tracker-token }
            """);

        var run = await IngestAsync(config, "--source", "cli-other");

        Assert.Equal(2, run.Code);
        Assert.Contains("no source named 'cli-other'. Configured sources: cli-only.", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("cli-only"));
    }

    [Fact]
    public async Task Ingest_TableFormat_PrintsTheSummaryColumnsUnderAnIngestTitle()
    {
        await using var server = await FakeTrackerServer.StartAsync(new GitLabFake(GitLabFixtures.Issues()).Map);
        var config = WriteConfig($"""
              - name: cli-table
                kind: gitlab
                baseUrl: {server.Root}
                project: 7
                tokenFile: tracker-token
            """);

        var (code, stdout, stderr) = await CliRunner.RunAsync("ingest", "--config", config);

        Assert.True(code == 0, stderr);
        Assert.Contains("ingest", stdout.Split('\n')[0], StringComparison.Ordinal);
        foreach (var column in new[] { "source", "events_read", "new_events", "duplicates_skipped", "items_upserted", "quarantined", "duration_s", "events_per_s", "outcome" })
        {
            Assert.Contains(column, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("cli-table", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(_token, stdout + stderr, StringComparison.Ordinal);
    }

    private sealed record Run(int Code, string Stdout, string Stderr, List<JsonElement> Rows);
}
