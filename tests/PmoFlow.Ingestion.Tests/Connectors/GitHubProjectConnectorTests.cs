using System.Net;
using PmoFlow.Core.Events;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Connectors.GitHubProject;
using PmoFlow.Ingestion.Connectors.Http;
using PmoFlow.Ingestion.Tests.Connectors.Support;
using PmoFlow.Testing.Trackers;

namespace PmoFlow.Ingestion.Tests.Connectors;

/// <summary>
/// GitHub Projects (v2) over the loopback GraphQL replay of <c>Fixtures/github-project</c>. The expected events are
/// worked out by hand from items.json (see the fixture README): project 3 only, 7 issues, 34 events, 2 observed.
/// </summary>
public sealed class GitHubProjectConnectorTests : IAsyncLifetime
{
    private const string Token = "ghp-project-secret-1c9d";
    private readonly TokenFile _token = new(Token);
    private readonly ListLogger<GitHubProjectConnector> _log = new();
    private GitHubProjectFake _fake = null!;
    private FakeTrackerServer _server = null!;

    public async Task InitializeAsync()
    {
        _fake = GitHubProjectFake.FromFixtures();
        _server = await FakeTrackerServer.StartAsync(_fake.Map);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _token.Dispose();
    }

    private GitHubProjectConnector Connector(Action<GitHubProjectSourceOptions>? configure = null)
    {
        var options = new GitHubProjectSourceOptions
        {
            Name = "board",
            BaseUrl = _server.Root,
            Owner = "octo-org",
            ProjectNumber = 3,
            TokenFile = _token.Path,
            PageSize = 4,
            RetryBaseDelaySeconds = 0.01,
            MaxRetryDelaySeconds = 5,
            MaxRetries = 2,
        };
        configure?.Invoke(options);
        return new GitHubProjectConnector(options, _log);
    }

    private static readonly Dictionary<string, List<string?>> ExpectedStatuses = new()
    {
        ["octo-org/shop#101"] = ["Todo", "In Progress", "Done"],
        ["octo-org/shop#102"] = ["Todo", "In Progress", "Done"],      // Done observed: no event explains it
        ["octo-org/shop#103"] = ["In Progress"],                      // observed: the timeline has no status event
        ["octo-org/shop#104"] = ["Todo", "In Progress"],
        ["octo-org/shop#105"] = ["Todo", "In Progress", "In Review", "In Progress", "In Review", "Done"],
        ["octo-org/api#31"] = ["Todo", "In Progress", "In Review"],   // project 7's events are not this board's
    };

