using System.Globalization;
using System.Text.Json.Nodes;
using PmoFlow.Core.Events;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Connectors.GitLab;
using PmoFlow.Ingestion.Tests.Connectors.Support;
using PmoFlow.Testing;
using PmoFlow.Testing.Trackers;

namespace PmoFlow.Ingestion.Tests.Connectors;

public sealed class GitLabConnectorTests : IAsyncLifetime
{
    private const string Token = "glpat-abcdef0123456789";
    private readonly TokenFile _token = new(Token);
    private readonly ListLogger<GitLabConnector> _log = new();
    private readonly List<JsonObject> _issues =
        DevLakeCsv.Objects(TestPaths.Data("api-fixtures", "gitlab-devlake", "_raw_gitlab_api_issues.csv"));
    private GitLabFake _fake = null!;
    private FakeTrackerServer _server = null!;

    public async Task InitializeAsync()
    {
        _fake = new GitLabFake(_issues);
        // The recording holds issues only; these resource events are written here in the shape GitLab's
        // REST documentation gives, on the two recorded issues that carry workflow:: labels.
        _fake.LabelEvents[11] =
        [
            LabelEvent(1101, "2020-07-15T16:50:00Z", "add", "workflow::1 - triage"),
            LabelEvent(1102, "2020-07-20T10:00:00Z", "remove", "workflow::1 - triage"),
            LabelEvent(1103, "2020-07-20T10:00:00Z", "add", "workflow::4 - scheduled"),
        ];
        _fake.StateEvents[11] = [StateEvent(2101, "2020-07-24T21:13:37.403Z", "closed")];
        _fake.LabelEvents[12] =
        [
            LabelEvent(1201, "2020-08-01T09:00:00Z", "add", "blocked"),
            LabelEvent(1203, "2020-08-01T09:00:00Z", "add", "workflow::X - blocked"),
            LabelEvent(1202, "2020-08-03T09:00:00Z", "remove", "blocked"),
        ];
        _fake.StateEvents[12] =
        [
            StateEvent(2201, "2020-08-10T00:00:00Z", "closed"),
            StateEvent(2202, "2020-09-01T00:00:00Z", "reopened"),
            StateEvent(2203, "2020-09-22T22:08:20.103Z", "closed"),
        ];
        _server = await FakeTrackerServer.StartAsync(_fake.Map);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _token.Dispose();
    }

    private static JsonObject LabelEvent(long id, string at, string action, string label) => new()
    {
        ["id"] = id,
        ["user"] = new JsonObject { ["id"] = 1, ["username"] = "pmo" },
        ["created_at"] = at,
        ["resource_type"] = "Issue",
        ["resource_id"] = 1,
        ["label"] = new JsonObject { ["id"] = 73, ["name"] = label, ["color"] = "#34495E", ["description"] = string.Empty },
        ["action"] = action,
    };

    private static JsonObject StateEvent(long id, string at, string state) => new()
    {
        ["id"] = id,
        ["user"] = new JsonObject { ["id"] = 1, ["username"] = "pmo" },
        ["created_at"] = at,
        ["resource_type"] = "Issue",
        ["resource_id"] = 1,
        ["state"] = state,
    };

    private GitLabConnector Connector(Action<GitLabSourceOptions>? configure = null)
    {
        var options = new GitLabSourceOptions
        {
            Name = "gl",
            BaseUrl = _server.Root,
            Project = "gitlab-data/snowflake_spend",
            TokenFile = _token.Path,
            PageSize = 5,
            RetryBaseDelaySeconds = 0.01,
            MaxRetryDelaySeconds = 5,
        };
        configure?.Invoke(options);
        return new GitLabConnector(options, _log);
    }

    private Dictionary<string, List<string?>> Expected()
    {
        // Hand-worked for the two issues with events (see InitializeAsync):
        //   #11: triage label → swapped for "4 - scheduled" (one move) → closed.
        //   #12: "X - blocked" label → closed → reopened (back to its label status) → closed.
        // Every other recorded issue that is closed has no state events, so its closed_at closes it once.
        var expected = new Dictionary<string, List<string?>>
        {
            ["11"] = ["1 - triage", "4 - scheduled", "closed"],
            ["12"] = ["X - blocked", "closed", "X - blocked", "closed"],
        };
        foreach (var issue in _issues.Where(i => (string?)i["state"] == "closed" && (long)i["iid"]! is not (11 or 12)))
        {
            expected[((long)issue["iid"]!).ToString(CultureInfo.InvariantCulture)] = ["closed"];
        }

        return expected;
    }

