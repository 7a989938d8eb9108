using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PmoFlow.Core.Events;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Connectors.AzureDevOps;
using PmoFlow.Ingestion.Tests.Connectors.Support;
using PmoFlow.Testing.Trackers;

namespace PmoFlow.Ingestion.Tests.Connectors;

public sealed class AzureDevOpsConnectorTests : IAsyncLifetime
{
    private const string Pat = "ado-pat-55c0ffee";
    private readonly TokenFile _token = new(Pat);
    private readonly ListLogger<AzureDevOpsConnector> _log = new();
    private readonly List<JsonObject> _bug1 = AzureDevOpsFixtures.Bug1Revisions();
    private AzureDevOpsFake _fake = null!;
    private FakeTrackerServer _server = null!;

    public async Task InitializeAsync()
    {
        _fake = new AzureDevOpsFake(_bug1, _bug1, AzureDevOpsFixtures.BugStates());
        _server = await FakeTrackerServer.StartAsync(_fake.Map);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _token.Dispose();
    }

    private AzureDevOpsConnector Connector(Action<AzureDevOpsSourceOptions>? configure = null, FakeTrackerServer? server = null)
    {
        var options = new AzureDevOpsSourceOptions
        {
            Name = "ado",
            BaseUrl = (server ?? _server).Root,
            Project = "Fabrikam-Fiber-Git",
            TokenFile = _token.Path,
            PageSize = 2,
            BlockedTags = ["beauty"],
            RetryBaseDelaySeconds = 0.01,
            MaxRetryDelaySeconds = 5,
        };
        configure?.Invoke(options);
        return new AzureDevOpsConnector(options, _log);
    }

