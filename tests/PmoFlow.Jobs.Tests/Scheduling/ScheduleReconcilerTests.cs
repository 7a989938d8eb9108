using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Jobs;
using PmoFlow.Jobs.Scheduling;
using PmoFlow.Jobs.Tests.Support;
using PmoFlow.Testing;
using Quartz;

namespace PmoFlow.Jobs.Tests.Scheduling;

public sealed class ScheduleReconcilerTests
{
    [Fact]
    public async Task Reconcile_SameConfigAgain_LeavesTriggersUntouched_ChangedCronReplaced_RemovedJobDeleted()
    {
        await using var db = await TestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        var initial = Config("0 0 7 ? * MON");
        services.AddPmoFlowScheduler(TestConfigs.Parse(TestConfigs.OneStream(initial)), db.DataSource, o => o.RunScheduler = false);
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var reconciler = new ScheduleReconciler(NullLogger<ScheduleReconciler>.Instance);
        var key = JobKinds.TriggerKey(JobKinds.Publish, "delivery");

        await reconciler.ReconcileAsync(scheduler, Plan(initial), CancellationToken.None);
        var first = await scheduler.GetTrigger(key);
        await Task.Delay(50);
        await reconciler.ReconcileAsync(scheduler, Plan(initial), CancellationToken.None);
        var second = await scheduler.GetTrigger(key);

        // A second node starting with the same configuration must not reset the stored trigger.
        Assert.Equal(first!.StartTimeUtc, second!.StartTimeUtc);
        Assert.Equal(first.NextFireTimeUtc, second.NextFireTimeUtc);

        await reconciler.ReconcileAsync(scheduler, Plan(Config("0 0 9 ? * FRI")), CancellationToken.None);
        Assert.Equal("0 0 9 ? * FRI", ((ICronTrigger)(await scheduler.GetTrigger(key))!).CronExpressionString);

        await reconciler.ReconcileAsync(scheduler, Plan("schedule: { snapshot: off, forecastCheck: off }"), CancellationToken.None);
        Assert.False(await scheduler.Exists(JobKinds.JobKey(JobKinds.Publish, "delivery")));
        Assert.Empty(await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(JobKinds.Group)));
        await scheduler.Shutdown(false);
    }

    private static string Config(string cron) => $$"""
        schedule: { report: "{{cron}}", snapshot: off, forecastCheck: off }
        publish: [ { kind: database } ]
        """;

    private static IReadOnlyList<PlannedJob> Plan(string yaml) => SchedulePlan.Build(JobsConfigReader.Read(TestConfigs.Parse(TestConfigs.OneStream(yaml))));
}
