using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Streams;

namespace PmoFlow.Reporting.Tests.Streams;

public class StreamReportFactoryTests
{
    private static readonly DateTimeOffset AfterTheWeek = StreamKit.At(2, 10, 12);

    private static StreamReport Build(StreamKit.History h, DateTimeOffset asOf, DateOnly? week = null, string? attribution = null) =>
        StreamReportFactory.Create(
            new StreamReportRequest
            {
                Stream = StreamKit.Stream(),
                Week = week ?? new DateOnly(2024, 1, 31),
                AsOf = asOf,
                Attribution = attribution,
                MaxDegreeOfParallelism = 1,
            },
            h.Items,
            h.Events);

    private static HeadlineFigure Headline(ReportModel model, HeadlineMetric metric) => model.Headlines.Single(x => x.Metric == metric);

    [Fact]
    public void Create_TwoWeeks_HeadlinesMatchTheHandWorkedFigures()
    {
        var report = Build(StreamKit.TwoWeeks(), AfterTheWeek);
        var m = report.Model;

        Assert.Equal("2024-W05", m.Period.Label);
        Assert.Equal(new DateOnly(2024, 1, 29), m.Period.From);
        Assert.Equal("2024-W04", m.PreviousPeriod!.Label);

        // W05: B, C, D done (3). Cycle times {8, 1, 3}; nearest rank P50 = 2nd of 3 = 3, P85 = ceil(2.55) = 3rd = 8.
        Assert.Equal(3, Headline(m, HeadlineMetric.Throughput).Value);
        Assert.Equal(3, Headline(m, HeadlineMetric.CycleTimeP50).Value);
        Assert.Equal(8, Headline(m, HeadlineMetric.CycleTimeP85).Value);

        // WIP at the end of Sunday Feb 4: only E.
        Assert.Equal(1, Headline(m, HeadlineMetric.Wip).Value);

        // Active ÷ flow time over B, C, D: (2 + 1/3 + 2) ÷ (7 + 1/3 + 2) = 13/28.
        Assert.Equal(13.0 / 28, Headline(m, HeadlineMetric.FlowEfficiency).Value!.Value, 6);

        // SLE 5 (configured): C (1) and D (3) within it, B (8) not: 2/3.
        Assert.Equal(2.0 / 3, Headline(m, HeadlineMetric.SleAttainment).Value!.Value, 9);
    }

    [Fact]
    public void Create_TwoWeeks_PreviousWeekMatchesTheHandWorkedFigures()
    {
        var m = Build(StreamKit.TwoWeeks(), AfterTheWeek).Model;

        // W04: A done (cycle time 3, all active), B and E in progress at the end of Sunday Jan 28.
        Assert.Equal(1, Headline(m, HeadlineMetric.Throughput).Previous);
        Assert.Equal(3, Headline(m, HeadlineMetric.CycleTimeP50).Previous);
        Assert.Equal(3, Headline(m, HeadlineMetric.CycleTimeP85).Previous);
        Assert.Equal(2, Headline(m, HeadlineMetric.Wip).Previous);
        Assert.Equal(1.0, Headline(m, HeadlineMetric.FlowEfficiency).Previous!.Value, 9);
        Assert.Equal(1.0, Headline(m, HeadlineMetric.SleAttainment).Previous);

        // 3 vs 1 items: up and better; WIP 1 vs 2: down and better; P85 8 vs 3: up and worse.
        Assert.Equal(ChangeAssessment.Better, Headline(m, HeadlineMetric.Throughput).Change.Assessment);
        Assert.Equal(ChangeAssessment.Better, Headline(m, HeadlineMetric.Wip).Change.Assessment);
        Assert.Equal(ChangeAssessment.Worse, Headline(m, HeadlineMetric.CycleTimeP85).Change.Assessment);
    }

