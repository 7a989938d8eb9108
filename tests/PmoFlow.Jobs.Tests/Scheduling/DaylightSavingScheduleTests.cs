using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Scheduling;
using PmoFlow.Jobs.Tests.Support;
using Quartz;

namespace PmoFlow.Jobs.Tests.Scheduling;

/// <summary>
/// The triggers SchedulePlan builds from pmoflow.yaml, walked with Quartz's own fire-time computation across
/// Europe/London's 2026 clock changes: forward at 01:00 GMT on Sunday 29 March (01:00 → 02:00), back at 02:00
/// BST on Sunday 25 October (02:00 → 01:00).
/// </summary>
public sealed class DaylightSavingScheduleTests
{
    [Fact]
    public void WeeklyReport_AcrossSpringForward_FiresMondays0700Local()
    {
        var fires = FireTimes("schedule: { report: \"0 0 7 ? * MON\" }", "publish", "2026-03-10T00:00:00Z", 4);

        Assert.Equal(
            [
                At("2026-03-16T07:00:00Z"), // GMT: 07:00 local = 07:00Z
                At("2026-03-23T07:00:00Z"),
                At("2026-03-30T06:00:00Z"), // BST from 29 March: 07:00 local = 06:00Z
                At("2026-04-06T06:00:00Z"),
            ],
            fires);
    }

    [Fact]
    public void WeeklyReport_AcrossFallBack_FiresMondays0700Local()
    {
        var fires = FireTimes("schedule: { report: \"0 0 7 ? * MON\" }", "publish", "2026-10-12T00:00:00Z", 3);

        Assert.Equal(
            [
                At("2026-10-12T06:00:00Z"), // BST
                At("2026-10-19T06:00:00Z"),
                At("2026-10-26T07:00:00Z"), // GMT from 25 October
            ],
            fires);
    }

    [Fact]
    public void DailySnapshotAt0130_OnTheDayThatRepeats0130_FiresOnce()
    {
        // 25 October: 01:30 local happens at 00:30Z (BST) and again at 01:30Z (GMT); the snapshot runs once, at the first.
        var fires = FireTimes("schedule: { snapshot: \"0 30 1 * * ?\" }", "snapshot", "2026-10-23T12:00:00Z", 4);

        Assert.Equal(
            [At("2026-10-24T00:30:00Z"), At("2026-10-25T00:30:00Z"), At("2026-10-26T01:30:00Z"), At("2026-10-27T01:30:00Z")],
            fires);
        Assert.Single(fires, f => f.Date == new DateTime(2026, 10, 25));
    }

    [Fact]
    public void DailySnapshotAt0130_OnTheDayWithout0130_FiresOnceWhenTheClockResumes()
    {
        // 29 March: local 01:00–02:00 does not exist; Quartz fires once, at 02:00 BST (01:00Z), the first valid instant after.
        var fires = FireTimes("schedule: { snapshot: \"0 30 1 * * ?\" }", "snapshot", "2026-03-27T12:00:00Z", 4);

        Assert.Equal(
            [At("2026-03-28T01:30:00Z"), At("2026-03-29T01:00:00Z"), At("2026-03-30T00:30:00Z"), At("2026-03-31T00:30:00Z")],
            fires);
        var local = TimeZoneInfo.ConvertTime(fires[1], TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        Assert.Equal(new TimeSpan(2, 0, 0), local.TimeOfDay);
    }

    [Fact]
    public void DefaultSchedules_AreMonday0700_Daily0030_Monday0600()
    {
        var plan = SchedulePlan.Build(JobsConfigReader.Read(TestConfigs.Parse(TestConfigs.OneStream("publish: [ { kind: database } ]"))));

        Assert.Equal(
            ["cron \"0 30 0 * * ?\" in Europe/London", "cron \"0 0 7 ? * MON\" in Europe/London", "cron \"0 0 6 ? * MON\" in Europe/London"],
            plan.Select(p => p.Schedule));
        Assert.All(plan, p => Assert.True(p.Job.RequestsRecovery));
        Assert.All(plan, p => Assert.True(p.Job.Durable));
    }

    private static List<DateTimeOffset> FireTimes(string streamYaml, string kind, string from, int count)
    {
        var extra = kind == "publish" ? streamYaml + "\npublish: [ { kind: database } ]" : streamYaml;
        var plan = SchedulePlan.Build(JobsConfigReader.Read(TestConfigs.Parse(TestConfigs.OneStream(extra))));
        var start = At(from);
        var trigger = plan.Single(p => p.Kind == kind).Trigger.GetTriggerBuilder().StartAt(start).Build();
        var fires = new List<DateTimeOffset>();
        DateTimeOffset? at = start;
        for (var i = 0; i < count; i++)
        {
            at = trigger.GetFireTimeAfter(at);
            fires.Add(at!.Value.ToUniversalTime());
        }

        return fires;
    }

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();
}
