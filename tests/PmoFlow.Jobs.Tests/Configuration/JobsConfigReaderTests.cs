using PmoFlow.Streams.Configuration;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Tests.Support;

namespace PmoFlow.Jobs.Tests.Configuration;

public sealed class JobsConfigReaderTests
{
    private const string Head = """
        streams:
          - name: delivery
            timeZone: Europe/London
            stages:
              - { name: Todo, category: backlog }
              - { name: Done, category: done }

        """;

    [Fact]
    public void Read_StreamWithoutSchedulerKeys_DefaultsAndNoPublishers()
    {
        var jobs = Read(Head);

        var stream = jobs.Streams.Single();
        Assert.Equal(new StreamSchedule("0 0 7 ? * MON", "0 30 0 * * ?", "0 0 6 ? * MON"), stream.Schedule);
        Assert.Equal(PeriodGranularity.Week, stream.Period);
        Assert.Empty(stream.Publishers);
        Assert.Empty(jobs.Sources);
    }

    [Fact]
    public void Read_FullStream_SchedulesPeriodAndPublishers()
    {
        var folder = TestConfigs.NewFolder();
        var jobs = Read(Head + """
                schedule: { report: "0 0 9 ? * FRI", snapshot: off, forecastCheck: "0 0 5 * * ?" }
                report: { period: day }
                publish:
                  - { kind: folder, path: reports }
                  - { kind: webhook, url: "https://hooks.slack.com/...", format: slack, secretEnv: SLACK_WEBHOOK, retries: 5, timeout: 3s, retryDelay: 250ms }
                  - { kind: webhook, name: audit, url: "https://example.org/hook" }
                  - { kind: database }
            """, folder);

        var stream = jobs.Streams.Single();
        Assert.Equal(new StreamSchedule("0 0 9 ? * FRI", null, "0 0 5 * * ?"), stream.Schedule);
        Assert.Equal(PeriodGranularity.Day, stream.Period);
        Assert.Equal(["folder", "webhook", "audit", "database"], stream.Publishers.Select(p => p.Name));
        Assert.Equal(Path.Combine(folder, "reports"), ((FolderPublisherConfig)stream.Publishers[0]).Path);
        var slack = (WebhookPublisherConfig)stream.Publishers[1];
        Assert.Equal((WebhookFormat.Slack, "SLACK_WEBHOOK", 5, TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(250)), (slack.Format, slack.SecretEnv, slack.Retries, slack.Timeout, slack.RetryDelay));
        Assert.Equal("URL from $SLACK_WEBHOOK", slack.SafeDescription);
        var audit = (WebhookPublisherConfig)stream.Publishers[2];
        Assert.Equal((WebhookFormat.Json, 3, TimeSpan.FromSeconds(10)), (audit.Format, audit.Retries, audit.Timeout));
        Assert.Equal("https://example.org/…", audit.SafeDescription);
    }

    [Fact]
    public void Read_ReportDashboard_NamesTheSavedDashboard()
    {
        Assert.Equal("Weekly ops", Read(Head + "    report: { period: week, dashboard: Weekly ops }\n").Streams.Single().Dashboard);
        Assert.Null(Read(Head + "    report: { period: week }\n").Streams.Single().Dashboard);
    }

    [Theory]
    [InlineData("interval: 15m", 15 * 60, null)]
    [InlineData("interval: 30s", 30, null)]
    [InlineData("", 3600, null)]
    [InlineData("schedule: \"0 0/10 * * * ?\"", null, "0 0/10 * * * ?")]
    [InlineData("interval: off", null, null)]
    public void Read_SourceCadence_IntervalScheduleDefaultOrOff(string key, int? seconds, string? cron)
    {
        var jobs = Read(Head + $$"""
            sources:
              - { name: jira, kind: jira, {{(key.Length == 0 ? "timeZone: UTC" : key)}} }
            """);

        var source = jobs.Sources.Single();
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), source.Interval);
        Assert.Equal(cron, source.Cron);
        Assert.Equal(seconds is not null || cron is not null, source.Enabled);
    }

    [Theory]
    [InlineData("    schedule:\n      report: \"every monday\"\n", 8, "streams[0].schedule.report", "is not a Quartz cron expression")]
    [InlineData("    schedule:\n      reprot: \"0 0 7 ? * MON\"\n", 8, "streams[0].schedule.reprot", "unknown key")]
    [InlineData("    report:\n      period: fortnight\n", 8, "streams[0].report.period", "'fortnight' is not one of")]
    [InlineData("    publish:\n      - { kind: pigeon }\n", 8, "streams[0].publish[0].kind", "'pigeon' is not one of")]
    [InlineData("    publish:\n      - { kind: email }\n", 8, "streams[0].publish[0].host", "is required for an email publisher")]
    [InlineData("    publish:\n      - { kind: folder }\n", 8, "streams[0].publish[0].path", "is required")]
    [InlineData("    publish:\n      - { kind: webhook, format: slack }\n", 8, "streams[0].publish[0].url", "needs url, secretEnv or secretFile")]
    [InlineData("    publish:\n      - { kind: webhook, url: \"ftp://x\" }\n", 8, "streams[0].publish[0].url", "is not an http(s) URL")]
    [InlineData("    publish:\n      - { kind: webhook, url: \"https://x\", format: discord }\n", 8, "streams[0].publish[0].format", "'discord' is not one of")]
    [InlineData("    publish:\n      - { kind: webhook, url: \"https://x\", retries: 11 }\n", 8, "streams[0].publish[0].retries", "between 0 and 10")]
    [InlineData("    publish:\n      - { kind: database }\n      - { kind: database }\n", 9, "streams[0].publish[1].name", "two publishers are named 'database'")]
    [InlineData("    publish:\n      - { kind: folder, path: x, colour: red }\n", 8, "streams[0].publish[0].colour", "unknown key")]
    [InlineData("    schedule: { report: off }\n    report: { period: schedule }\n", 8, "streams[0].report", "needs a report schedule")]
    [InlineData("    report: { dashboard: \"a\\tb\" }\n", 7, "streams[0].report.dashboard", "must not hold control characters")]
    public void Read_MalformedStreamKey_ErrorNamesLineAndKey(string extra, int line, string key, string problem)
    {
        var ex = Assert.Throws<ConfigException>(() => Read(Head + extra));

        Assert.Equal(line, ex.Line);
        Assert.Equal(key, ex.Key);
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"{ex.File}:{line}: {key}: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ name: jira, kind: jira, interval: 15 minutes }", "sources[0].interval", "is not a duration")]
    [InlineData("{ name: jira, kind: jira, interval: 15m, schedule: \"0 * * * * ?\" }", "sources[0].schedule", "not both")]
    [InlineData("{ name: jira, kind: jira, schedule: \"61 * * * * ?\" }", "sources[0].schedule", "is not a Quartz cron expression")]
    public void Read_MalformedSourceKey_ErrorNamesLineAndKey(string source, string key, string problem)
    {
        var ex = Assert.Throws<ConfigException>(() => Read(Head + "sources:\n  - " + source + "\n"));

        Assert.Equal(8, ex.Line);
        Assert.Equal(key, ex.Key);
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
    }

    private static JobsConfig Read(string yaml, string? folder = null) => JobsConfigReader.Read(TestConfigs.Parse(yaml, folder));
}