    [Fact]
    public void Create_HeadlineValues_EqualTheFlowAnalysisFigures()
    {
        var report = Build(StreamKit.TwoWeeks(), AfterTheWeek);

        Assert.Equal(report.Current.Throughput, (int?)report.Inputs.Current.Throughput);
        Assert.Equal(FlowMapping.PercentileOf(report.Current.CycleTime, 50), report.Inputs.Current.CycleTimeP50);
        Assert.Equal(FlowMapping.PercentileOf(report.Current.CycleTime, 85), report.Inputs.Current.CycleTimeP85);
        Assert.Equal(report.Current.Wip[^1].Items, report.Inputs.Current.Wip);
        Assert.Equal(report.Current.FlowEfficiency.Stream, report.Inputs.Current.FlowEfficiency);
        Assert.Equal(report.Previous.Throughput, (int?)report.Inputs.Previous.Throughput);
        Assert.Equal(report.Previous.Wip[^1].Items, report.Inputs.Previous.Wip);
        Assert.Equal(new FlowWindow(new DateOnly(2024, 1, 29), new DateOnly(2024, 2, 4)), report.Current.Window);
        Assert.Equal(new FlowWindow(new DateOnly(2024, 1, 22), new DateOnly(2024, 1, 28)), report.Previous.Window);
    }

    [Fact]
    public void Create_ItemReopenedAfterThePreviousWeek_PreviousWeekUsesOnlyWhatWasKnownThen()
    {
        // A is reopened on Jan 31 and done again on Feb 2: today its Done is Feb 2 (W05), but at the end of W04 it was
        // done on Jan 24. The previous week is computed as of its own end, so it still counts A.
        var h = StreamKit.TwoWeeks();
        var events = h.Events.Concat(
        [
            new FlowEvent("tracker", "A", "A-r1", StreamKit.At(1, 31, 9), EventKind.Status, "Done", "In Progress"),
            new FlowEvent("tracker", "A", "A-r2", StreamKit.At(2, 2, 9), EventKind.Status, "In Progress", "Done"),
        ]).ToList();
        var report = StreamReportFactory.Create(
            new StreamReportRequest { Stream = StreamKit.Stream(), Week = new DateOnly(2024, 1, 31), AsOf = AfterTheWeek },
            h.Items,
            events);

        Assert.Equal(1, report.Inputs.Previous.Throughput); // A, as known on Jan 28
        Assert.Equal(4, report.Inputs.Current.Throughput); // B, C, D and A again
    }

    [Fact]
    public void Create_EventsAfterThePreviousWeek_DoNotChangeItsFigures()
    {
        var full = Build(StreamKit.TwoWeeks(), AfterTheWeek);

        // Only the events up to the end of W04: the previous week's headlines must be the same.
        var h = StreamKit.TwoWeeks();
        var cut = StreamKit.At(1, 29, 0);
        var early = StreamReportFactory.Create(
            new StreamReportRequest { Stream = StreamKit.Stream(), Week = new DateOnly(2024, 1, 31), AsOf = AfterTheWeek },
            h.Items.Where(i => i.Created < cut),
            h.Events.Where(e => e.At < cut));

        Assert.Equal(full.Inputs.Previous, early.Inputs.Previous);
    }

    [Fact]
    public void Create_WeekNotOver_FiguresRunToTheAsOfInstantWithAWarning()
    {
        // As of Wednesday Jan 31 12:00: C (Jan 29) and B (Jan 30) done; D (started Jan 30) and E in progress.
        var report = Build(StreamKit.TwoWeeks(), StreamKit.At(1, 31, 12));

        Assert.Equal(2, report.Inputs.Current.Throughput);
        Assert.Equal(2, report.Inputs.Current.Wip);
        Assert.Equal(new DateOnly(2024, 1, 31), report.Current.Window.To);
        Assert.Equal("partial-period", report.Model.Warnings[0].Code);
    }

