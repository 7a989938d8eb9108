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

/// <summary>Issue 13 item 8 in the report: the CFD chart follows cfdStart and cfdDone (the rule of the metrics table, CfdView).</summary>
public class CfdReportTests
{
    private static PmoFlow.Reporting.Model.ReportChart Cfd(params string[] overrides)
    {
        var stream = StreamKit.Stream() is var s ? s with { Options = PmoFlow.Core.Model.FlowOptionNames.Resolve(s.Options, null, overrides) } : null!;
        var report = StreamReportFactory.Create(
            new StreamReportRequest { Stream = stream, Week = new DateOnly(2024, 1, 31), AsOf = StreamKit.At(2, 10, 12), TrailingWeeks = 1, MaxDegreeOfParallelism = 1 },
            StreamKit.TwoWeeks().Items,
            StreamKit.TwoWeeks().Events);
        return report.Model.AllCharts().Single(c => c.Id == "cfd");
    }

    private static double[] Data(PmoFlow.Reporting.Model.ReportChart chart, string name) =>
        [.. chart.Option["series"]!.AsArray().Single(x => x!["name"]!.GetValue<string>() == name)!["data"]!.AsArray().Select(v => v!.GetValue<double>())];

    [Fact]
    public void CfdStartWindow_DoneCountsFromTheWindow_CfdDoneHide_NoDoneArea()
    {
        // One trailing week, 29 Jan .. 4 Feb. Done by 28 Jan: A. Done (cumulative) 29 Jan: A, C → 2; 4 Feb: A, B, C, D → 4.
        var first = Cfd();
        var window = Cfd("cfdStart=window");
        var hidden = Cfd("cfdDone=hide");

        Assert.Equal((2.0, 4.0), (Data(first, "Done")[0], Data(first, "Done")[^1]));
        // From the window: A leaves every band, so the done area holds the week's completions: C, then B, C, D.
        Assert.Equal((1.0, 3.0), (Data(window, "Done")[0], Data(window, "Done")[^1]));
        // The bands above keep their heights (items in each stage): 4 Feb Review 0, Doing 1 (E), Backlog 1 (F).
        foreach (var stage in new[] { "Backlog", "Doing", "Review" })
        {
            Assert.Equal(Data(first, stage), Data(window, stage));
            Assert.Equal(Data(first, stage), Data(hidden, stage));
        }

        Assert.Equal((1.0, 1.0, 0.0), (Data(first, "Backlog")[^1], Data(first, "Doing")[^1], Data(first, "Review")[^1]));
        Assert.DoesNotContain(hidden.Option["series"]!.AsArray(), x => x!["name"]!.GetValue<string>() == "Done");
    }
}
