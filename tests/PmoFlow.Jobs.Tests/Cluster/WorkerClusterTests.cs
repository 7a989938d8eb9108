using System.Globalization;
using PmoFlow.Jobs.Tests.Support;
using PmoFlow.Testing;
using Quartz;
using Xunit.Abstractions;

namespace PmoFlow.Jobs.Tests.Cluster;

/// <summary>
/// Real worker processes (src/PmoFlow.Worker) on one database, a report every few seconds
/// (<c>period: schedule</c>, so every fire is its own period), folder and database publishers.
/// </summary>
public sealed class WorkerClusterTests(ITestOutputHelper output)
{
    private const string Every3Seconds = "0/3 * * * * ?";

    [Fact]
    public async Task TwoWorkers_FastSchedule_EveryPeriodPublishedExactlyOnce()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = TestConfigs.NewFolder();
        var config = TestConfigs.Write(folder, Yaml(Every3Seconds));
        using var w1 = WorkerProcess.Start(config, db.ConnectionString, "w1");
        using var w2 = WorkerProcess.Start(config, db.ConnectionString, "w2");
        string Diagnostics() => $"w1:\n{w1.Output}\nw2:\n{w2.Output}";

        await Wait.UntilAsync(
            async () => await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM reports") >= 6,
            TimeSpan.FromSeconds(60),
            "six reports",
            Diagnostics);
        await Wait.UntilAsync(
            async () => await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM qrtz_scheduler_state") == 2,
            TimeSpan.FromSeconds(10),
            "both workers checked in to the cluster",
            Diagnostics);
        w1.Kill();
        w2.Kill();
        output.WriteLine(Diagnostics());

        // Every publish fire ran to success exactly once in the cluster.
        var duplicateRuns = await Sql.CountAsync(db.DataSource, """
            SELECT count(*) FROM (
              SELECT scheduled_fire_at FROM job_runs WHERE kind = 'publish' AND status = 'succeeded'
              GROUP BY scheduled_fire_at HAVING count(*) > 1) d
            """);
        Assert.Equal(0, duplicateRuns);

        // Each (period, publisher) was delivered by exactly one outcome record.
        var deliveries = await Sql.RowsAsync(db.DataSource, "SELECT period_key, publisher, status, attempts FROM deliveries ORDER BY period_key, publisher");
        var delivered = deliveries.Where(r => (string)r[2]! == "delivered").ToList();
        Assert.All(delivered, r => Assert.Equal(1, (int)r[3]!));
        Assert.DoesNotContain(deliveries, r => (string)r[2]! == "failed");
        // Killing the workers at the end may interrupt the last period's deliveries (left pending, for the next run);
        // every earlier period is complete: both publishers delivered.
        var periods = delivered.Select(r => (string)r[0]!).Distinct().Order(StringComparer.Ordinal).ToList();
        var interrupted = deliveries.Where(r => (string)r[2]! == "pending").Select(r => (string)r[0]!).Distinct().ToList();
        Assert.True(interrupted.Count <= 1, $"pending deliveries in several periods: {string.Join(",", interrupted)}");
        var complete = periods.Except(interrupted).ToList();
        Assert.True(complete.Count >= 5, $"only {complete.Count} complete periods");
        Assert.All(complete, p => Assert.Equal(2, delivered.Count(r => (string)r[0]! == p)));
        Assert.All(interrupted, p => Assert.Equal(periods.Concat(interrupted).Max(StringComparer.Ordinal), p));

        // No period skipped: the keys are consecutive fire times of the schedule.
        var cron = new CronExpression(Every3Seconds);
        for (var i = 1; i < periods.Count; i++)
        {
            var previous = ParseKey(periods[i - 1]);
            Assert.Equal(cron.GetNextValidTimeAfter(previous), ParseKey(periods[i]));
        }

        // The database publisher is transactional: one report row exactly for each period it delivered.
        var reportKeys = (await Sql.RowsAsync(db.DataSource, "SELECT period_key FROM reports")).Select(r => (string)r[0]!).ToHashSet();
        var databaseDelivered = delivered.Where(r => (string)r[1]! == "database").Select(r => (string)r[0]!).ToHashSet();
        Assert.True(reportKeys.SetEquals(databaseDelivered), $"reports {string.Join(",", reportKeys)} vs delivered {string.Join(",", databaseDelivered)}");

