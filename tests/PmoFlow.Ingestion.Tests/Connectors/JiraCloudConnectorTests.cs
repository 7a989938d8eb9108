using System.Net;
using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Connectors.Http;
using PmoFlow.Ingestion.Connectors.Jira;
using PmoFlow.Ingestion.Tests.Connectors.Support;
using PmoFlow.Testing.Trackers;

namespace PmoFlow.Ingestion.Tests.Connectors;

/// <summary>
/// Jira Cloud as it is today (enhanced search, bulk changelog) against the loopback replay of
/// <c>Fixtures/jira-cloud</c>; expected figures are counted from the fixture files, not from the connector.
/// </summary>
public sealed class JiraCloudConnectorTests : IAsyncLifetime
{
    private const string Token = "jira-cloud-secret-5d2e8b";
    private readonly TokenFile _token = new(Token);
    private readonly ListLogger<JiraConnector> _log = new();
    private JiraCloudFake _fake = null!;
    private FakeTrackerServer _server = null!;

    public async Task InitializeAsync()
    {
        _fake = JiraCloudFake.FromFixtures();
        _server = await FakeTrackerServer.StartAsync(_fake.Map);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _token.Dispose();
    }

    private JiraConnector Connector(Action<JiraSourceOptions>? configure = null)
    {
        var options = new JiraSourceOptions
        {
            Name = "jira",
            BaseUrl = _server.Root,
            Jql = "project = PLAT",
            Email = "pmo@example.invalid",
            TokenFile = _token.Path,
            PageSize = 10,
            RetryBaseDelaySeconds = 0.01,
            MaxRetryDelaySeconds = 5,
            RequestTimeoutSeconds = 10,
            MaxRetries = 2,
        };
        configure?.Invoke(options);
        return new JiraConnector(options, _log);
    }

    private IEnumerable<RecordedRequest> Requests(string path) => _server.Requests.Where(r => r.PathAndQuery.Contains(path, StringComparison.Ordinal));

    /// <summary>Histories per search page of 10, pages ordered by updated then key, as the fake serves them.</summary>
    private static List<int> HistoriesPerPage()
    {
        var histories = JiraCloudFixtures.Histories();
        return [.. JiraCloudFixtures.Issues()
            .OrderBy(i => JiraTime.Parse((string)i["fields"]!["updated"]!)).ThenBy(i => (string)i["key"]!, StringComparer.Ordinal)
            .Chunk(10)
            .Select(page => page.Sum(i => histories.GetValueOrDefault((string)i["id"]!, []).Count))];
    }

