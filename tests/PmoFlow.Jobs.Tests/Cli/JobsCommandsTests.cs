using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PmoFlow.Cli.Jobs;
using PmoFlow.Jobs.Tests.Support;
using PmoFlow.Testing;
using Quartz;

namespace PmoFlow.Jobs.Tests.Cli;

/// <summary>The jobs commands against a real cluster table set, with an in-process scheduler node doing the work.</summary>
public sealed class JobsCommandsTests
{
    private const string StreamYaml = """
        schedule: { report: "0 0 7 ? * MON", snapshot: off }
        publish:
          - { kind: database }
        """;

    [Fact]
    public async Task ListTriggerHistory_WithAWorkerNode_ShowsScheduleRunsTheTriggeredPeriodAndRecordsIt()
    {
        await using var db = await TestDatabase.CreateAsync();
        var config = TestConfigs.Parse(TestConfigs.OneStream(StreamYaml), TestConfigs.NewFolder());
        await using var client = await JobsClient.ConnectAsync(config, db.DataSource, CancellationToken.None);

        var before = await client.Commands.ListAsync(CancellationToken.None);
        Assert.Equal(["publish.delivery", "forecast-check.delivery"], before.Jobs.Select(j => j.Name));
        Assert.All(before.Jobs, j => Assert.Equal(("NotScheduled", (DateTimeOffset?)null), (j.State, j.NextFireUtc)));

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddPmoFlowScheduler(config, db.DataSource, o =>
        {
            o.InstanceId = "node-a";
            o.IdleWaitTime = TimeSpan.FromSeconds(1);
            o.CheckinInterval = TimeSpan.FromSeconds(1);
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var listing = await client.Commands.ListAsync(CancellationToken.None);
            var publish = listing.Jobs.Single(j => j.Name == "publish.delivery");
            var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
            var expected = new CronExpression("0 0 7 ? * MON", london).GetNextValidTimeAfter(DateTimeOffset.UtcNow);
            Assert.Equal(("Normal", "FireAndProceed", "cron \"0 0 7 ? * MON\" in Europe/London"), (publish.State, publish.Misfire, publish.Schedule));
            Assert.Equal(expected, publish.NextFireUtc);
            Assert.Equal((DayOfWeek.Monday, 7, 0), (publish.NextFireLocal!.Value.DayOfWeek, publish.NextFireLocal.Value.Hour, publish.NextFireLocal.Value.Minute));
            Assert.Contains(listing.Nodes, n => n.InstanceId == "node-a");

            var triggered = await client.Commands.TriggerAsync("publish.delivery", "2026-W13", CancellationToken.None);
            Assert.Equal(new TriggeredJob("publish.delivery", "2026-W13") { RunsBefore = 0 }, triggered);
            var waited = await client.Commands.WaitAsync(triggered, TimeSpan.FromSeconds(20), CancellationToken.None);
            Assert.NotNull(waited);
            Assert.Equal(1, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM job_runs WHERE manual AND status <> 'running'"));

            var history = await client.Commands.HistoryAsync(null, 10, CancellationToken.None);
            var run = Assert.Single(history.Runs);
            Assert.Equal(waited, run);
            Assert.Equal(("publish.delivery", "publish", "delivery", "node-a", true, "succeeded"), (run.Job, run.Kind, run.Target, run.InstanceId, run.Manual, run.Status));
            Assert.Equal("period 2026-W13: 1 delivered, 0 already delivered, 0 failed", run.Detail);
            Assert.Empty(history.OutstandingDeliveries);
            Assert.Equal(1, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM reports WHERE period_key = '2026-W13'"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData("nope", null, "No job named 'nope'. Jobs: publish.delivery, forecast-check.delivery.")]
    [InlineData("forecast-check.delivery", "2026-W13", "--period applies to publish jobs only")]
    [InlineData("publish.delivery", "2026-13", "'2026-13' is not an ISO week period")]
    public async Task Trigger_UnknownJobOrBadPeriod_ArgumentExceptionSaysWhy(string name, string? period, string message)
    {
        await using var db = await TestDatabase.CreateAsync();
        var config = TestConfigs.Parse(TestConfigs.OneStream(StreamYaml), TestConfigs.NewFolder());
        await using var client = await JobsClient.ConnectAsync(config, db.DataSource, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.Commands.TriggerAsync(name, period, CancellationToken.None));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }
}