        // One folder per period (a worker killed at the end may have renamed one before recording it), no temporaries.
        var allPeriods = deliveries.Select(r => (string)r[0]!).ToHashSet();
        var folders = Directory.GetDirectories(Path.Combine(folder, "out", "delivery")).Select(d => Path.GetFileName(d)!).ToHashSet();
        Assert.DoesNotContain(folders, f => f.StartsWith(".tmp-", StringComparison.Ordinal));
        Assert.True(folders.IsSubsetOf(allPeriods), $"unexpected folders: {string.Join(",", folders.Except(allPeriods))}");
        Assert.All(complete, p => Assert.True(File.Exists(Path.Combine(folder, "out", "delivery", p, "report.md")), $"no report.md for {p}"));
    }

    [Fact]
    public async Task WorkerKilledMidDelivery_AnotherWorkerRecoversIt_StillOneReport()
    {
        await using var db = await TestDatabase.CreateAsync();
        var folder = TestConfigs.NewFolder();
        var config = TestConfigs.Write(folder, Yaml("0/5 * * * * ?"));
        using var slow = WorkerProcess.Start(config, db.ConnectionString, "slow", "--test-delay-before-delivery", "60s");
        string Diagnostics() => $"slow:\n{slow.Output}";

        // The slow worker is inside its first delivery: run recorded, ledger row locked and pending.
        await Wait.UntilAsync(
            async () => await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM deliveries WHERE status = 'pending'") > 0
                && await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM job_runs WHERE instance_id = 'slow' AND status = 'running'") > 0,
            TimeSpan.FromSeconds(60),
            "the slow worker to start a delivery",
            Diagnostics);
        var killed = await Sql.RowsAsync(db.DataSource, "SELECT scheduled_fire_at FROM job_runs WHERE instance_id = 'slow' AND status = 'running'");
        var killedFire = (DateTime)killed.Single()[0]!;
        var killedPeriod = new DateTimeOffset(killedFire, TimeSpan.Zero).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

        using var rescuer = WorkerProcess.Start(config, db.ConnectionString, "rescuer");
        string Both() => $"{Diagnostics()}\nrescuer:\n{rescuer.Output}";
        await Wait.UntilAsync(
            async () => await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM qrtz_scheduler_state WHERE instance_name = 'rescuer'") == 1,
            TimeSpan.FromSeconds(30),
            "the rescuer to join the cluster",
            Both);
        slow.Kill();

        await Wait.UntilAsync(
            async () => await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM deliveries WHERE period_key = $1 AND status = 'delivered'", killedPeriod) == 2,
            TimeSpan.FromSeconds(45),
            $"the killed period {killedPeriod} to be delivered by the rescuer",
            Both);
        rescuer.Kill();
        output.WriteLine(Both());

        var runs = await Sql.RowsAsync(db.DataSource, "SELECT instance_id, status, recovering FROM job_runs WHERE kind = 'publish' AND scheduled_fire_at = $1 ORDER BY id", killedFire);
        Assert.Equal(("slow", "abandoned", false), ((string)runs[0][0]!, (string)runs[0][1]!, (bool)runs[0][2]!));
        Assert.Equal(("rescuer", "succeeded", true), ((string)runs[1][0]!, (string)runs[1][1]!, (bool)runs[1][2]!));
        Assert.Equal(2, runs.Count);
        Assert.Equal(1, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM reports WHERE period_key = $1", killedPeriod));
        Assert.Equal(2, await Sql.CountAsync(db.DataSource, "SELECT count(*) FROM deliveries WHERE period_key = $1 AND attempts = 1", killedPeriod));
        Assert.True(File.Exists(Path.Combine(folder, "out", "delivery", killedPeriod, "report.md")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(folder, "out", "delivery"), ".tmp-*"));
    }

    private static string Yaml(string cron) => TestConfigs.OneStream($$"""
        schedule: { report: "{{cron}}", snapshot: off, forecastCheck: off }
        report: { period: schedule }
        publish:
          - { kind: folder, path: out }
          - { kind: database }
        """);

    private static DateTimeOffset ParseKey(string key) =>
        new(DateTime.ParseExact(key, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}
