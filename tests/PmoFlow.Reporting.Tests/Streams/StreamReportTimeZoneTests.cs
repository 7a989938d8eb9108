using PmoFlow.Reporting.Streams;

namespace PmoFlow.Reporting.Tests.Streams;

public class StreamReportTimeZoneTests
{
    [Fact]
    public void Create_LondonWeekEndingOnTheDstSunday_CompletionsBucketedByLocalDay()
    {
        // W13 is Mon 25 March .. Sun 31 March 2024; clocks go forward on the Sunday.
        // P: done Sun 31 March 23:30 BST (22:30Z): Sunday, so W13.
        // Q: done Sun 31 March 23:30Z = Mon 1 April 00:30 BST: W14, not in W13 although it is "March 31" in UTC.
        var h = new StreamKit.History()
            .Item("P", StreamKit.At(3, 25, 8), "p", (StreamKit.At(3, 25, 9), "In Progress"), (StreamKit.At(3, 31, 22, 30), "Done"))
            .Item("Q", StreamKit.At(3, 25, 8), "q", (StreamKit.At(3, 25, 9), "In Progress"), (StreamKit.At(3, 31, 23, 30), "Done"));
        var report = StreamReportFactory.Create(
            new StreamReportRequest { Stream = StreamKit.Stream("Europe/London"), Week = new DateOnly(2024, 3, 27), AsOf = StreamKit.At(4, 10, 0) },
            h.Items,
            h.Events);

        Assert.Equal("2024-W13", report.Model.Period.Label);
        Assert.Equal(1, report.Inputs.Current.Throughput);
        Assert.Equal(7, report.Inputs.Current.CycleTimeP50); // 31 - 25 + 1
        Assert.Equal(1, report.Inputs.Current.Wip); // Q still in progress at the end of the Sunday, local time
        Assert.Equal(new DateTimeOffset(2024, 3, 31, 23, 0, 0, TimeSpan.Zero).AddTicks(-1), report.Current.AsOf);
    }
}
