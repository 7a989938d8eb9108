using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Publishing;
using PmoFlow.Jobs.Services;
using PmoFlow.Jobs.Tests.Support;
using PmoFlow.Testing;

namespace PmoFlow.Jobs.Tests.Publishing;

/// <summary>PublishService against a real database, without Quartz.</summary>
public sealed class PublishServiceTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly PublishPeriod W13 = ReportPeriods.Parse("2026-W13", PeriodGranularity.Week, London, null);
    private static readonly PublishPeriod W14 = ReportPeriods.Parse("2026-W14", PeriodGranularity.Week, London, null);

    [Fact]
    public async Task Publish_SamePeriodTwice_EachPublisherDeliveredOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = TestConfigs.NewFolder();
        var stream = Stream("publish: [ { kind: folder, path: out }, { kind: database } ]", folder);
        var service = Service(db.DataSource);

        var first = await service.PublishAsync(stream, W13, CancellationToken.None);
        var second = await service.PublishAsync(stream, W13, CancellationToken.None);

        Assert.Equal(["delivered", "delivered"], first.Outcomes.Select(o => o.Status));
        Assert.Equal(["already-delivered", "already-delivered"], second.Outcomes.Select(o => o.Status));
        Assert.Equal(1, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM reports WHERE stream = 'delivery' AND period_key = '2026-W13'"));
        Assert.Equal(2, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM deliveries WHERE status = 'delivered' AND attempts = 1"));
        Assert.True(File.Exists(Path.Combine(folder, "out", "delivery", "2026-W13", "report.md")));
    }

    [Fact]
    public async Task Publish_TwoWorkersRaceForOnePeriod_EachPublisherDeliveredOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = TestConfigs.NewFolder();
        var stream = Stream("publish: [ { kind: folder, path: out }, { kind: database } ]", folder);
        // Each delivery holds its row for 300 ms, so the two runs overlap on every publisher.
        await using var other = NpgsqlDataSource.Create(db.ConnectionString);
        var a = Service(db.DataSource, delay: TimeSpan.FromMilliseconds(300));
        var b = Service(other, delay: TimeSpan.FromMilliseconds(300));

        var results = await Task.WhenAll(a.PublishAsync(stream, W13, CancellationToken.None), b.PublishAsync(stream, W13, CancellationToken.None));

        var outcomes = results.SelectMany(r => r.Outcomes).ToList();
        Assert.Equal(1, outcomes.Count(o => o.Publisher == "folder" && o.Status == "delivered"));
        Assert.Equal(1, outcomes.Count(o => o.Publisher == "database" && o.Status == "delivered"));
        Assert.Equal(2, outcomes.Count(o => o.Status == "already-delivered"));
        Assert.Equal(1, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM reports"));
        Assert.Single(Directory.GetDirectories(Path.Combine(folder, "out", "delivery")));
    }

    [Fact]
    public async Task Publish_WebhookFailsFirstTwoCalls_DeliveredOnceAfterRetries()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n <= 2 ? 503 : 200;
        var stream = Stream($"publish: [ {{ kind: webhook, url: \"{receiver.Url}t0k3n\", retries: 3, retryDelay: 10ms }} ]");

        var result = await Service(db.DataSource).PublishAsync(stream, W13, CancellationToken.None);

        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(("delivered", "HTTP 200 OK, 3 attempt(s)"), (outcome.Status, outcome.Detail));
        Assert.Equal(3, receiver.Calls.Count);
        var key = DeliveryStore.DedupeKey("delivery", "2026-W13", "webhook");
        Assert.All(receiver.Calls, c => Assert.Equal(key, c.DedupeKey));
        Assert.All(receiver.Calls, c => Assert.Contains(key, c.Body, StringComparison.Ordinal));
        var row = (await new DeliveryStore(db.DataSource).ReadAsync("delivery", null, 10, CancellationToken.None)).Single();
        Assert.Equal(("delivered", 1, (string?)null), (row.Status, row.Attempts, row.LastError));

        // The next run does not call again.
        await Service(db.DataSource).PublishAsync(stream, W13, CancellationToken.None);
        Assert.Equal(3, receiver.Calls.Count);
    }

    [Fact]
    public async Task Publish_WebhookNeverAnswers_RecordedFailedWithReasonAndRetriedNextRun()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => null;
        var stream = Stream($"publish: [ {{ kind: webhook, url: \"{receiver.Url}x\", timeout: 300ms, retries: 1, retryDelay: 10ms }} ]");
        var store = new DeliveryStore(db.DataSource);

        var first = await Service(db.DataSource).PublishAsync(stream, W13, CancellationToken.None);

        var failed = Assert.Single(first.Outcomes);
        Assert.Equal("failed", failed.Status);
        var row = (await store.ReadAsync("delivery", null, 10, CancellationToken.None)).Single();
        Assert.Equal(("failed", 1), (row.Status, row.Attempts));
        Assert.Equal($"webhook 'webhook' ({receiver.Url[..receiver.Url.IndexOf("/hook", StringComparison.Ordinal)]}/…): no answer within 300ms, 2 attempt(s)", row.LastError);
        Assert.Equal(2, receiver.Calls.Count);

        // Next week's run: the receiver answers again; last week's failed delivery is retried first, then this week's.
        receiver.Answer = _ => 200;
        var second = await Service(db.DataSource).PublishAsync(stream, W14, CancellationToken.None);

        Assert.Equal([("2026-W13", "delivered"), ("2026-W14", "delivered")], second.Outcomes.Select(o => (o.PeriodKey, o.Status)));
        var rows = await store.ReadAsync("delivery", null, 10, CancellationToken.None);
        Assert.Equal([("2026-W14", "delivered", 1), ("2026-W13", "delivered", 2)], rows.Select(r => (r.Period.Key, r.Status, r.Attempts)));
        Assert.Equal(4, receiver.Calls.Count);
        Assert.Equal(receiver.Calls[0].DedupeKey, receiver.Calls[2].DedupeKey);
    }

    [Fact]
    public async Task Publish_WebhookAnswers400_FailsAtOnceWithoutRetries()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 400;
        var stream = Stream($"publish: [ {{ kind: webhook, url: \"{receiver.Url}x\", retries: 3, retryDelay: 10ms }} ]");

        var outcome = Assert.Single((await Service(db.DataSource).PublishAsync(stream, W13, CancellationToken.None)).Outcomes);

        Assert.Equal("failed", outcome.Status);
        Assert.EndsWith("HTTP 400 Bad Request, 1 attempt(s)", outcome.Detail, StringComparison.Ordinal);
        Assert.Single(receiver.Calls);
    }

    [Fact]
    public async Task Publish_SecretUrlFromEnvironment_UsedAndNeverRecorded()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => 500;
        var secretUrl = receiver.Url + "SECRET-TOKEN-42";
        var stream = Stream("publish: [ { kind: webhook, url: \"https://hooks.slack.com/...\", format: slack, secretEnv: TEST_HOOK, retries: 1, retryDelay: 10ms } ]");
        var env = new Dictionary<string, string?> { ["TEST_HOOK"] = secretUrl };

        var outcome = Assert.Single((await Service(db.DataSource, env: n => env.GetValueOrDefault(n)).PublishAsync(stream, W13, CancellationToken.None)).Outcomes);

        Assert.Equal("failed", outcome.Status);
        Assert.All(receiver.Calls, c => Assert.Equal("SECRET-TOKEN-42", c.Token));
        Assert.Equal("webhook 'webhook' (URL from $TEST_HOOK): HTTP 500 Internal Server Error, 2 attempt(s)", outcome.Detail);
        Assert.Equal(0, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM deliveries WHERE last_error LIKE '%SECRET%' OR receipt LIKE '%SECRET%'"));

        // Unset: the reason names the variable.
        env.Clear();
        var retry = Assert.Single((await Service(db.DataSource, env: n => env.GetValueOrDefault(n)).PublishAsync(stream, W13, CancellationToken.None)).Outcomes);
        Assert.Equal(("failed", "environment variable TEST_HOOK is not set"), (retry.Status, retry.Detail));
    }

    [Fact]
    public async Task Publish_NoPublishers_NothingRecorded()
    {
        await using var db = await TestDatabase.CreateAsync();

        var result = await Service(db.DataSource).PublishAsync(Stream(string.Empty), W13, CancellationToken.None);

        Assert.Empty(result.Outcomes);
        Assert.Equal(0, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM deliveries"));
    }

    private static StreamJobs Stream(string extra, string? folder = null) =>
        JobsConfigReader.Read(TestConfigs.Parse(TestConfigs.OneStream(extra), folder ?? TestConfigs.NewFolder())).Streams.Single();

    private static PublishService Service(NpgsqlDataSource ds, TimeSpan delay = default, Func<string, string?>? env = null) => new(
        ds,
        new PmoFlow.Jobs.Reports.StreamReportService(ds, TestConfigs.Parse(TestConfigs.OneStream(string.Empty))),
        new PublisherFactory(new SecretResolver(env ?? (_ => null))),
        new DeliveryStore(ds),
        new PmoFlowSchedulerOptions { DelayBeforeDelivery = delay },
        NullLogger<PublishService>.Instance);
}