    [Fact]
    public async Task ReadAsync_Board_StoresTimelineStatusesAndObservedChanges()
    {
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        Assert.Equal(7, store.Items.Count);
        Assert.Equal(34, store.Events.Count);
        Assert.Equal(ExpectedStatuses, store.StatusSequences());
        var observed = store.Events.Values.Where(e => e.Value == GitHubProjectConnector.ObservedValue).OrderBy(e => e.ItemKey, StringComparer.Ordinal).ToList();
        Assert.Equal(2, observed.Count);
        Assert.Equal(("octo-org/shop#102", "In Progress", "Done", DateTimeOffset.Parse("2026-10-07T11:30:00Z", System.Globalization.CultureInfo.InvariantCulture)),
            (observed[0].ItemKey, observed[0].FromStatus, observed[0].ToStatus, observed[0].At));
        Assert.Equal(("octo-org/shop#103", (string?)null, "In Progress"), (observed[1].ItemKey, observed[1].FromStatus, observed[1].ToStatus));
        Assert.Single(store.Of(EventKind.Removed));
        // Added to the board: once per issue, twice for shop#104 (removed, then added again).
        Assert.Equal(8, store.Of(EventKind.Field).Count(e => e.Field == "project"));
        Assert.Equal("<img src=x onerror=alert(1)> in product name", store.Items["octo-org/shop#103"].Title);
        Assert.Equal(["checkout"], store.Items["octo-org/shop#101"].Labels);
        Assert.Empty(store.Quarantined);
        Assert.Equal("github-project:v1:2026-10-12T17:00:00.000Z", store.Cursor);

        // 9 items / 4 per page = 3 POSTs to /graphql, each sent with the token as Bearer.
        Assert.Equal(3, _server.Requests.Count);
        Assert.All(_server.Requests, r => Assert.Equal(("POST", "/graphql", "Bearer " + Token), (r.Method, r.PathAndQuery, r.Authorization)));
        Assert.All(_server.Requests, r => Assert.Contains("ProjectV2ItemStatusChangedEvent", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_SecondRun_AddsNothingThenOneObservedChangeForAMissingEvent()
    {
        var store = new FakeStore();
        using var connector = Connector();
        await store.IngestAsync(connector);

        Assert.Equal(0, await store.IngestAsync(connector));

        _fake.SetStatusWithoutEvent(101, "In Review", new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await store.IngestAsync(connector));
        var e = Assert.Single(store.Events.Values, e => e.ItemKey == "octo-org/shop#101" && e.Value == GitHubProjectConnector.ObservedValue);
        Assert.Equal(("Done", "In Review", new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)), (e.FromStatus, e.ToStatus, e.At));

        // An edit that leaves the status alone moves updatedAt but adds no second observed change.
        _fake.SetStatusWithoutEvent(101, "In Review", new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await store.IngestAsync(connector));
    }

    [Fact]
    public async Task ReadAsync_LongTimeline_ReadsTheRestWithIssueTimelinePages()
    {
        _fake.TimelinePageSize = 3;
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        Assert.Equal(ExpectedStatuses, store.StatusSequences());
        Assert.Equal(34, store.Events.Count);
        // Timelines of 4, 3, 1, 5, 7, 6, 1 events: the pages after the first 3 are ceil(n/3) - 1 = 1+0+0+1+2+1+0.
        Assert.Equal(5, _server.Requests.Count(r => r.Body!.Contains("\"operationName\":\"IssueTimeline\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ReadAsync_OtherStatusFieldName_HasNoStatusValuesSoOnlyTimelineStatuses()
    {
        var store = new FakeStore();
        using var connector = Connector(o => o.StatusField = "Stage");

        await store.IngestAsync(connector);

        Assert.DoesNotContain(store.Events.Values, e => e.Value == GitHubProjectConnector.ObservedValue);
        Assert.Equal(32, store.Events.Count);
        Assert.All(_server.Requests, r => Assert.Contains("\"statusField\":\"Stage\"", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fault_PrimaryRateLimitExhausted_WaitsForTheResetAndLosesNothing()
    {
        _fake.ExhaustAtRequest = 1;
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        Assert.Equal(34, store.Events.Count);
        Assert.Contains(_log.Lines, l => l.Contains("rate limit exhausted; waiting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fault_SecondaryLimit403WithRetryAfter_RetriedAfterTheWait()
    {
        _fake.SecondaryLimitAtRequest = 2;
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        Assert.Equal(34, store.Events.Count);
        Assert.Equal(1, _server.Requests.Count(r => r.Status == 403));
        Assert.Contains(_log.Lines, l => l.Contains("retry 1 of POST", StringComparison.Ordinal) && l.Contains("in 1000 ms after 403", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fault_RateLimitedGraphQlError_RetriedAndNothingLost()
    {
        _fake.RateLimitedErrorAtRequest = 1;
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        Assert.Equal(34, store.Events.Count);
        Assert.Contains(_log.Lines, l => l.Contains("GraphQL ProjectItems was rate limited", StringComparison.Ordinal));
        Assert.Equal(4, _server.Requests.Count);
    }

    [Fact]
    public async Task Fault_BadCredentials_SaysWhatGitHubSaidAndNeverTheToken()
    {
        _server.Faults.Add(new Fault(FaultKind.Status, "/graphql", StatusCode: 401,
            Body: GitHubProjectFixtures.Load("errors", "401-bad-credentials.json").ToJsonString()));
        var store = new FakeStore();
        using var connector = Connector();

        var error = await Assert.ThrowsAsync<TrackerHttpException>(() => store.IngestAsync(connector));

        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
        Assert.Contains("GitHub says: Bad credentials", error.Message, StringComparison.Ordinal);
        Assert.Contains("sources.board.tokenEnv/tokenFile", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, _log.All, StringComparison.Ordinal);
        Assert.Empty(store.Events);
    }

    [Fact]
    public async Task Fault_UnknownProject_NamesTheKeys()
    {
        using var connector = Connector(o => o.ProjectNumber = 99);

        var error = await Assert.ThrowsAsync<TrackerHttpException>(() => new FakeStore().IngestAsync(connector));

        Assert.Contains("Could not resolve to a ProjectV2 with the number 99.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Check sources.board.owner, ownerType and projectNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fault_5xxThenTruncatedPage_RetriesThenQuarantinesAndHoldsTheCursor()
    {
        _server.Faults.Add(new Fault(FaultKind.ServerError, "/graphql", Times: 2));
        var store = new FakeStore();
        using (var connector = Connector())
        {
            await store.IngestAsync(connector);
        }

        Assert.Equal(34, store.Events.Count);
        Assert.Equal(2, _server.Requests.Count(r => r.Status == 500));

        var fresh = new FakeStore();
        _server.Faults.Add(new Fault(FaultKind.Truncate, "/graphql"));
        using (var connector = Connector())
        {
            await fresh.IngestAsync(connector);
        }

        var row = Assert.Single(fresh.Quarantined);
        Assert.StartsWith("Malformed JSON", row.Reason, StringComparison.Ordinal);
        Assert.Contains("/graphql", row.Location, StringComparison.Ordinal);
        Assert.Empty(fresh.Events);
        Assert.Null(fresh.Cursor);
    }

    [Fact]
    public async Task Fault_TimelinePageFails_ItemQuarantinedWithoutHalfAHistoryAndTheNextRunCompletesIt()
    {
        _fake.TimelinePageSize = 3;
        _fake.FailTimelineOf = "I_kwDOLk00000105";
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        var row = Assert.Single(store.Quarantined);
        Assert.Contains("Item octo-org/shop#105 skipped: its timeline could not be read in full", row.Reason, StringComparison.Ordinal);
        Assert.True(store.Items.ContainsKey("octo-org/shop#105"));
        Assert.DoesNotContain(store.Events.Values, e => e.ItemKey == "octo-org/shop#105");
        Assert.Equal(34 - 8, store.Events.Count);
        // #105 is on the second items page: the first page's cursor is kept, the later pages carry none.
        Assert.Equal("github-project:v1:2026-10-09T09:00:00.000Z", store.Cursor);

        _fake.FailTimelineOf = null;
        Assert.Equal(8, await store.IngestAsync(connector));
        Assert.Equal(ExpectedStatuses, store.StatusSequences());
    }

    [Fact]
    public async Task Fault_RepeatingEndCursor_StopsWithAClearErrorAndKeepsThePagesRead()
    {
        _fake.RepeatEndCursor = true;
        var store = new FakeStore();
        using var connector = Connector();

        var error = await Assert.ThrowsAsync<TrackerHttpException>(() => store.IngestAsync(connector));

        Assert.Contains("returned the endCursor", error.Message, StringComparison.Ordinal);
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
        // Pages 1 (4 issues) and 2 (#105 and api#31 among a draft and a pull request) were read; page 2 repeated page 1's cursor.
        Assert.Equal(6, store.Items.Count);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task ReadStatusesAsync_BoardOptions_FirstIsBacklogLastIsDone()
    {
        using var connector = Connector();

        var statuses = await connector.ReadStatusesAsync(CancellationToken.None);

        Assert.Equal(["Todo", "In Progress", "In Review", "Done"], statuses.Select(s => s.Name));
        Assert.Equal([StageCategory.Backlog, StageCategory.Active, StageCategory.Active, StageCategory.Done], statuses.Select(s => s.Category));
    }
}
