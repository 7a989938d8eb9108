using System.Text;
using PmoFlow.Core.Events;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Connectors.Http;
using PmoFlow.Ingestion.Connectors.Jira;
using PmoFlow.Ingestion.Tests.Connectors.Support;
using PmoFlow.Testing.Trackers;

namespace PmoFlow.Ingestion.Tests.Connectors;

public sealed class JiraConnectorTests : IAsyncLifetime
{
    private const string Token = "jira-secret-token-7f3a91";
    private readonly TokenFile _token = new(Token);
    private readonly ListLogger<JiraConnector> _log = new();
    private JiraFake _fake = null!;
    private FakeTrackerServer _server = null!;

    public async Task InitializeAsync()
    {
        _fake = new JiraFake(JiraFixtures.DevLakeIssues(), JiraFixtures.DevLakeStatuses());
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
            Deployment = JiraDeployment.DataCenter,
            BoardId = 8,
            Email = "pmo@example.invalid",
            TokenFile = _token.Path,
            PageSize = 10,
            RetryBaseDelaySeconds = 0.01,
            MaxRetryDelaySeconds = 5,
            RequestTimeoutSeconds = 10,
        };
        configure?.Invoke(options);
        return new JiraConnector(options, _log);
    }

    [Fact]
    public async Task ReadAsync_DevLakeBoard_EmitsEveryStatusChangeInOrder()
    {
        var issues = JiraFixtures.DevLakeIssues();
        var expected = JiraFixtures.StatusSequences(issues);
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        // 33 issues / pageSize 10 → 4 pages; 165 status changes counted from the fixture by the README.
        Assert.Equal(4, store.Batches);
        Assert.Equal(33, store.Items.Count);
        Assert.Equal(165, expected.Values.Sum(s => s.Count));
        Assert.Equal(165, store.Of(EventKind.Status).Count());
        Assert.Equal(33, store.Of(EventKind.Created).Count());
        Assert.Equal(expected, store.StatusSequences());
        Assert.Empty(store.Quarantined);
        Assert.All(_server.Requests, r => Assert.Contains("/rest/agile/1.0/board/8/issue?", r.PathAndQuery, StringComparison.Ordinal));
        Assert.All(_server.Requests, r => Assert.Contains("expand=changelog", r.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_DevLakeBoard_MapsTypeParentResolutionAndCreatedStatus()
    {
        var issues = JiraFixtures.DevLakeIssues();
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        Assert.Equal("\u200b问题分布的帕累托图", store.Items["EE-4"].Title);
        foreach (var issue in issues)
        {
            var key = (string)issue["key"]!;
            var fields = issue["fields"]!;
            var item = store.Items[key];
            Assert.Equal((string?)fields["issuetype"]!["name"], item.Type);
            Assert.Equal((string?)fields["parent"]?["key"], item.Parent);
            Assert.Equal(fields["labels"]?.AsArray().Select(l => (string)l!).ToList(), item.Labels);
            // EE-4's recorded summary ends with U+0000, which PostgreSQL text cannot hold: the connector drops it.
            Assert.Equal(((string?)fields["summary"])?.Replace("\0", string.Empty, StringComparison.Ordinal), item.Title);
            Assert.Equal(JiraTime.Parse((string)fields["created"]!), item.Created);
            var changes = JiraFixtures.Changes(issue).ToList();
            var firstStatus = changes.FirstOrDefault(c => JiraFixtures.IsStatus(c.Item)).Item;
            var created = Assert.Single(store.Of(EventKind.Created), e => e.ItemKey == key);
            Assert.Equal(firstStatus is null ? (string?)fields["status"]!["name"] : (string?)firstStatus["fromString"], created.ToStatus);
            Assert.Equal(
                changes.Count(c => (string?)c.Item["field"] == "resolution"),
                store.Of(EventKind.Field).Count(e => e.ItemKey == key && e.Field == "resolution"));
            Assert.Equal(
                changes.Count(c => (string?)c.Item["field"] is "Parent" or "IssueParentAssociation" or "Epic Link"),
                store.Of(EventKind.Field).Count(e => e.ItemKey == key && e.Field == "parent"));
        }
    }

    [Fact]
    public async Task ReadAsync_TruncatedEmbeddedChangelog_ReadsChangelogEndpointPages()
    {
        _fake.EmbeddedChangelogLimit = 3;
        _fake.ChangelogPageCap = 7;
        var issues = JiraFixtures.DevLakeIssues();
        var store = new FakeStore();
        using var connector = Connector(o => o.MaxConcurrency = 3);

        await store.IngestAsync(connector);

        Assert.Equal(JiraFixtures.StatusSequences(issues), store.StatusSequences());
        // Each issue with more than 3 histories needs ceil(n / 7) changelog pages.
        var expectedPages = issues.Select(i => i["changelog"]!["histories"]!.AsArray().Count).Where(n => n > 3).Sum(n => (n + 6) / 7);
        Assert.Equal(expectedPages, _server.Requests.Count(r => r.PathAndQuery.Contains("/changelog?", StringComparison.Ordinal)));
        Assert.InRange(_server.MaxInFlight, 1, 3);
    }

    [Fact]
    public async Task ReadAsync_JiraMetricsFlaggedAndBlockingLinks_EmitBlockedAndUnblocked()
    {
        var issues = JiraFixtures.JiraMetricsIssues();
        await using var server = await FakeTrackerServer.StartAsync(new JiraFake(issues, JiraFixtures.JiraMetricsStatuses()).Map);
        var store = new FakeStore();
        using var connector = Connector(o =>
        {
            o.BaseUrl = server.Root;
            o.BoardId = null;
            o.Jql = "project = SP";
            o.BlockedLinkText = "is blocked by";
        });

        await store.IngestAsync(connector);

        var changes = issues.SelectMany(i => JiraFixtures.Changes(i).Select(c => (Key: (string)i["key"]!, c.Item))).ToList();
        var flaggedOn = changes.Count(c => (string?)c.Item["field"] == "Flagged" && !string.IsNullOrEmpty((string?)c.Item["toString"]));
        var flaggedOff = changes.Count(c => (string?)c.Item["field"] == "Flagged" && string.IsNullOrEmpty((string?)c.Item["toString"]));
        var blockingLinks = changes.Count(c => (string?)c.Item["field"] == "Link" && ((string?)c.Item["toString"])?.Contains("is blocked by", StringComparison.Ordinal) == true);
        // Flagged on: SP-1, SP-10, SP-15 (3); off: SP-10 (1); SP-15 is also "blocked by SP-14" (1).
        Assert.Equal((3, 1, 1), (flaggedOn, flaggedOff, blockingLinks));
        Assert.Equal(flaggedOn + blockingLinks, store.Of(EventKind.Blocked).Count());
        Assert.Equal(flaggedOff, store.Of(EventKind.Unblocked).Count());
        var sp10 = store.Events.Values.Where(e => e.ItemKey == "SP-10" && e.Kind is EventKind.Blocked or EventKind.Unblocked).OrderBy(e => e.At).ToList();
        Assert.Equal([EventKind.Blocked, EventKind.Unblocked], sp10.Select(e => e.Kind));
        Assert.Equal(DateTimeOffset.Parse("2021-09-06T04:33:30.647Z", System.Globalization.CultureInfo.InvariantCulture), sp10[0].At);
        Assert.Equal(JiraFixtures.StatusSequences(issues), store.StatusSequences());
        Assert.Contains(_server.Requests.Concat(server.Requests), r => r.PathAndQuery.StartsWith("/rest/api/2/search?jql=(project = SP) ORDER BY updated ASC", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_FromSavedCursor_AddsNothingNew()
    {
        var store = new FakeStore();
        using var connector = Connector();
        var first = await store.IngestAsync(connector);
        var requestsBefore = _server.Requests.Count;

        var second = await store.IngestAsync(connector);

        Assert.Equal(store.Events.Count, first);
        Assert.Equal(0, second);
        // The re-read asks only for issues updated since the cursor minus the (10-minute) overlap.
        var reread = _server.Requests.Skip(requestsBefore).First().PathAndQuery;
        Assert.Contains("updated >= '2022/07/15 22:21'", reread, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LaterChangeAfterCursor_AddsExactlyThatEvent()
    {
        var store = new FakeStore();
        using var connector = Connector();
        await store.IngestAsync(connector);

        _fake.AddStatusChange("EE-5", "999001", new DateTimeOffset(2023, 1, 3, 9, 0, 0, TimeSpan.Zero), "已完成", "In Progress");
        var added = await store.IngestAsync(connector);

        Assert.Equal(1, added);
        Assert.Equal("In Progress", store.StatusSequences()["EE-5"][^1]);
    }

    [Fact]
    public async Task ReadAsync_InterruptedAfterFirstBatch_ResumesFromCursorWithNothingLost()
    {
        var full = new FakeStore();
        using (var connector = Connector())
        {
            await full.IngestAsync(connector);
        }

        var interrupted = new FakeStore();
        using (var connector = Connector())
        {
            await interrupted.IngestAsync(connector, maxBatches: 1);
        }

        Assert.NotNull(interrupted.Cursor);
        Assert.True(interrupted.Events.Count < full.Events.Count);
        using (var connector = Connector())
        {
            await interrupted.IngestAsync(connector);
        }

        Assert.Equal(full.Events.Keys.Order(), interrupted.Events.Keys.Order());
    }

    [Fact]
    public async Task ReadAsync_429WithRetryAfterAnd500sAndTimeout_RetriesAndLosesNothing()
    {
        _server.Faults.Add(new Fault(FaultKind.TooManyRequests, "startAt=0&", RetryAfterSeconds: 1));
        _server.Faults.Add(new Fault(FaultKind.ServerError, "startAt=10&", Times: 2));
        _server.Faults.Add(new Fault(FaultKind.Timeout, "startAt=20&", Delay: TimeSpan.FromSeconds(5)));
        var store = new FakeStore();
        using var connector = Connector(o => o.RequestTimeoutSeconds = 0.5);

        await store.IngestAsync(connector);

        Assert.Equal(165, store.Of(EventKind.Status).Count());
        Assert.Equal(4, _server.Requests.Count(r => r.Status == 200));
        Assert.Equal(1, _server.Requests.Count(r => r.Status == 429));
        Assert.Equal(2, _server.Requests.Count(r => r.Status == 500));
        // The retry after the 429 waited what Retry-After asked (1 s), not the 10 ms back-off.
        Assert.Contains(_log.Lines, l => l.Contains("retry 1 of GET", StringComparison.Ordinal) && l.Contains("in 1000 ms after 429", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.Contains("after TimeoutRejectedException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_PersistentServerError_FailsAfterBoundedAttempts()
    {
        _server.Faults.Add(new Fault(FaultKind.ServerError, "startAt=0&", Times: 100));
        using var connector = Connector(o => o.MaxRetries = 3);

        var error = await Assert.ThrowsAsync<TrackerHttpException>(async () => await new FakeStore().IngestAsync(connector));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.Status);
        Assert.Equal(4, _server.Requests.Count);
    }

    [Fact]
    public async Task ReadAsync_TruncatedPage_QuarantinesItWithUrlAndHoldsTheCursor()
    {
        _server.Faults.Add(new Fault(FaultKind.Truncate, "startAt=10&"));
        var store = new FakeStore();
        using var connector = Connector(o => o.MaxConcurrency = 1);
        var cursors = new List<string?>();
        await foreach (var batch in connector.ReadAsync(null, null, CancellationToken.None))
        {
            store.Commit(batch);
            cursors.Add(batch.CursorAfter);
        }

        var row = Assert.Single(store.Quarantined);
        Assert.Contains("startAt=10&", row.Location, StringComparison.Ordinal);
        Assert.StartsWith("Malformed JSON", row.Reason, StringComparison.Ordinal);
        Assert.Equal("jira", row.Source);
        // The pages after the hole are still read, but the cursor stays at page 1's so the next run re-reads page 2.
        Assert.Equal(23, store.Items.Count);
        Assert.NotNull(cursors[0]);
        Assert.Equal([null, null, null], cursors.Skip(1));

        await store.IngestAsync(connector);

        Assert.Equal(33, store.Items.Count);
        Assert.Equal(165, store.Of(EventKind.Status).Count());
    }

    [Fact]
    public async Task ReadAsync_TruncatedChangelogPage_QuarantinesAndNextReadCompletesTheIssue()
    {
        _fake.EmbeddedChangelogLimit = 3;
        _server.Faults.Add(new Fault(FaultKind.Truncate, "/issue/10079/changelog"));
        var expected = JiraFixtures.StatusSequences(JiraFixtures.DevLakeIssues());
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        var row = Assert.Single(store.Quarantined);
        Assert.Contains("/rest/api/2/issue/10079/changelog", row.Location, StringComparison.Ordinal);
        Assert.True(store.StatusSequences().GetValueOrDefault("EE-17", []).Count < expected["EE-17"].Count);

        await store.IngestAsync(connector);

        Assert.Equal(expected, store.StatusSequences());
    }

    [Fact]
    public async Task ReadAsync_Cancelled_StopsWithOperationCanceled()
    {
        _server.Latency = TimeSpan.FromMilliseconds(200);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        using var connector = Connector();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await new FakeStore().IngestAsync(connector, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Auth_ApiTokenAndPersonalAccessToken_SendBasicAndBearerAndNeverLogTheToken()
    {
        _server.Faults.Add(new Fault(FaultKind.ServerError, "startAt=0&"));
        _server.Faults.Add(new Fault(FaultKind.Truncate, "startAt=10&"));
        var store = new FakeStore();
        using (var connector = Connector())
        {
            await store.IngestAsync(connector);
        }

        using (var connector = Connector(o => o.Auth = JiraAuthMode.PersonalAccessToken))
        {
            await new FakeStore().IngestAsync(connector);
            _server.Faults.Add(new Fault(FaultKind.ServerError, "/status", Times: 100));
            var error = await Assert.ThrowsAsync<TrackerHttpException>(() => connector.ReadStatusesAsync(CancellationToken.None));
            Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
        }

        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("pmo@example.invalid:" + Token));
        Assert.Contains(_server.Requests, r => r.Authorization == basic);
        Assert.Contains(_server.Requests, r => r.Authorization == "Bearer " + Token);
        Assert.NotEmpty(_log.Lines);
        Assert.DoesNotContain(Token, _log.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("pmo@example.invalid:" + Token)), _log.All, StringComparison.Ordinal);
        Assert.All(store.Quarantined, q => Assert.DoesNotContain(Token, q.Raw + q.Reason + q.Location, StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_MissingTokenVariable_NamesTheVariableNotAValue()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Connector(o =>
        {
            o.TokenFile = null;
            o.TokenEnv = "PMOFLOW_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        }));

        Assert.Contains("PMOFLOW_TEST_UNSET_", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadStatusesAsync_DevLakeStatusList_MapsCategories()
    {
        var statuses = JiraFixtures.DevLakeStatuses();
        using var connector = Connector();

        var result = await connector.ReadStatusesAsync(CancellationToken.None);

        var names = statuses.Select(s => (string)s!["name"]!).Distinct().ToList();
        Assert.Equal(names.Count, result.Count);
        foreach (var s in statuses.DistinctBy(s => (string)s!["name"]!))
        {
            var mapped = Assert.Single(result, r => r.Name == (string)s!["name"]!);
            var key = (string)s!["statusCategory"]!["key"]!;
            Assert.Equal(key, mapped.TrackerCategory);
            Assert.Equal(key == "done" ? StageCategory.Done : key == "indeterminate" ? StageCategory.Active : StageCategory.Backlog, mapped.Category);
        }
    }

    [Theory]
    [InlineData("UTC", "updated >= '2024/03/31 00:50'")]
    [InlineData("Europe/London", "updated >= '2024/03/31 00:50'")] // 00:50 UTC is before the 01:00 UTC spring-forward: still GMT.
    [InlineData("Asia/Shanghai", "updated >= '2024/03/31 08:50'")]
    public void BuildJql_CursorAndOverlap_BoundsInJqlZone(string zone, string bound)
    {
        using var connector = Connector(o =>
        {
            o.JqlTimeZone = zone;
            o.Jql = "project = EE ORDER BY created";
        });

        var jql = connector.BuildJql(new DateTimeOffset(2024, 3, 31, 1, 0, 30, TimeSpan.Zero));

        Assert.Equal($"(project = EE) AND {bound} ORDER BY updated ASC, key ASC", jql);
    }
}
