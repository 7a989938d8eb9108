using Dapper;
using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Connectors;
using PmoFlow.Ingestion.Connectors.AzureDevOps;
using PmoFlow.Ingestion.Connectors.GitHub;
using PmoFlow.Ingestion.Connectors.GitLab;
using PmoFlow.Ingestion.Connectors.Jira;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Ingestion.Tests.Connectors.Support;
using PmoFlow.Storage;
using PmoFlow.Testing;
using PmoFlow.Testing.Trackers;

namespace PmoFlow.Ingestion.Tests.Connectors;

/// <summary>Each connector against its fake server, through the ingest pipeline and event store into PostgreSQL.</summary>
public sealed class ConnectorEndToEndTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly TokenFile _token = new("e2e-token-9d8c7b");

    public void Dispose() => _token.Dispose();

    private async Task<(IngestSummary First, IngestSummary Second)> IngestTwiceAsync(TrackerSourceOptions options)
    {
        var store = new EventStore(db.DataSource);
        using var connector = TrackerConnectors.Create(options);
        var first = await IngestPipeline.RunAsync(store, options.Name, connector.Kind,
            connector.ReadAsync(await store.GetCursorAsync(options.Name, default), null, default), null, default);
        var second = await IngestPipeline.RunAsync(store, options.Name, connector.Kind,
            connector.ReadAsync(await store.GetCursorAsync(options.Name, default), null, default), null, default);
        return (first, second);
    }

    private async Task<long> CountAsync(string source, EventKind? kind = null)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM events WHERE source = @source AND (@kind::smallint IS NULL OR kind = @kind::smallint)",
            new { source, kind = (short?)kind });
    }

    [Fact]
    public async Task Jira_DevLakeBoard_StoresEveryStatusChangeOnceAndTheCursor()
    {
        var issues = JiraFixtures.DevLakeIssues();
        await using var server = await FakeTrackerServer.StartAsync(new JiraFake(issues, JiraFixtures.DevLakeStatuses()).Map);
        var options = new JiraSourceOptions { Name = "e2e-jira", BaseUrl = server.Root, BoardId = 8, Email = "pmo@example.invalid", TokenFile = _token.Path, PageSize = 10 };

        var (first, second) = await IngestTwiceAsync(options);

        var statusChanges = JiraFixtures.StatusSequences(issues).Values.Sum(s => s.Count);
        Assert.Equal(165, statusChanges);
        Assert.Equal(statusChanges, await CountAsync("e2e-jira", EventKind.Status));
        Assert.Equal(33, await CountAsync("e2e-jira", EventKind.Created));
        Assert.Equal(first.EventsInserted, await CountAsync("e2e-jira"));
        Assert.Equal((0, IngestOutcome.Succeeded), (second.EventsInserted, second.Outcome));
        Assert.True(second.Duplicates > 0); // the overlap re-reads the newest issues
        Assert.Equal("2022-07-15T22:31:38.612Z", await new EventStore(db.DataSource).GetCursorAsync("e2e-jira", default));
    }

    [Fact]
    public async Task AzureDevOps_Bug1Revisions_StoredOnceWithContinuationToken()
    {
        var revisions = AzureDevOpsFixtures.Bug1Revisions();
        await using var server = await FakeTrackerServer.StartAsync(new AzureDevOpsFake(revisions, revisions, AzureDevOpsFixtures.BugStates()).Map);
        var options = new AzureDevOpsSourceOptions { Name = "e2e-ado", BaseUrl = server.Root, Project = "Fabrikam-Fiber-Git", TokenFile = _token.Path, PageSize = 4, BlockedTags = ["beauty"] };

        var (first, second) = await IngestTwiceAsync(options);

        // Created (rev 1), New → Active (rev 3) and the "beauty" tag as blocked (rev 3).
        Assert.Equal(3, first.EventsInserted);
        Assert.Equal(0, second.EventsRead);
        Assert.Equal(1, await CountAsync("e2e-ado", EventKind.Status));
        Assert.Equal("9;0;0", await new EventStore(db.DataSource).GetCursorAsync("e2e-ado", default));
    }

    [Fact]
    public async Task GitHub_DevLakeRecording_StoredOnce()
    {
        var events = GitHubFixtures.Events();
        await using var server = await FakeTrackerServer.StartAsync(new GitHubFake(GitHubFixtures.Issues(), events).Map);
        var options = new GitHubSourceOptions
        {
            Name = "e2e-gh", BaseUrl = server.Root, Owner = "panjf2000", Repository = "ants", TokenFile = _token.Path,
            LabelStatuses = new Dictionary<string, string>(GitHubFixtures.LabelStatuses),
        };

        var (first, second) = await IngestTwiceAsync(options);

        Assert.Equal(GitHubFixtures.ExpectedSequences(events).Values.Sum(s => s.Count), await CountAsync("e2e-gh", EventKind.Status));
        Assert.Equal(first.EventsInserted, await CountAsync("e2e-gh"));
        Assert.Equal(0, second.EventsInserted);
    }

    [Fact]
    public async Task GitLab_RecordedIssues_StoredOnce()
    {
        var issues = DevLakeCsv.Objects(TestPaths.Data("api-fixtures", "gitlab-devlake", "_raw_gitlab_api_issues.csv"));
        await using var server = await FakeTrackerServer.StartAsync(new GitLabFake(issues).Map);
        var options = new GitLabSourceOptions { Name = "e2e-gl", BaseUrl = server.Root, Project = "12345678", TokenFile = _token.Path };

        var (first, second) = await IngestTwiceAsync(options);

        // 16 created, and each closed issue closed once (no resource state events recorded: closed_at stands in).
        var closed = issues.Count(i => (string?)i["state"] == "closed");
        Assert.Equal(16 + closed, first.EventsInserted);
        Assert.Equal(closed, await CountAsync("e2e-gl", EventKind.Status));
        Assert.Equal(0, second.EventsInserted);
    }
}
