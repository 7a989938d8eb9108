using Npgsql;
using PmoFlow.Core.Events;
using PmoFlow.Storage.Reading;
using PmoFlow.Testing;
using static PmoFlow.Storage.Tests.Events.StoreTestData;

namespace PmoFlow.Storage.Tests.Events;

// Each test uses its own source name, so tests sharing the class's database do not see each other's rows.
public sealed class EventStoreTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private readonly EventStore _store = new(db.DataSource);
    private readonly IngestStatusReader _status = new(db.DataSource);

    [Fact]
    public async Task WriteBatchAsync_SameBatchTwice_SecondAddsNothing()
    {
        const string S = "twice";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        var batch = Batch(
        [
            Status(S, "A-1", "1", 0, "To Do", "Doing"),
            Status(S, "A-1", "2", 60, "Doing", "Done"),
            Status(S, "A-2", "1", 30, "To Do", "Doing"),
        ]);

        var first = await _store.WriteBatchAsync(run, batch, CancellationToken.None);
        var second = await _store.WriteBatchAsync(run, batch, CancellationToken.None);

        Assert.Equal(new BatchResult(3, 3, 0, 0, 0), first);
        Assert.Equal(new BatchResult(3, 0, 3, 0, 0), second);
        Assert.Equal(3, await CountEventsAsync(db.DataSource, S));
        var runRow = Assert.Single(await _status.ReadRunsAsync(S, 10, CancellationToken.None));
        // Counters add up over both batches: 3 + 3 read, 3 + 0 inserted, 0 + 3 duplicates.
        Assert.Equal((6L, 3L, 3L), (runRow.EventsRead, runRow.EventsInserted, runRow.Duplicates));
        Assert.Equal(IngestOutcome.Running, runRow.Outcome);
    }

    [Fact]
    public async Task WriteBatchAsync_DuplicatesWithinOneBatch_StoredOnceFirstWins()
    {
        const string S = "dup-in-batch";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        var result = await _store.WriteBatchAsync(run, Batch(
        [
            Status(S, "A-1", "1", 0, "To Do", "Doing"),
            Status(S, "A-1", "1", 5, "To Do", "Blocked"),
            Status(S, "A-1", "2", 10, "Doing", "Done"),
            Status(S, "A-1", "2", 10, "Doing", "Done"),
        ]), CancellationToken.None);

        Assert.Equal(new BatchResult(4, 2, 2, 0, 0), result);
        var events = await new EventReader(db.DataSource).ReadEventsAsync([S]).ToListAsync();
        Assert.Equal(["Doing", "Done"], events.Select(e => e.ToStatus));
    }

    [Fact]
    public async Task WriteBatchAsync_EmptyBatchWithCursor_SavesCursorOnly()
    {
        const string S = "empty";
        var run = await _store.BeginRunAsync(S, "jira", CancellationToken.None);
        var result = await _store.WriteBatchAsync(run, Batch([], cursor: "page-7"), CancellationToken.None);

        Assert.Equal(new BatchResult(0, 0, 0, 0, 0), result);
        Assert.Equal("page-7", await _store.GetCursorAsync(S, CancellationToken.None));
    }

    [Fact]
    public async Task WriteBatchAsync_Cursor_SavedWithBatchAndKeptWhenNextBatchHasNone()
    {
        const string S = "cursor";
        Assert.Null(await _store.GetCursorAsync(S, CancellationToken.None));
        var run = await _store.BeginRunAsync(S, "jira", CancellationToken.None);
        Assert.Null(await _store.GetCursorAsync(S, CancellationToken.None));

        await _store.WriteBatchAsync(run, Batch([Status(S, "A-1", "1", 0, "a", "b")], cursor: "2024-03-01T09:00Z"), CancellationToken.None);
        Assert.Equal("2024-03-01T09:00Z", await _store.GetCursorAsync(S, CancellationToken.None));

        await _store.WriteBatchAsync(run, Batch([Status(S, "A-1", "2", 1, "b", "c")]), CancellationToken.None);
        Assert.Equal("2024-03-01T09:00Z", await _store.GetCursorAsync(S, CancellationToken.None));
    }

    [Fact]
    public async Task WriteBatchAsync_Quarantine_StoredWithLocationReasonAndRun()
    {
        const string S = "quarantine";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        var result = await _store.WriteBatchAsync(run, Batch(
            [Status(S, "A-1", "1", 0, "a", "b")],
            quarantined:
            [
                new QuarantineRecord(S, "issues.csv:17", "A-2,not-a-date,To Do", "timestamp 'not-a-date' is not ISO 8601"),
                new QuarantineRecord(S, "issues.csv:18", "bad\0byte", "NUL in record"),
            ]), CancellationToken.None);

        Assert.Equal(2, result.Quarantined);
        var rows = (await _status.ReadQuarantineAsync(S, 10, CancellationToken.None)).OrderBy(r => r.Id).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("issues.csv:17", rows[0].Location);
        Assert.Equal("A-2,not-a-date,To Do", rows[0].Raw);
        Assert.Equal("timestamp 'not-a-date' is not ISO 8601", rows[0].Reason);
        Assert.Equal(run.Id, rows[0].RunId);
        // PostgreSQL text cannot hold NUL: it is kept visible as U+FFFD rather than failing the batch.
        Assert.Equal("bad\uFFFDbyte", rows[1].Raw);
        Assert.Equal(2, await _status.CountQuarantineAsync(S, CancellationToken.None));
        Assert.Equal(2L, Assert.Single(await _status.ReadRunsAsync(S, 10, CancellationToken.None)).Quarantined);
    }

    [Fact]
    public async Task WriteBatchAsync_InvalidRowAtEnd_LeavesEverythingUnchanged()
    {
        const string S = "invalid-row";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        await _store.WriteBatchAsync(run, Batch([Status(S, "A-1", "1", 0, "a", "b")], [new WorkItem(S, "A-1", Title: "kept")], cursor: "c1"), CancellationToken.None);

        // Items and many events are written before the NUL character (which PostgreSQL text rejects) fails the COPY.
        var events = Enumerable.Range(0, 2000).Select(i => Status(S, $"B-{i}", "1", i, "a", "b"))
            .Append(Status(S, "B-x", "1", 0, "a", "bad\0status"))
            .ToList();
        var bad = Batch(
            events,
            [new WorkItem(S, "A-1", Title: "changed"), new WorkItem(S, "B-1")],
            [new QuarantineRecord(S, "f:1", "x", "y")],
            cursor: "c2");
        await Assert.ThrowsAsync<PostgresException>(() => _store.WriteBatchAsync(run, bad, CancellationToken.None));

        await AssertUnchangedAsync(S, run);
    }

    [Fact]
    public async Task WriteBatchAsync_CancelledDuringCopy_LeavesEverythingUnchanged()
    {
        const string S = "cancelled";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        await _store.WriteBatchAsync(run, Batch([Status(S, "A-1", "1", 0, "a", "b")], [new WorkItem(S, "A-1", Title: "kept")], cursor: "c1"), CancellationToken.None);

        using var cts = new CancellationTokenSource();
        var events = Enumerable.Range(0, 5000).Select(i => Status(S, $"B-{i}", "1", i, "a", "b")).ToList();
        var quarantined = Enumerable.Range(0, 5000).Select(i => new QuarantineRecord(S, $"f:{i}", "x", "y")).ToList();
        // Items and events are written first; the token is cancelled while the writer streams quarantine row 2500,
        // i.e. in the middle of the last COPY of the transaction.
        var batch = Batch(
            events, [new WorkItem(S, "A-1", Title: "changed")], new CancellingList<QuarantineRecord>(quarantined, 2500, cts), cursor: "c2");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.WriteBatchAsync(run, batch, cts.Token));

        await AssertUnchangedAsync(S, run);
        // The store is still usable afterwards.
        Assert.Equal(1, (await _store.WriteBatchAsync(run, Batch([Status(S, "A-1", "2", 1, "b", "c")]), CancellationToken.None)).EventsInserted);
    }

    [Fact]
    public async Task WriteBatchAsync_ItemsAcrossBatches_LaterNonNullWinsAndEarliestCreatedKept()
    {
        const string S = "items";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        var first = await _store.WriteBatchAsync(run, Batch([],
        [
            new WorkItem(S, "A-1", "Story", "First title", T0.AddDays(2), "EPIC-1", 5m),
            // Same key later in the batch: its non-null title wins, its null type keeps "Story", its earlier created wins.
            new WorkItem(S, "A-1", null, "Second title", T0.AddDays(1)),
            new WorkItem(S, "A-2", "Bug"),
        ]), CancellationToken.None);
        Assert.Equal(2, first.ItemsUpserted);

        var second = await _store.WriteBatchAsync(run, Batch([],
        [
            new WorkItem(S, "A-1", "Feature", null, T0.AddDays(3), null, 8.5m),
            new WorkItem(S, "A-2", null, "Now titled", T0),
        ]), CancellationToken.None);
        Assert.Equal(2, second.ItemsUpserted);

        // The same facts again change nothing, so nothing is rewritten or counted.
        var again = await _store.WriteBatchAsync(run, Batch([], [new WorkItem(S, "A-1", "Feature"), new WorkItem(S, "A-2", Created: T0.AddDays(5))]), CancellationToken.None);
        Assert.Equal(0, again.ItemsUpserted);

        var items = await new EventReader(db.DataSource).ReadWorkItemsAsync([S], CancellationToken.None);
        Assert.Equal(
            [
                new WorkItem(S, "A-1", "Feature", "Second title", T0.AddDays(1), "EPIC-1", 8.5m),
                new WorkItem(S, "A-2", "Bug", "Now titled", T0),
            ],
            items);
    }

    [Fact]
    public async Task WriteBatchAsync_Labels_LatestSetWinsNullKeepsAndSameSetWritesNothing()
    {
        const string S = "labels";
        var run = await _store.BeginRunAsync(S, "jira", CancellationToken.None);
        var first = await _store.WriteBatchAsync(run, Batch([],
        [
            new WorkItem(S, "L-1", Labels: ["churn", "q3"]),
            // Later in the same batch: its set replaces the earlier one (of a different length).
            new WorkItem(S, "L-1", Labels: ["churn"]),
            new WorkItem(S, "L-2", "Bug", Labels: ["ux", "mobile", "beta"]),
            new WorkItem(S, "L-3", "Story"),
        ]), CancellationToken.None);
        Assert.Equal(3, first.ItemsUpserted);

        // A record without labels says nothing about them; an empty set says "none".
        var second = await _store.WriteBatchAsync(run, Batch([],
            [new WorkItem(S, "L-1", "Story"), new WorkItem(S, "L-2", Labels: []), new WorkItem(S, "L-3", Labels: ["Platform"])]), CancellationToken.None);
        var again = await _store.WriteBatchAsync(run, Batch([],
            [new WorkItem(S, "L-1", Labels: ["churn"]), new WorkItem(S, "L-3", Labels: ["Platform"])]), CancellationToken.None);

        Assert.Equal(3, second.ItemsUpserted);
        Assert.Equal(0, again.ItemsUpserted);
        var items = await new EventReader(db.DataSource).ReadWorkItemsAsync([S], CancellationToken.None);
        Assert.Equal([["churn"], [], ["Platform"]], items.Select(i => i.Labels!.ToArray()));
        Assert.Equal(["Story", "Bug", "Story"], items.Select(i => i.Type));
    }

    [Fact]
    public async Task WriteBatchAsync_InstantWithOffsetOnDaylightSavingDay_StoredAsSameUtcInstant()
    {
        const string S = "instants";
        var run = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        // 2024-03-31 is the UK's spring-forward day: 02:30+02:00 (Paris, CEST) is 00:30 UTC.
        var at = new DateTimeOffset(2024, 3, 31, 2, 30, 0, TimeSpan.FromHours(2));
        await _store.WriteBatchAsync(run, Batch([new FlowEvent(S, "A-1", "1", at, EventKind.Created, ToStatus: "New")]), CancellationToken.None);

        var stored = Assert.Single(await new EventReader(db.DataSource).ReadEventsAsync([S]).ToListAsync());
        Assert.Equal(new DateTimeOffset(2024, 3, 31, 0, 30, 0, TimeSpan.Zero), stored.At);
        Assert.Equal(TimeSpan.Zero, stored.At.Offset);
    }

    [Fact]
    public async Task WriteBatchAsync_RecordOfAnotherSource_ThrowsBeforeWriting()
    {
        var run = await _store.BeginRunAsync("mine", "csv", CancellationToken.None);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _store.WriteBatchAsync(
            run, Batch([Status("mine", "A-1", "1", 0, "a", "b"), Status("theirs", "A-1", "1", 0, "a", "b")]), CancellationToken.None));
        Assert.Contains("theirs", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountEventsAsync(db.DataSource, "mine"));
    }

    [Fact]
    public async Task BeginRunAsync_EarlierRunWhoseProcessEnded_MarkedFailedButALiveOneIsLeftRunning()
    {
        const string S = "abandoned";
        // A run begun through another pool whose connections the server then ends: what a killed process leaves.
        var name = new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = "pmoflow-dead-process" };
        await using (var other = NpgsqlDataSource.Create(name.ConnectionString))
        {
            await new EventStore(other).BeginRunAsync(S, "csv", CancellationToken.None);
            await using var kill = db.DataSource.CreateCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'pmoflow-dead-process'");
            Assert.Equal(1L, await kill.ExecuteScalarAsync());

            // Termination is asynchronous: wait until the backend (and with it its session locks) is gone.
            await using var gone = db.DataSource.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pmoflow-dead-process'");
            for (var i = 0; i < 100 && (long)(await gone.ExecuteScalarAsync())! > 0; i++)
            {
                await Task.Delay(50);
            }
        }

        var live = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        var next = await _store.BeginRunAsync(S, "csv", CancellationToken.None);

        var runs = (await _status.ReadRunsAsync(S, 10, CancellationToken.None)).OrderBy(r => r.Id).ToList();
        Assert.Equal([IngestOutcome.Failed, IngestOutcome.Running, IngestOutcome.Running], runs.Select(r => r.Outcome));
        Assert.Equal($"abandoned: the process running it ended before it completed (found by run {live.Id})", runs[0].Error);
        Assert.Null(runs[1].Error); // `live` still holds its lock: the third run leaves it alone

        await _store.CompleteRunAsync(live, IngestOutcome.Succeeded, null, CancellationToken.None);
        await _store.CompleteRunAsync(next, IngestOutcome.Succeeded, null, CancellationToken.None);
        var after = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        await _store.CompleteRunAsync(after, IngestOutcome.Succeeded, null, CancellationToken.None);
        Assert.Equal(
            [IngestOutcome.Failed, IngestOutcome.Succeeded, IngestOutcome.Succeeded, IngestOutcome.Succeeded],
            (await _status.ReadRunsAsync(S, 10, CancellationToken.None)).OrderBy(r => r.Id).Select(r => r.Outcome));
    }

    [Fact]
    public async Task CompleteRunAsync_Outcome_RecordedWithEndAndError()
    {
        const string S = "complete";
        var ok = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        await _store.CompleteRunAsync(ok, IngestOutcome.Succeeded, null, CancellationToken.None);
        var failed = await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        await _store.CompleteRunAsync(failed, IngestOutcome.Failed, "HTTP 500 from tracker", CancellationToken.None);

        var runs = await _status.ReadRunsAsync(S, 10, CancellationToken.None);
        Assert.Equal([failed.Id, ok.Id], runs.Select(r => r.Id));
        Assert.Equal(IngestOutcome.Failed, runs[0].Outcome);
        Assert.Equal("HTTP 500 from tracker", runs[0].Error);
        Assert.NotNull(runs[0].EndedAt);
        Assert.True(runs[1].EndedAt >= runs[1].StartedAt);
        Assert.Equal(IngestOutcome.Succeeded, runs[1].Outcome);
        await Assert.ThrowsAsync<ArgumentException>(() => _store.CompleteRunAsync(ok, "done", null, CancellationToken.None));
    }

    [Fact]
    public async Task BeginRunAsync_SourceSeenAgainWithNewKind_UpdatesKind()
    {
        const string S = "kind";
        await _store.BeginRunAsync(S, "csv", CancellationToken.None);
        await _store.BeginRunAsync(S, "jira", CancellationToken.None);
        var source = Assert.Single(await _status.ReadSourcesAsync(CancellationToken.None), s => s.Name == S);
        Assert.Equal("jira", source.Kind);
    }

    private async Task AssertUnchangedAsync(string source, IngestRun run)
    {
        Assert.Equal(1, await CountEventsAsync(db.DataSource, source));
        Assert.Equal(1, await CountItemsAsync(db.DataSource, source));
        Assert.Equal(0, await CountQuarantineAsync(db.DataSource, source));
        Assert.Equal("c1", await _store.GetCursorAsync(source, CancellationToken.None));
        var item = Assert.Single(await new EventReader(db.DataSource).ReadWorkItemsAsync([source], CancellationToken.None));
        Assert.Equal("kept", item.Title);
        var row = Assert.Single(await _status.ReadRunsAsync(source, 10, CancellationToken.None));
        Assert.Equal(run.Id, row.Id);
        Assert.Equal((1L, 1L, 0L, 1L, 0L), (row.EventsRead, row.EventsInserted, row.Duplicates, row.ItemsUpserted, row.Quarantined));
    }
}
