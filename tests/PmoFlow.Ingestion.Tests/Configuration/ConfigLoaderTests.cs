using PmoFlow.Core.Model;
using PmoFlow.Streams.Configuration;

namespace PmoFlow.Ingestion.Tests.Configuration;

public class ConfigLoaderTests
{
    private const string Valid = """
        streams:
          - name: delivery
            timeZone: Europe/London
            profile: jira-agile-metrics
            options:
              dayCount: inclusive
              percentiles: [50, 85]
            sources: [jira]
            sle: 12
            calendar:
              workingDays: [mon, tue, wed, thu, fri]
              holidays: [2026-12-25]
            stages:
              - { name: Backlog, category: backlog, statuses: [Open] }
              - { name: Doing, category: active, statuses: [In Progress, Reopened], wipLimit: 4 }
              - { name: Review, category: wait, statuses: [Patch Available] }
              - { name: Done, category: done, statuses: [Resolved, Closed] }
            commitmentPoint: Doing
        sources:
          - name: jira
            kind: csv
            events: events.csv
            columns:
              events: { item_key: issue_key, timestamp: event_time }
        """;

    [Fact]
    public void Parse_ValidFile_BuildsStreamWithProfileOverridesAndCalendar()
    {
        var config = ConfigLoader.Parse(Valid, "/tmp/x/pmoflow.yaml");

        var stream = config.Stream("delivery").Definition;
        Assert.Equal("Europe/London", stream.TimeZone.Id);
        Assert.Equal(4, stream.Workflow.Stages.Count);
        Assert.Equal(1, stream.EffectiveCommitmentStage);
        Assert.Equal(3, stream.EffectiveDeliveryStage); // first done stage
        Assert.Equal(1, stream.Workflow.StageOf("reopened")); // case-insensitive
        Assert.Equal(-1, stream.Workflow.StageOf("Unknown"));
        // jira-agile-metrics profile, with dayCount overridden back to inclusive.
        Assert.Equal(DayCount.Inclusive, stream.Options.DayCount);
        Assert.Equal(PercentileMethod.Linear, stream.Options.PercentileMethod);
        Assert.Equal([50.0, 85.0], stream.Options.Percentiles);
        Assert.False(stream.Calendar.IsWorkingDay(new DateOnly(2026, 12, 25)));
        Assert.False(stream.Calendar.IsWorkingDay(new DateOnly(2026, 12, 26))); // Saturday
        Assert.True(stream.Calendar.IsWorkingDay(new DateOnly(2026, 12, 24)));
        Assert.Equal(12, stream.SleDays);
        var csv = config.Source("jira").Csv!;
        Assert.Equal("/tmp/x/events.csv", csv.EventsPath);
        Assert.Equal("issue_key", csv.EventColumns["item_key"]);
    }

    [Theory]
    [InlineData("category: backlog,", "category: doing,", 14, "streams[0].stages[0].category", "'doing' is not one of")]
    [InlineData("timeZone: Europe/London", "timeZone: Mars/Olympus", 3, "streams[0].timeZone", "not a known IANA time zone")]
    [InlineData("profile: jira-agile-metrics", "profile: jam", 4, "streams[0].profile", "Unknown profile 'jam'")]
    [InlineData("dayCount: inclusive", "dayCount: sometimes", 6, "streams[0].options.dayCount", "not a valid dayCount")]
    [InlineData("sle: 12", "sel: 12", 9, "streams[0].sel", "unknown key")]
    [InlineData("commitmentPoint: Doing", "commitmentPoint: Nowhere", 18, "streams[0].commitmentPoint", "'Nowhere' is not a stage")]
    [InlineData("holidays: [2026-12-25]", "holidays: [25/12/2026]", 12, "streams[0].calendar.holidays", "not a date")]
    [InlineData("kind: csv", "kind: trello", 21, "sources[0].kind", "'trello' is not one of")]
    [InlineData("sources: [jira]", "sources: [github]", 8, "streams[0].sources", "no source named 'github'")]
    [InlineData("wipLimit: 4", "wipLimit: 0", 15, "streams[0].stages[1].wipLimit", "must be at least 1")]
    public void Parse_InvalidValue_ErrorNamesFileLineAndKey(string find, string replace, int line, string key, string problem)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        var yaml = Valid.Replace(find, replace, StringComparison.Ordinal);

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "pmoflow.yaml"));

        Assert.Equal(key, ex.Key);
        Assert.Equal(line, ex.Line);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith($"pmoflow.yaml:{line}: {key}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StatusMappedTwice_ErrorNamesBothStages()
    {
        var yaml = Valid.Replace("statuses: [Patch Available]", "statuses: [Open]", StringComparison.Ordinal);

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "pmoflow.yaml"));

        Assert.Contains("'Open' is mapped to both 'Backlog' and 'Review'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SyntaxError_ReportsLine()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("streams:\n  - name: [unclosed\n", "bad.yaml"));

        Assert.Equal("bad.yaml", ex.File);
        Assert.True(ex.Line >= 2, ex.Message);
    }

    [Fact]
    public void Load_MissingFile_SaysHowToCreateOne()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load("/nonexistent/pmoflow.yaml"));

        Assert.Contains("pmoflow init", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_SeveralStreamsWithoutName_AsksForOne()
    {
        // A second stream inserted before the sources section.
        var two = Valid.Replace("sources:\n  - name: jira", "  - name: second\n    stages:\n      - { name: Todo, category: backlog }\n      - { name: Fin, category: done }\nsources:\n  - name: jira", StringComparison.Ordinal);

        var config = ConfigLoader.Parse(two, "p.yaml");

        Assert.Equal(2, config.Streams.Count);
        var ex = Assert.Throws<ConfigException>(() => config.Stream(null));
        Assert.Contains("delivery, second", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["Todo"], config.Stream("SECOND").Definition.Workflow.Stages[0].Statuses);
    }
}
