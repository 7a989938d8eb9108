using PmoFlow.Reporting.Streams;

namespace PmoFlow.Reporting.Tests.Streams;

/// <summary>Issue 13 item 3 in the report: a week long after the last completion says the data is old.</summary>
public class OldDataReportTests
{
    private static StreamReport Build(DateOnly week, DateTimeOffset asOf) =>
        StreamReportFactory.Create(
            new StreamReportRequest { Stream = StreamKit.Stream(), Week = week, AsOf = asOf, MaxDegreeOfParallelism = 1 },
            StreamKit.TwoWeeks().Items,
            StreamKit.TwoWeeks().Events);

    [Fact]
    public void AWeekMonthsAfterTheLastCompletion_WarnsFirstWithTheAsOfAndWeekToUse()
    {
        // Two weeks' data: the last completion is D on Thursday 2024-02-01 (week 2024-W05). Week 2024-W36 ends Sunday
        // 8 September: Feb 1 → Sep 8, 2024 = 29 + 31 + 30 + 31 + 30 + 31 + 31 + 7 = 220 days.
        var report = Build(new DateOnly(2024, 9, 4), StreamKit.At(9, 10, 12));
        var recent = Build(new DateOnly(2024, 1, 31), StreamKit.At(2, 10, 12));

        var first = report.Model.Warnings[0];
        Assert.Equal("old-data", first.Code);
        Assert.Equal("The data is old: last completion 2024-02-01, 220 days ago; use --as-of 2024-02-01 (or --week 2024-W05).", first.Message);
        Assert.DoesNotContain(recent.Model.Warnings, w => w.Code == "old-data");
    }
}