    [Fact]
    public async Task ReadAsync_Bug1Revisions_PagesByContinuationTokenAndEmitsStateAndTagChanges()
    {
        var store = new FakeStore();
        using var connector = Connector();
        var cursors = new List<string?>();
        await foreach (var batch in connector.ReadAsync(null, null, CancellationToken.None))
        {
            store.Commit(batch);
            cursors.Add(batch.CursorAfter);
        }

        // Oracle from the fixture: state changes between consecutive revisions, and the "beauty" tag appearing.
        var ordered = _bug1.OrderBy(r => (long)r["rev"]!).ToList();
        var expectedStates = ordered.Zip(ordered.Skip(1)).Where(p => AzureDevOpsFixtures.State(p.First) != AzureDevOpsFixtures.State(p.Second))
            .Select(p => AzureDevOpsFixtures.State(p.Second)).ToList();
        var firstTagged = ordered.First(r => AzureDevOpsFixtures.Tags(r).Contains("beauty"));
        Assert.Equal(["Active"], expectedStates);
        Assert.Equal(5, cursors.Count); // 9 revisions, 2 per page
        Assert.Equal(["2;0;0", "4;0;0", "6;0;0", "8;0;0", "9;0;0"], cursors);
        Assert.Equal(expectedStates, store.StatusSequences()["1"]);
        var created = Assert.Single(store.Of(EventKind.Created));
        Assert.Equal(("New", DateTimeOffset.Parse("2017-09-04T02:08:16.6Z", CultureInfo.InvariantCulture)), (created.ToStatus, created.At));
        var blocked = Assert.Single(store.Of(EventKind.Blocked));
        Assert.Equal(DateTimeOffset.Parse((string)firstTagged["fields"]!["System.ChangedDate"]!, CultureInfo.InvariantCulture), blocked.At);
        Assert.Empty(store.Of(EventKind.Unblocked));
        Assert.Equal(("Bug", "Bug 1"), (store.Items["1"].Type, store.Items["1"].Title));
        Assert.DoesNotContain(_server.Requests, r => r.PathAndQuery.Contains("/revisions/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_InterruptedThenResumed_LooksUpThePreviousRevisionAndLosesNothing()
    {
        var full = new FakeStore();
        using (var connector = Connector())
        {
            await full.IngestAsync(connector);
        }

        var resumed = new FakeStore();
        using (var connector = Connector())
        {
            await resumed.IngestAsync(connector, maxBatches: 1);
        }

        Assert.Equal("2;0;0", resumed.Cursor);
        using (var connector = Connector())
        {
            await resumed.IngestAsync(connector);
        }

        Assert.Equal(full.Events.Keys.Order(), resumed.Events.Keys.Order());
        // The resumed read starts at rev 3, so it fetched rev 2 once to know the state before it.
        Assert.Single(_server.Requests, r => r.PathAndQuery.Contains("/_apis/wit/workItems/1/revisions/2?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_FromFinalCursor_AddsNothingThenOnlyANewRevision()
    {
        var store = new FakeStore();
        using var connector = Connector();
        await store.IngestAsync(connector);

        Assert.Equal(0, await store.IngestAsync(connector));

        var rev10 = _bug1[^1].DeepClone().AsObject();
        rev10["rev"] = 10L;
        rev10["fields"]!["System.Rev"] = 10L;
        rev10["fields"]!["System.State"] = "Resolved";
        rev10["fields"]!["System.Tags"] = "Güvenlik açığı testi";
        rev10["fields"]!["System.ChangedDate"] = "2017-09-05T10:00:00Z";
        _fake.Append(rev10);

        // Rev 10 resolves the bug and drops the "beauty" tag: one status event and one unblock.
        Assert.Equal(2, await store.IngestAsync(connector));
        Assert.Equal(["Active", "Resolved"], store.StatusSequences()["1"]);
        Assert.Single(store.Of(EventKind.Unblocked));
    }

    [Fact]
    public async Task ReadAsync_ReportingFixture_CreatedForFirstRevisionsAndUnknownPreviousForRev8()
    {
        var revisions = AzureDevOpsFixtures.ReportingRevisions();
        await using var server = await FakeTrackerServer.StartAsync(new AzureDevOpsFake(revisions, [], AzureDevOpsFixtures.BugStates()).Map);
        var store = new FakeStore();
        using var connector = Connector(o => o.Project = null, server);

        await store.IngestAsync(connector);

        // Items 1, 2 and 350 start at rev 1 (created); item 1's rev 2 keeps "New"; item 3 starts at rev 8,
        // whose rev 7 the server does not have (404), so its state is recorded as a move from unknown.
        var firstRevs = revisions.Count(r => (long)r["rev"]! == 1);
        Assert.Equal(3, firstRevs);
        Assert.Equal(firstRevs, store.Of(EventKind.Created).Count());
        var rev8 = Assert.Single(store.Of(EventKind.Status));
        Assert.Equal(("3", null, "Done"), (rev8.ItemKey, rev8.FromStatus, rev8.ToStatus));
        Assert.Equal(4, store.Items.Count);
        Assert.Empty(store.Quarantined);
        Assert.Contains(server.Requests, r => r.PathAndQuery.StartsWith("/_apis/wit/reporting/workitemrevisions?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_TruncatedPage_QuarantinesStopsAndKeepsTheCursor()
    {
        _server.Faults.Add(new Fault(FaultKind.Truncate, "continuationToken=4;0;0"));
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        var row = Assert.Single(store.Quarantined);
        Assert.Contains("continuationToken=4%3B0%3B0", row.Location, StringComparison.Ordinal);
        Assert.StartsWith("Malformed JSON", row.Reason, StringComparison.Ordinal);
        Assert.Equal("4;0;0", store.Cursor);

        await store.IngestAsync(connector);

        Assert.Equal(["Active"], store.StatusSequences()["1"]);
        Assert.Equal("9;0;0", store.Cursor);
    }

    [Fact]
    public async Task ReadAsync_503WithRetryAfterAndTimeouts_Retries()
    {
        _server.Faults.Add(new Fault(FaultKind.Unavailable, "workitemrevisions", RetryAfterSeconds: 1));
        _server.Faults.Add(new Fault(FaultKind.Timeout, "continuationToken=2;0;0", Delay: TimeSpan.FromSeconds(5)));
        var store = new FakeStore();
        using var connector = Connector(o => o.RequestTimeoutSeconds = 0.5);

        await store.IngestAsync(connector);

        Assert.Equal(["Active"], store.StatusSequences()["1"]);
        Assert.Contains(_log.Lines, l => l.Contains("in 1000 ms after 503", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.Contains("after TimeoutRejectedException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadStatusesAsync_BugStates_MapCategories()
    {
        using var connector = Connector();

        var statuses = await connector.ReadStatusesAsync(CancellationToken.None);

        Assert.Equal(
            [("New", StageCategory.Backlog), ("Active", StageCategory.Active), ("CustomState", StageCategory.Active), ("Resolved", StageCategory.Wait), ("Closed", StageCategory.Done)],
            statuses.Select(s => (s.Name, s.Category)));
    }

    [Fact]
    public async Task Auth_PersonalAccessToken_SentAsBasicAndNeverLogged()
    {
        _server.Faults.Add(new Fault(FaultKind.ServerError, "workitemrevisions"));
        using var connector = Connector();

        await new FakeStore().IngestAsync(connector);

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Pat));
        Assert.All(_server.Requests, r => Assert.Equal(expected, r.Authorization));
        Assert.NotEmpty(_log.Lines);
        Assert.DoesNotContain(Pat, _log.All, StringComparison.Ordinal);
        Assert.DoesNotContain(expected[6..], _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_PreviousRevisionLookupFails_QuarantinesEmitsNoGuessAndRecovers()
    {
        var store = new FakeStore();
        using (var connector = Connector())
        {
            await store.IngestAsync(connector, maxBatches: 1);
        }

        _server.Faults.Add(new Fault(FaultKind.ServerError, "/revisions/2?", Times: 1));
        using (var connector = Connector(o => o.MaxRetries = 0))
        {
            await store.IngestAsync(connector);
        }

        // Rev 3 could not be compared with rev 2: no event for it yet, the cursor stays at the first page's token.
        var row = Assert.Single(store.Quarantined);
        Assert.Contains("/_apis/wit/workItems/1/revisions/2", row.Location, StringComparison.Ordinal);
        Assert.Empty(store.Of(EventKind.Status));
        Assert.Equal("2;0;0", store.Cursor);

        using (var connector = Connector())
        {
            await store.IngestAsync(connector);
        }

        Assert.Equal(["Active"], store.StatusSequences()["1"]);
        Assert.Equal("9;0;0", store.Cursor);
    }

    [Fact]
    public async Task ReadAsync_Progress_ReportsPagesItemsAndEvents()
    {
        var reports = new List<Ingestion.Connectors.ConnectorProgress>();
        using var connector = Connector();
        await foreach (var _ in connector.ReadAsync(null, new SyncProgress(reports.Add), CancellationToken.None))
        {
        }

        // 5 pages of revisions of one item; 3 events in all (created, New → Active, blocked).
        Assert.Equal([1, 2, 3, 4, 5], reports.Select(r => r.Pages));
        Assert.Equal(3, reports[^1].Events);
        Assert.Equal(0, reports[^1].Quarantined);
    }

    private sealed class SyncProgress(Action<Ingestion.Connectors.ConnectorProgress> report) : IProgress<Ingestion.Connectors.ConnectorProgress>
    {
        public void Report(Ingestion.Connectors.ConnectorProgress value) => report(value);
    }
}