    [Fact]
    public void Create_WeekNotBegun_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Build(StreamKit.TwoWeeks(), StreamKit.At(1, 28, 23)));
        Assert.Contains("has not begun", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TwoWeeks_TablesHoldTheAgeingAndBlockedItem()
    {
        var report = Build(StreamKit.TwoWeeks(), AfterTheWeek);

        // E: started Jan 26, as of Feb 4: 4 Feb - 26 Jan + 1 = 10 days, 5 over the SLE of 5.
        var ageing = Assert.Single(report.Inputs.Ageing);
        Assert.Equal(("E", "Doing", 10.0), (ageing.Key, ageing.Stage, ageing.AgeDays));
        var beyond = report.Model.AllTables().Single(t => t.Id == "items-beyond-sle");
        Assert.Equal(["E", "Payment provider", "Doing", "10", "5"], Assert.Single(beyond.Rows));

        // Blocked Feb 2 12:00 until the end of Feb 4 (one tick before midnight): 2.5 days.
        var blocked = Assert.Single(report.Inputs.Blocked);
        Assert.Equal(("E", new DateOnly(2024, 2, 2), 2.5, "Waiting for vendor"), (blocked.Key, blocked.BlockedSince, blocked.BlockedDays, blocked.Reason));
    }

    [Fact]
    public void Create_Unblocked_NotInTheBlockedTable()
    {
        var h = StreamKit.TwoWeeks().Flag("E", StreamKit.At(2, 3, 8), blocked: false);
        Assert.Empty(Build(h, AfterTheWeek).Inputs.Blocked);
    }

    [Fact]
    public void Create_TwoWeeks_ChartSeriesComeFromTheTrailingWeeks()
    {
        var report = Build(StreamKit.TwoWeeks(), AfterTheWeek);
        var inputs = report.Inputs;

        // 12 trailing weeks end on Feb 4: from Nov 13, 2023 (84 days).
        Assert.Equal(new FlowWindow(new DateOnly(2023, 11, 13), new DateOnly(2024, 2, 4)), report.Trailing.Window);
        Assert.Equal(84, inputs.Throughput.Count);
        Assert.Equal(4, inputs.Throughput.Sum(t => t.Value)); // A, B, C, D
        Assert.Equal(["A", "B", "C", "D"], inputs.CycleTimes.Select(c => c.Key).Order());
        Assert.Equal(8, inputs.CycleTimes.Single(c => c.Key == "B").Days);
        Assert.Equal(new DateOnly(2024, 1, 30), inputs.CycleTimes.Single(c => c.Key == "B").Done);
        Assert.Equal(["Doing", "Review"], inputs.InProgressStages);
        Assert.Equal(5, inputs.WipLimit); // 3 + 2
        Assert.Equal(5, inputs.SleDays);
        Assert.Equal(["Backlog", "Doing", "Review", "Done"], inputs.Cfd.Select(b => b.Stage));

        // Done band on Feb 4: 4 items done; Doing band (reached Doing or later): A, B, C, D, E = 5.
        Assert.Equal(4, inputs.Cfd[3].Points[^1].Value);
        Assert.Equal(5, inputs.Cfd[1].Points[^1].Value);

        // Review: only B waited there, 5 days (Jan 25 10:00 to Jan 30 10:00).
        var wait = Assert.Single(inputs.StageWaits);
        Assert.Equal(("Review", 5.0, 1), (wait.Stage, wait.TotalWaitDays, wait.Items));
        Assert.Contains(inputs.Waste, w => w.Stage == "Review" && w.Category == "waiting" && w.Days == 5);
        Assert.Contains(inputs.Waste, w => w.Stage == "Doing" && w.Category == "beyond SLE" && w.Days == 5);
    }

    [Fact]
    public void Create_TwoWeeks_ForecastsTheOpenItemsAndFourWeeksAhead()
    {
        var report = Build(StreamKit.TwoWeeks(), AfterTheWeek);

        // Open: E (in progress) and F (backlog). Today = Feb 4; 90 sampled days Nov 6 .. Feb 3 hold 4 completions.
        var when = Assert.IsType<Core.Forecasting.WhenForecast>(report.When);
        Assert.Equal(90, when.Inputs.Sample.WorkingDays);
        Assert.Equal(4, when.Inputs.Sample.Completions);
        var view = report.Inputs.Forecasts[0];
        Assert.Equal(2, view.When!.Items);
        Assert.Equal(new DateOnly(2024, 3, 3), view.When.Deadline); // Feb 4 + 28 days
        // The report answers with the default engine, as every door does: exact here, its shares scaled to a million.
        Assert.Equal(Core.Forecasting.ForecastEngine.Exact, when.Inputs.Engine);
        Assert.InRange(view.When.Dates.Sum(d => d.Trials), 999_000, 1_000_000);
        Assert.Equal(when.Overall!.DeadlineProbability, view.When.DeadlineProbability);
        Assert.Contains(view.Warnings!, w => w.Contains("Only 4 completions", StringComparison.Ordinal));

        var howMany = report.Inputs.Forecasts[1].HowMany!;
        Assert.Equal(new DateOnly(2024, 3, 3), howMany.By);
        Assert.InRange(howMany.Counts.Sum(c => c.Trials), 999_000, 1_000_000);
        Assert.Equal(report.HowMany.Percentiles.Select(p => (double)p.Items), howMany.Percentiles.Select(p => p.Value));
    }

    [Fact]
    public void Create_SameSeed_SameReport()
    {
        var a = Build(StreamKit.TwoWeeks(), AfterTheWeek);
        var b = Build(StreamKit.TwoWeeks(), AfterTheWeek);
        Assert.Equal(
            PmoFlow.Reporting.Rendering.JsonReportRenderer.Render(a.Model),
            PmoFlow.Reporting.Rendering.JsonReportRenderer.Render(b.Model));
    }

    [Fact]
    public void Create_Empty_NoDataEverywhereAndNoException()
    {
        var report = Build(new StreamKit.History(), AfterTheWeek);

        Assert.All(report.Model.Headlines, h => Assert.Null(h.Value));
        Assert.All(report.Model.Headlines, h => Assert.Null(h.Previous));
        Assert.Empty(report.Inputs.CycleTimes);
        Assert.Null(report.When);
        Assert.Contains(report.Model.Sections.Single(s => s.Id == "forecasts").Notes, n => n.Contains("cannot forecast", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_OneItemDoneInTheWeek_ThroughputOneAndItsCycleTime()
    {
        var h = new StreamKit.History().Item("C", StreamKit.At(1, 29, 8), "Only one", (StreamKit.At(1, 29, 9), "In Progress"), (StreamKit.At(1, 30, 17), "Done"));
        var report = Build(h, AfterTheWeek);

        Assert.Equal(1, report.Inputs.Current.Throughput);
        Assert.Equal(2, report.Inputs.Current.CycleTimeP50); // Jan 30 - Jan 29 + 1
        Assert.Equal(0, report.Inputs.Previous.Throughput); // there were items then? no: C was created in W05
        Assert.Null(report.Inputs.Previous.CycleTimeP50);
        Assert.Null(report.When); // nothing open
    }

    [Fact]
    public void Create_Attribution_IsPassedToTheModel()
    {
        var report = Build(StreamKit.TwoWeeks(), AfterTheWeek, attribution: Attributions.ApacheJira("OFBiz"));
        Assert.Equal("Data: Apache OFBiz Jira, via Montgomery, Lüders & Maalej (MSR 2022), CC BY 4.0", report.Model.Attribution);
    }

    [Fact]
    public void Create_UnmappedStatus_BecomesADataQualityWarning()
    {
        var h = new StreamKit.History()
            .Item("X", StreamKit.At(1, 29, 8), "Odd", (StreamKit.At(1, 29, 9), "Triage"));
        var report = Build(h, AfterTheWeek);

        var warning = report.Model.Warnings.Single(w => w.Code == "unmapped-status");
        Assert.Contains("'Triage'", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, warning.ItemCount);
    }

    [Fact]
    public void Create_OtherSourcesEvents_AreLeftOut()
    {
        var h = StreamKit.TwoWeeks();
        var foreign = new FlowEvent("other", "Z", "Z-1", StreamKit.At(1, 30, 9), EventKind.Status, "In Progress", "Done");
        var report = StreamReportFactory.Create(
            new StreamReportRequest { Stream = StreamKit.Stream(), Week = new DateOnly(2024, 1, 31), AsOf = AfterTheWeek },
            h.Items,
            h.Events.Append(foreign));

        Assert.Equal(3, report.Inputs.Current.Throughput);
        Assert.DoesNotContain(report.Trailing.Items, i => i.Key == "Z");
    }
}

public class ReportWriterFormatsTests
{
    [Fact]
    public async Task WriteAsync_MarkdownAndCsvOnly_WritesJustThose()
    {
        var dir = Directory.CreateTempSubdirectory("pmoflow-formats-").FullName;
        try
        {
            var model = ReportBuilder.Build(Support.SampleReports.Small());
            var written = await ReportWriter.WriteAsync(model, dir, ReportFormats.Markdown | ReportFormats.Csv);

            Assert.Equal(
                ["report.md", "items-beyond-sle.csv", "blocked-items.csv", "longest-waiting-stages.csv"],
                written.Select(Path.GetFileName));
            Assert.Equal(written.Order(), Directory.GetFiles(dir).Order());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task WriteAsync_NoFormat_Throws() =>
        await Assert.ThrowsAsync<ArgumentException>(() =>
            ReportWriter.WriteAsync(ReportBuilder.Build(Support.SampleReports.Small()), Path.GetTempPath(), ReportFormats.None));
}
