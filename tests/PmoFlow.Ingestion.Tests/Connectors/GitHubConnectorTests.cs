using System.Text.Json.Nodes;
using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Connectors.GitHub;
using PmoFlow.Ingestion.Tests.Connectors.Support;
using PmoFlow.Testing.Trackers;

namespace PmoFlow.Ingestion.Tests.Connectors;

public sealed class GitHubConnectorTests : IAsyncLifetime
{
    private const string Token = "ghp_testtoken0123456789abcdef";
    private readonly TokenFile _token = new(Token);
    private readonly ListLogger<GitHubConnector> _log = new();
    private readonly List<JsonObject> _issues = GitHubFixtures.Issues();
    private readonly List<JsonObject> _events = GitHubFixtures.Events();
    private GitHubFake _fake = null!;
    private FakeTrackerServer _server = null!;

    public async Task InitializeAsync()
    {
        _fake = new GitHubFake(_issues, _events);
        _server = await FakeTrackerServer.StartAsync(_fake.Map);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _token.Dispose();
    }

    private GitHubConnector Connector(Action<GitHubSourceOptions>? configure = null)
    {
        var options = new GitHubSourceOptions
        {
            Name = "gh",
            BaseUrl = _server.Root,
            Owner = "panjf2000",
            Repository = "ants",
            TokenFile = _token.Path,
            PageSize = 10,
            LabelStatuses = new Dictionary<string, string>(GitHubFixtures.LabelStatuses),
            BlockedLabels = ["waiting for response"],
            RetryBaseDelaySeconds = 0.01,
            MaxRetryDelaySeconds = 5,
        };
        configure?.Invoke(options);
        return new GitHubConnector(options, _log);
    }

    [Fact]
    public async Task ReadAsync_DevLakeRecording_ItemsCreatedStatusesBlockedAndAssignees()
    {
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        // Issues (not pull requests) from the issue listing, plus those the events reach.
        var issueKeys = _issues.Where(i => !GitHubFixtures.IsPullRequest(i)).Select(i => ((long)i["number"]!).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Concat(_events.Where(e => !GitHubFixtures.IsPullRequest(e["issue"]!)).Select(e => ((long)e["issue"]!["number"]!).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToHashSet();
        Assert.Equal(issueKeys.Order(), store.Items.Keys.Order());
        Assert.Equal(issueKeys.Count, store.Of(EventKind.Created).Count());
        Assert.Equal(GitHubFixtures.ExpectedSequences(_events), store.StatusSequences());
        var onIssues = _events.Where(e => !GitHubFixtures.IsPullRequest(e["issue"]!)).ToList();
        Assert.Equal(onIssues.Count(e => (string?)e["event"] == "assigned"), store.Of(EventKind.Field).Count(e => e.Field == "assignee"));
        Assert.Equal(onIssues.Count(e => (string?)e["event"] == "labeled" && (string?)e["label"]!["name"] == "waiting for response"), store.Of(EventKind.Blocked).Count());
        Assert.Single(store.Of(EventKind.Blocked)); // issue 220 waits for a response
        Assert.Equal(["Ready", "Closed"], store.StatusSequences()["228"]);
        Assert.All(_server.Requests, r => Assert.Equal("Bearer " + Token, r.Authorization));
    }

    [Fact]
    public async Task ReadAsync_FromSavedCursor_AddsNothingThenConditionalRequestsGet304()
    {
        var store = new FakeStore();
        using var connector = Connector();
        await store.IngestAsync(connector);

        // The first re-read asks with since = cursor − overlap (a new URL, so no ETag yet) and adds nothing.
        Assert.Equal(0, await store.IngestAsync(connector));
        var before = _server.Requests.Count;

        // Nothing changed since: both first pages come back 304 Not Modified.
        Assert.Equal(0, await store.IngestAsync(connector));
        var again = _server.Requests.Skip(before).ToList();
        Assert.Equal(2, again.Count);
        Assert.All(again, r => Assert.Equal(304, r.Status));
        Assert.All(again, r => Assert.NotNull(r.IfNoneMatch));
    }

    [Fact]
    public async Task ReadAsync_NewEventAfterCursor_AddsExactlyIt()
    {
        var store = new FakeStore();
        using var connector = Connector();
        await store.IngestAsync(connector);

        var reopened = _events.Single(e => (long)e["id"]! == 6774117135).DeepClone().AsObject();
        reopened["id"] = 6800000000L;
        reopened["event"] = "reopened";
        reopened["created_at"] = "2022-06-10T08:00:00Z";
        _fake.AddEvent(reopened);
        var added = await store.IngestAsync(connector);

        // Issue 228 still carries "help wanted", so reopening returns it to Ready.
        Assert.Equal(1, added);
        Assert.Equal(["Ready", "Closed", "Ready"], store.StatusSequences()["228"]);
    }

    [Fact]
    public async Task ReadAsync_InterruptedDuringEvents_ResumesFromEventIdWithNothingLost()
    {
        var full = new FakeStore();
        using (var connector = Connector(o => o.PageSize = 5))
        {
            await full.IngestAsync(connector);
        }

        var resumed = new FakeStore();
        using (var connector = Connector(o => o.PageSize = 5))
        {
            // 41 issues → 9 issue pages, then the first batch of events.
            await resumed.IngestAsync(connector, maxBatches: 10);
        }

        Assert.True(resumed.Events.Count < full.Events.Count);
        using (var connector = Connector(o => o.PageSize = 5))
        {
            await resumed.IngestAsync(connector);
        }

        Assert.Equal(full.Events.Keys.Order(), resumed.Events.Keys.Order());
        Assert.Equal(full.StatusSequences(), resumed.StatusSequences());
    }

    [Fact]
    public async Task ReadAsync_RateLimitExhausted_WaitsForResetBeforeNextRequest()
    {
        _fake.ExhaustAtRequest = 1;
        var store = new FakeStore();
        using var connector = Connector();
        var started = DateTimeOffset.UtcNow;

        await store.IngestAsync(connector);

        Assert.Contains(_log.Lines, l => l.Contains("rate limit exhausted; waiting", StringComparison.Ordinal));
        Assert.True(DateTimeOffset.UtcNow - started > TimeSpan.FromMilliseconds(500));
        Assert.Equal(GitHubFixtures.ExpectedSequences(_events), store.StatusSequences());
    }

    [Fact]
    public async Task ReadAsync_403RateLimited_RetriesAfterResetAndLosesNothing()
    {
        _fake.ForbidAtRequest = 2;
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        Assert.Single(_server.Requests, r => r.Status == 403);
        Assert.Contains(_log.Lines, l => l.Contains("after 403", StringComparison.Ordinal));
        Assert.Equal(GitHubFixtures.ExpectedSequences(_events), store.StatusSequences());
    }

    [Fact]
    public async Task ReadAsync_TruncatedEventsPage_QuarantinesEmitsNoEventsAndNextReadCompletes()
    {
        _server.Faults.Add(new Fault(FaultKind.Truncate, "/issues/events?per_page=10&page=2"));
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        var row = Assert.Single(store.Quarantined);
        Assert.Contains("/issues/events?per_page=10&page=2", row.Location, StringComparison.Ordinal);
        Assert.Empty(store.StatusSequences());

        await store.IngestAsync(connector);

        Assert.Equal(GitHubFixtures.ExpectedSequences(_events), store.StatusSequences());
        Assert.DoesNotContain(Token, _log.All, StringComparison.Ordinal);
    }
}
