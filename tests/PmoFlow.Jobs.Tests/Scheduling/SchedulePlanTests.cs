using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Scheduling;
using PmoFlow.Jobs.Tests.Support;
using Quartz;

namespace PmoFlow.Jobs.Tests.Scheduling;

public sealed class SchedulePlanTests
{
    [Fact]
    public void Build_EachKind_TriggerAndMisfirePolicy()
    {
        var config = TestConfigs.Parse(TestConfigs.OneStream(
            "publish: [ { kind: database } ]",
            root: "sources:\n  - { name: jira, kind: jira, interval: 15m }\n  - { name: gl, kind: gitlab, schedule: \"0 0 * * * ?\", timeZone: America/New_York }\n  - { name: off, kind: github, interval: off }"));

        var plan = SchedulePlan.Build(JobsConfigReader.Read(config));

        Assert.Equal(
            [
                ("ingest.jira", "every 15m", "NowWithRemainingCount"),
                ("ingest.gl", "cron \"0 0 * * * ?\" in America/New_York", "FireAndProceed"),
                ("snapshot.delivery", "cron \"0 30 0 * * ?\" in Europe/London", "FireAndProceed"),
                ("publish.delivery", "cron \"0 0 7 ? * MON\" in Europe/London", "FireAndProceed"),
                ("forecast-check.delivery", "cron \"0 0 6 ? * MON\" in Europe/London", "DoNothing"),
            ],
            plan.Select(p => (p.Job.Key.Name, p.Schedule, p.Misfire)));
        var interval = (ISimpleTrigger)plan[0].Trigger;
        Assert.Equal((TimeSpan.FromMinutes(15), -1), (interval.RepeatInterval, interval.RepeatCount));
        Assert.All(plan, p => Assert.Equal(p.Job.Key.Name, p.Trigger.Key.Name));
    }

    [Fact]
    public void Build_StreamWithoutPublishers_NoPublishJob()
    {
        var plan = SchedulePlan.Build(JobsConfigReader.Read(TestConfigs.Parse(TestConfigs.OneStream(string.Empty))));

        Assert.Equal(["snapshot.delivery", "forecast-check.delivery"], plan.Select(p => p.Job.Key.Name));
    }
}
