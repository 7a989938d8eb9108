using PmoFlow.Jobs.Jobs;

namespace PmoFlow.Jobs.Tests.Jobs;

public sealed class JobFireTests
{
    [Theory]
    [InlineData("1774850400000")] // Unix milliseconds of 2026-03-30T06:00:00Z
    [InlineData("639104472000000000")] // .NET ticks of the same instant
    [InlineData("2026-03-30T06:00:00Z")]
    [InlineData("2026-03-30T07:00:00+01:00")]
    public void TryParseInstant_EachForm_SameInstant(string text)
    {
        Assert.True(JobFire.TryParseInstant(text, out var instant));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 6, 0, 0, TimeSpan.Zero), instant);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    public void TryParseInstant_NothingUsable_False(string? text)
    {
        Assert.False(JobFire.TryParseInstant(text, out _));
    }

    [Theory]
    [InlineData("publish.delivery", "publish", "delivery")]
    [InlineData("forecast-check.team.a", "forecast-check", "team.a")]
    [InlineData("ingest.jira", "ingest", "jira")]
    public void Parse_JobName_KindAndTarget(string name, string kind, string target)
    {
        Assert.Equal((kind, target), JobKinds.Parse(name));
    }

    [Theory]
    [InlineData("publish.")]
    [InlineData("report.delivery")]
    public void Parse_NotOurs_Null(string name)
    {
        Assert.Null(JobKinds.Parse(name));
    }
}