    [Fact]
    public async Task ReadAsync_AutoDetectedCloud_SearchesJqlAndReadsChangelogsInBulk()
    {
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        // 25 issues, 83 histories; counted from the fixture files.
        Assert.Equal(25, store.Items.Count);
        Assert.Equal(JiraCloudFixtures.ExpectedEventCount(), store.Events.Count);
        Assert.Equal(JiraCloudFixtures.StatusSequences(), store.StatusSequences());
        Assert.Empty(store.Quarantined);
        var flagged = JiraCloudFixtures.Histories().Values.SelectMany(h => h).SelectMany(h => h["items"]!.AsArray())
            .Where(i => (string?)i!["fieldId"] == "customfield_10021").ToList();
        Assert.Equal((3, 3), (flagged.Count(i => i!["toString"] is not null), flagged.Count(i => i!["toString"] is null)));
        Assert.Equal(3, store.Of(EventKind.Blocked).Count());
        Assert.Equal(3, store.Of(EventKind.Unblocked).Count());
        Assert.Equal("PLAT-1", store.Items["PLAT-4"].Parent);

        // serverInfo once, the field list once (Flagged is configured by name), 3 search pages, one bulk request per page.
        Assert.Single(Requests("/rest/api/2/serverInfo"));
        Assert.Single(Requests("/rest/api/3/field"));
        Assert.Equal(3, Requests("/rest/api/3/search/jql?").Count());
        Assert.Equal(3, Requests("/rest/api/3/changelog/bulkfetch").Count());
        Assert.Empty(Requests("/changelog?"));
        Assert.Empty(Requests("/rest/api/2/search"));
        Assert.All(Requests("/search/jql?"), r => Assert.Contains("fields=summary,issuetype,created,updated,status,parent,labels", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Equal(2, Requests("nextPageToken=").Count());

        var body = _fake.BulkRequests[0];
        Assert.Equal(["status", "issuetype", "resolution", "parent", "IssueParentAssociation", "customfield_10021"],
            body["fieldIds"]!.AsArray().Select(f => (string)f!));
        // Pages' changelogs are fetched concurrently, so the bulk requests may arrive in any order: two full pages and the last.
        Assert.Equal([5, 10, 10], _fake.BulkRequests.Select(b => b["issueIdsOrKeys"]!.AsArray().Count).Order());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadAsync_LastPageTokenNullOrAbsent_StopsAfterTheLastPage(bool omit)
    {
        _fake.OmitLastToken = omit;
        var store = new FakeStore();
        using var connector = Connector(o => o.Deployment = JiraDeployment.Cloud);

        await store.IngestAsync(connector);

        Assert.Equal(25, store.Items.Count);
        Assert.Equal(3, Requests("/search/jql?").Count());
        Assert.Empty(Requests("/serverInfo"));
    }

    [Fact]
    public async Task ReadAsync_BulkChangelogPages_FollowsItsNextPageToken()
    {
        _fake.BulkHistoriesCap = 7;
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        Assert.Equal(JiraCloudFixtures.StatusSequences(), store.StatusSequences());
        Assert.Equal(JiraCloudFixtures.ExpectedEventCount(), store.Events.Count);
        var expected = HistoriesPerPage().Sum(n => Math.Max(1, (n + 6) / 7));
        Assert.Equal([28, 32, 23], HistoriesPerPage());
        Assert.Equal(expected, Requests("/changelog/bulkfetch").Count());
        Assert.Equal(expected - 3, _fake.BulkRequests.Count(b => b["nextPageToken"] is not null));
    }

    // One page at a time in the tests whose faults or counts depend on which request comes first.
    [Fact]
    public async Task ReadAsync_BulkRefused_FallsBackToPerIssueChangelogOnce()
    {
        _fake.BulkRefused = true;
        var store = new FakeStore();
        using var connector = Connector(o => o.MaxConcurrency = 1);

        await store.IngestAsync(connector);

        Assert.Equal(JiraCloudFixtures.StatusSequences(), store.StatusSequences());
        Assert.Equal(JiraCloudFixtures.ExpectedEventCount(), store.Events.Count);
        Assert.Single(Requests("/changelog/bulkfetch"));
        Assert.Equal(25, Requests("/changelog?").Count());
        Assert.Contains(_log.Lines, l => l.Contains("bulk changelog was refused (404)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_WithLatency_ReadsLaterPagesChangelogsWhileTheSearchGoesOnAndKeepsTheOrder()
    {
        _server.Latency = TimeSpan.FromMilliseconds(40);
        var cursors = new List<string?>();
        var store = new FakeStore();
        using var connector = Connector(o => { o.Deployment = JiraDeployment.Cloud; o.MaxConcurrency = 3; o.PageSize = 5; });
        await foreach (var batch in connector.ReadAsync(null, null, CancellationToken.None))
        {
            store.Commit(batch);
            cursors.Add(batch.CursorAfter);
        }

        Assert.Equal(JiraCloudFixtures.StatusSequences(), store.StatusSequences());
        Assert.InRange(_server.MaxInFlight, 2, 3);
        // Batches come in search order: each cursor is the newest update so far, so they never go back.
        Assert.Equal(5, cursors.Count);
        Assert.Equal(cursors.Order(StringComparer.Ordinal), cursors);
        Assert.Equal("2026-09-11T02:22:00.000Z", cursors[^1]);
    }

    [Fact]
    public async Task ReadAsync_CloudBoard_ReadsTruncatedChangelogsInBulkNotPerIssue()
    {
        _fake.EmbeddedChangelogLimit = 3;
        var store = new FakeStore();
        using var connector = Connector(o => { o.Deployment = JiraDeployment.Cloud; o.BoardId = 8; o.Jql = null; });

        await store.IngestAsync(connector);

        Assert.Equal(JiraCloudFixtures.StatusSequences(), store.StatusSequences());
        Assert.Equal(JiraCloudFixtures.ExpectedEventCount(), store.Events.Count);
        Assert.Equal(3, Requests("/rest/agile/1.0/board/8/issue?").Count());
        Assert.Empty(Requests("/changelog?"));
        // One bulk request per board page, for exactly the issues with more than 3 histories.
        var histories = JiraCloudFixtures.Histories();
        Assert.Equal(3, _fake.BulkRequests.Count);
        Assert.Equal(histories.Where(h => h.Value.Count > 3).Select(h => h.Key).Order(StringComparer.Ordinal),
            _fake.BulkRequests.SelectMany(b => b["issueIdsOrKeys"]!.AsArray().Select(i => (string)i!)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_SecondRun_RereadsTheOverlapAndAddsNothingThenExactlyTheNewChange()
    {
        var store = new FakeStore();
        using var connector = Connector();
        await store.IngestAsync(connector);
        var before = _server.Requests.Count;

        Assert.Equal(0, await store.IngestAsync(connector));

        // The newest update is 2026-09-11T02:22Z; the default overlap is 10 minutes.
        Assert.Contains("updated >= '2026/09/11 02:12'", _server.Requests.Skip(before).First(r => r.PathAndQuery.Contains("/search/jql?", StringComparison.Ordinal)).PathAndQuery, StringComparison.Ordinal);

        _fake.AddStatusChange("PLAT-3", "990001", new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero), "Done", "In Progress");
        Assert.Equal(1, await store.IngestAsync(connector));
        Assert.Equal("In Progress", store.StatusSequences()["PLAT-3"][^1]);
        Assert.Equal("2026-10-01T08:00:00.000Z", store.Cursor);
    }

    [Fact]
    public async Task Fault_410FromRemovedSearch_NamesTheEndpointAndTheKeyAndStoresNothing()
    {
        var store = new FakeStore();
        using var connector = Connector(o => o.Deployment = JiraDeployment.DataCenter);

        var error = await Assert.ThrowsAsync<TrackerHttpException>(() => store.IngestAsync(connector));

        Assert.Equal(HttpStatusCode.Gone, error.Status);
        Assert.Contains("GET " + _server.Root + "/rest/api/2/search answered 410 Gone", error.Message, StringComparison.Ordinal);
        Assert.Contains("Please migrate to the /rest/api/3/search/jql API", error.Message, StringComparison.Ordinal);
        Assert.Contains("set sources.jira.deployment: cloud", error.Message, StringComparison.Ordinal);
        Assert.Empty(store.Events);
        Assert.Null(store.Cursor);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(401, "401.json", "You are not authenticated")]
    [InlineData(403, "403.json", "You do not have permission to view these issues.")]
    public async Task Fault_AuthRefused_SaysWhatJiraSaidAndWhichKeysAndNeverTheToken(int status, string file, string said)
    {
        _server.Faults.Add(new Fault(FaultKind.Status, "/search/jql", StatusCode: status,
            Body: JiraCloudFixtures.Load("errors", file).ToJsonString()));
        var store = new FakeStore();
        using var connector = Connector(o => o.Deployment = JiraDeployment.Cloud);

        var error = await Assert.ThrowsAsync<TrackerHttpException>(() => store.IngestAsync(connector));

        Assert.Equal((HttpStatusCode)status, error.Status);
        Assert.Contains("/rest/api/3/search/jql answered " + status, error.Message, StringComparison.Ordinal);
        Assert.Contains("Jira says: " + said, error.Message, StringComparison.Ordinal);
        Assert.Contains("sources.jira.email/emailEnv and tokenEnv/tokenFile", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, _log.All, StringComparison.Ordinal);
        Assert.Empty(store.Events);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Fault_429WithRetryAfterAnd5xx_RetriedAndNothingLost()
    {
        _server.Faults.Add(new Fault(FaultKind.TooManyRequests, "/search/jql", RetryAfterSeconds: 1));
        _server.Faults.Add(new Fault(FaultKind.ServerError, "/changelog/bulkfetch", Times: 2));
        _server.Faults.Add(new Fault(FaultKind.Unavailable, "nextPageToken=", RetryAfterSeconds: 0));
        var store = new FakeStore();
        using var connector = Connector(o => { o.Deployment = JiraDeployment.Cloud; o.MaxConcurrency = 1; });

        await store.IngestAsync(connector);

        Assert.Equal(JiraCloudFixtures.ExpectedEventCount(), store.Events.Count);
        Assert.Equal(1, _server.Requests.Count(r => r.Status == 429));
        Assert.Equal(2, _server.Requests.Count(r => r.Status == 500 && r.Method == "POST"));
        Assert.Equal(1, _server.Requests.Count(r => r.Status == 503));
        Assert.Contains(_log.Lines, l => l.Contains("retry 1 of GET", StringComparison.Ordinal) && l.Contains("in 1000 ms after 429", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.Contains("retry 2 of POST", StringComparison.Ordinal) && l.Contains("after 500", StringComparison.Ordinal));
        Assert.Empty(Requests("/changelog?"));
    }

    [Fact]
    public async Task Fault_PersistentBulk5xx_FallsBackPerIssueForThatPageOnly()
    {
        _server.Faults.Add(new Fault(FaultKind.ServerError, "/changelog/bulkfetch", Times: 3));
        var store = new FakeStore();
        using var connector = Connector(o => { o.Deployment = JiraDeployment.Cloud; o.MaxConcurrency = 1; });

        await store.IngestAsync(connector);

        Assert.Equal(JiraCloudFixtures.StatusSequences(), store.StatusSequences());
        Assert.Empty(store.Quarantined);
        // Page 1's bulk call fails 3 times (1 + 2 retries): its 10 issues are read one by one; pages 2 and 3 in bulk.
        Assert.Equal(10, Requests("/changelog?").Count());
        Assert.Equal(5, Requests("/changelog/bulkfetch").Count());
    }

    [Fact]
    public async Task Fault_TruncatedSearchPage_QuarantinedCursorHeldAndNextRunCompletes()
    {
        _server.Faults.Add(new Fault(FaultKind.Truncate, "nextPageToken="));
        var store = new FakeStore();
        using var connector = Connector(o => o.Deployment = JiraDeployment.Cloud);
        var cursors = new List<string?>();
        await foreach (var batch in connector.ReadAsync(null, null, CancellationToken.None))
        {
            store.Commit(batch);
            cursors.Add(batch.CursorAfter);
        }

        var row = Assert.Single(store.Quarantined);
        Assert.Contains("/rest/api/3/search/jql?", row.Location, StringComparison.Ordinal);
        Assert.StartsWith("Malformed JSON", row.Reason, StringComparison.Ordinal);
        Assert.Equal(10, store.Items.Count);
        Assert.NotNull(cursors[0]);
        Assert.Equal([null], cursors.Skip(1));

        await store.IngestAsync(connector);

        Assert.Equal(25, store.Items.Count);
        Assert.Equal(JiraCloudFixtures.ExpectedEventCount(), store.Events.Count);
    }

    [Fact]
    public async Task Fault_TruncatedBulkResponse_ReadsThosePerIssueAndLosesNothing()
    {
        _server.Faults.Add(new Fault(FaultKind.Truncate, "/changelog/bulkfetch"));
        var store = new FakeStore();
        using var connector = Connector(o => { o.Deployment = JiraDeployment.Cloud; o.MaxConcurrency = 1; });

        await store.IngestAsync(connector);

        Assert.Equal(JiraCloudFixtures.StatusSequences(), store.StatusSequences());
        Assert.Equal(10, Requests("/changelog?").Count());
        Assert.Contains(_log.Lines, l => l.Contains("bulk changelog page unreadable (Malformed JSON", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fault_RepeatingSearchToken_StopsWithAClearErrorAndKeepsThePagesBefore()
    {
        _fake.RepeatTokenAfterPages = 2;
        var store = new FakeStore();
        using var connector = Connector(o => { o.Deployment = JiraDeployment.Cloud; o.PageSize = 5; });

        var error = await Assert.ThrowsAsync<TrackerHttpException>(() => store.IngestAsync(connector));

        Assert.Contains("returned a nextPageToken it had already returned", error.Message, StringComparison.Ordinal);
        // Pages 1 and 2 are stored with their cursor; page 3 came with page 2's token again, so the read stopped there.
        Assert.Equal(10, store.Items.Count);
        Assert.NotNull(store.Cursor);
        Assert.Equal(3, Requests("/search/jql?").Count());
    }

    [Fact]
    public async Task Fault_RepeatingBulkToken_FallsBackPerIssueInsteadOfLooping()
    {
        _fake.RepeatBulkToken = true;
        var store = new FakeStore();
        using var connector = Connector(o => o.Deployment = JiraDeployment.Cloud);

        await store.IngestAsync(connector);

        Assert.Equal(JiraCloudFixtures.StatusSequences(), store.StatusSequences());
        Assert.Equal(25, Requests("/changelog?").Count());
        Assert.Equal(6, Requests("/changelog/bulkfetch").Count());
        Assert.Contains(_log.Lines, l => l.Contains("returned nextPageToken", StringComparison.Ordinal) && l.Contains("twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fault_ItemWhoseChangelogCannotBeReadInFull_QuarantinedWithoutHalfAHistory()
    {
        _fake.BulkRefused = true;
        _server.Faults.Add(new Fault(FaultKind.ServerError, "/issue/10003/changelog", Times: 3));
        var store = new FakeStore();
        using var connector = Connector(o => o.Deployment = JiraDeployment.Cloud);

        await store.IngestAsync(connector);

        var row = Assert.Single(store.Quarantined);
        Assert.Contains("/issue/10003/changelog", row.Location, StringComparison.Ordinal);
        Assert.Contains("Request failed after retries", row.Reason, StringComparison.Ordinal);
        Assert.True(store.Items.ContainsKey("PLAT-3"));
        Assert.DoesNotContain(store.Events.Values, e => e.ItemKey == "PLAT-3");
        // The saved cursor stays before PLAT-3's update, so the next run reads its changelog again.
        var plat3 = JiraTime.Parse((string)JiraCloudFixtures.Issues().Single(i => (string)i["key"]! == "PLAT-3")["fields"]!["updated"]!);
        Assert.True(store.Cursor is null || Json.ParseInstant(store.Cursor) < plat3, store.Cursor);
        var expected = JiraCloudFixtures.StatusSequences();
        Assert.Equal(expected.Where(kv => kv.Key != "PLAT-3").ToDictionary(), store.StatusSequences());

        await store.IngestAsync(connector);

        Assert.Equal(expected, store.StatusSequences());
        Assert.Equal(JiraCloudFixtures.ExpectedEventCount(), store.Events.Count);
    }

    [Fact]
    public async Task Detect_DataCenterServerInfo_ReadsStartAtSearch()
    {
        var issues = JiraFixtures.JiraMetricsIssues();
        await using var server = await FakeTrackerServer.StartAsync(new JiraFake(issues, JiraFixtures.JiraMetricsStatuses()).Map);
        var store = new FakeStore();
        using var connector = Connector(o => { o.BaseUrl = server.Root; o.Jql = "project = SP"; o.Auth = JiraAuthMode.PersonalAccessToken; });

        await store.IngestAsync(connector);

        Assert.Equal(JiraDeployment.DataCenter, await connector.DeploymentAsync(CancellationToken.None));
        Assert.Equal(JiraFixtures.StatusSequences(issues), store.StatusSequences());
        Assert.Equal("/rest/api/2/serverInfo", server.Requests.First().PathAndQuery);
        Assert.All(server.Requests.Skip(1), r => Assert.StartsWith("/rest/api/2/search?jql=", r.PathAndQuery, StringComparison.Ordinal));
        Assert.All(server.Requests, r => Assert.Equal("Bearer " + Token, r.Authorization));
    }

    [Fact]
    public async Task Detect_AtlassianNetHost_IsCloudWithoutAsking()
    {
        using var connector = Connector(o => o.BaseUrl = "https://pmoflow-fixture.atlassian.net");

        Assert.Equal(JiraDeployment.Cloud, await connector.DeploymentAsync(CancellationToken.None));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Detect_ServerInfoUnreachable_AsksForTheDeploymentKey()
    {
        _server.Faults.Add(new Fault(FaultKind.Status, "/serverInfo", StatusCode: 404, Body: "{}"));
        using var connector = Connector();

        var error = await Assert.ThrowsAsync<TrackerHttpException>(() => new FakeStore().IngestAsync(connector));

        Assert.Contains("cannot tell Jira Cloud from Data Center", error.Message, StringComparison.Ordinal);
        Assert.Contains("Set sources.jira.deployment: cloud or datacenter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CloudSearchUrl_NextPageToken_IsEscapedAndFieldsAreListed()
    {
        using var connector = Connector(o => o.EpicLinkField = "customfield_10014");

        var url = connector.CloudSearchUrl("project = PLAT ORDER BY updated ASC", "a+b/c==").AbsoluteUri;

        Assert.EndsWith("&fields=summary%2Cissuetype%2Ccreated%2Cupdated%2Cstatus%2Cparent%2Clabels%2Ccustomfield_10014&maxResults=10&nextPageToken=a%2Bb%2Fc%3D%3D", url, StringComparison.Ordinal);
        Assert.StartsWith(_server.Root + "/rest/api/3/search/jql?jql=project%20%3D%20PLAT%20ORDER%20BY%20updated%20ASC", url, StringComparison.Ordinal);
    }
}