    [Fact]
    public async Task ReadAsync_RecordedIssuesWithResourceEvents_StatusesFromScopedLabelsAndStates()
    {
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        Assert.Equal(16, _issues.Count);
        Assert.Equal(16, store.Items.Count);
        Assert.Equal(16, store.Of(EventKind.Created).Count());
        Assert.Equal(12, Expected().Count); // 12 of the 16 recorded issues are closed
        Assert.Equal(Expected(), store.StatusSequences());
        var blocked = Assert.Single(store.Of(EventKind.Blocked));
        var unblocked = Assert.Single(store.Of(EventKind.Unblocked));
        Assert.Equal(("12", TimeSpan.FromDays(2)), (blocked.ItemKey, unblocked.At - blocked.At));
        Assert.Equal("Add documentation to snowflake spend package", store.Items["1"].Title);
        // Each item carries the recorded issue's current labels (the portfolio links initiatives by label).
        foreach (var issue in _issues)
        {
            var labels = issue["labels"]!.AsArray().Select(l => (string)l!).ToList();
            Assert.Equal(labels, store.Items[((long)issue["iid"]!).ToString(CultureInfo.InvariantCulture)].Labels);
        }

        Assert.Equal(["Data Team", "Enhancement", "Snowflake", "dbt"], store.Items["2"].Labels);
        // 16 issues → 4 pages of 5 (the last with 1); 2 event listings per issue.
        Assert.Equal(4 + 32, _server.Requests.Count);
        Assert.All(_server.Requests, r => Assert.Equal("Bearer " + Token, r.Authorization));
        Assert.Contains(_server.Requests, r => r.PathAndQuery.StartsWith("/api/v4/projects/gitlab-data/snowflake_spend/issues?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_NoTotalPagesHeader_FollowsNextPage()
    {
        _fake.OmitTotals = true;
        _fake.EventsPerPage = 1;
        var store = new FakeStore();
        using var connector = Connector();

        await store.IngestAsync(connector);

        Assert.Equal(Expected(), store.StatusSequences());
        Assert.Contains(_server.Requests, r => r.PathAndQuery.Contains("/issues/12/resource_state_events?per_page=100&page=3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_FromSavedCursor_AddsNothing()
    {
        var store = new FakeStore();
        using var connector = Connector();
        await store.IngestAsync(connector);
        var before = _server.Requests.Count;

        Assert.Equal(0, await store.IngestAsync(connector));

        // The newest recorded update is issue #16's (2022-06-16T16:23:09.779Z); the re-read starts 5 minutes earlier.
        Assert.Equal("2022-06-16T16:23:09.779Z", store.Cursor);
        Assert.Contains("updated_after=2022-06-16T16:18:09.779Z", _server.Requests.Skip(before).First().PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_InterruptedAfterFirstPage_ResumesWithNothingLost()
    {
        var store = new FakeStore();
        using (var connector = Connector())
        {
            await store.IngestAsync(connector, maxBatches: 1);
        }

        Assert.Equal(5, store.Items.Count);
        using (var connector = Connector())
        {
            await store.IngestAsync(connector);
        }

        Assert.Equal(16, store.Items.Count);
        Assert.Equal(Expected(), store.StatusSequences());
    }

    [Fact]
    public async Task ReadAsync_EventsListingFailsThenTruncated_QuarantinesHoldsCursorAndRecovers()
    {
        _server.Faults.Add(new Fault(FaultKind.ServerError, "/issues/12/resource_state_events", Times: 3));
        _server.Faults.Add(new Fault(FaultKind.Truncate, "/issues/11/resource_label_events"));
        var store = new FakeStore();
        using var connector = Connector(o => o.MaxRetries = 2);

        await store.IngestAsync(connector);

        // 3 attempts (1 + 2 retries) all fail for #12's state events; nothing for #11 and #12 beyond their items yet.
        Assert.Equal(2, store.Quarantined.Count);
        Assert.DoesNotContain("11", store.StatusSequences().Keys);
        Assert.DoesNotContain("12", store.StatusSequences().Keys);
        Assert.Contains(store.Quarantined, q => q.Location.Contains("/issues/12/resource_state_events", StringComparison.Ordinal) && q.Reason.Contains("500", StringComparison.Ordinal));
        Assert.Contains(store.Quarantined, q => q.Location.Contains("/issues/11/resource_label_events", StringComparison.Ordinal) && q.Reason.StartsWith("Malformed JSON", StringComparison.Ordinal));
        // By update, #11 and #12 are the 11th and 12th issues: page 3 of 5-issue pages. The cursor stays at the
        // newest update of pages 1-2 (the 10th issue's), so page 3 is read again next time.
        var byUpdate = _issues.OrderBy(i => DateTimeOffset.Parse((string)i["updated_at"]!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([11L, 12L], byUpdate.Skip(10).Take(2).Select(i => (long)i["iid"]!));
        Assert.Equal((string)byUpdate[9]["updated_at"]!, store.Cursor);

        await store.IngestAsync(connector);

        Assert.Equal(Expected(), store.StatusSequences());
        Assert.DoesNotContain(Token, _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadStatusesAsync_ScopedLabels_BecomeActiveStatuses()
    {
        using var connector = Connector();

        var statuses = await connector.ReadStatusesAsync(CancellationToken.None);

        Assert.Equal(
            [("opened", StageCategory.Backlog), ("4 - scheduled", StageCategory.Active), ("5 - development", StageCategory.Active), ("X - blocked", StageCategory.Active), ("closed", StageCategory.Done)],
            statuses.Select(s => (s.Name, s.Category)));
    }
}
