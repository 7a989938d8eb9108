using FsCheck;
using FsCheck.Fluent;
using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>Days are local dates in the stream's zone; Europe/London's 2024 clock changes are the worked cases.</summary>
public class TimeZoneTests
{
    // 2024-03-31: London goes from GMT to BST at 01:00 UTC. 2024-10-27: back to GMT at 01:00 UTC.
    private static History SpringItem() => new History("L-1", "2024-03-30T12:00:00Z")
        .To("2024-03-30T23:30:00Z", "In Progress")   // local 2024-03-30 23:30 GMT
        .To("2024-03-31T23:30:00Z", "Done");         // local 2024-04-01 00:30 BST

    [Fact]
    public void CycleTime_LondonSpringForward_LocalDatesDiffer()
    {
        var london = Analyze(Stream(zone: "Europe/London"), "2024-04-05T00:00:00Z", SpringItem());
        var utc = Analyze(Stream(zone: "UTC"), "2024-04-05T00:00:00Z", SpringItem());
        var elapsed = Analyze(Stream(FlowOptions.PmoFlow with { TimeResolution = TimeResolution.Continuous }, "Europe/London"), "2024-04-05T00:00:00Z", SpringItem());

        Assert.Equal(3, london.Item("L-1").CycleTime);  // local 03-30 → 04-01: 2 + 1
        Assert.Equal(2, utc.Item("L-1").CycleTime);     // UTC 03-30 → 03-31: 1 + 1
        Assert.Equal(1.0, elapsed.Item("L-1").CycleTime); // exactly 24 h, whatever the zone
        Assert.Equal([D("2024-04-01")], london.CompletionDates);
        Assert.Equal(1, london.ThroughputDaily.Single(d => d.Date == D("2024-04-01")).Items);
        Assert.Equal(0, london.ThroughputDaily.Single(d => d.Date == D("2024-03-31")).Items);
    }

    [Fact]
    public void CycleTime_LondonFallBack_MidnightBstIsTheNewDay()
    {
        var h = new History("L-2", "2024-10-26T08:00:00Z")
            .To("2024-10-26T22:30:00Z", "In Progress")   // local 2024-10-26 23:30 BST
            .To("2024-10-26T23:30:00Z", "Done");         // local 2024-10-27 00:30 BST (an hour before the change)
        var a = Analyze(Stream(zone: "Europe/London"), "2024-10-28T00:00:00Z", h);

        Assert.Equal(2, a.Item("L-2").CycleTime);        // 10-26 → 10-27 locally, 1 + 1, though the same UTC date
        Assert.Equal([D("2024-10-27")], a.CompletionDates);
        // 2024-10-27 is 25 hours long in London: both 00:30 BST and 23:30 GMT fall on it.
        var late = new History("L-3", "2024-10-27T00:00:00Z").To("2024-10-27T23:30:00Z", "Done");
        var b = Analyze(Stream(zone: "Europe/London"), "2024-10-28T12:00:00Z", late);
        Assert.Equal([D("2024-10-27")], b.CompletionDates);
    }

    [Fact]
    public void WallClockDate_UsesTheTimestampsOwnOffset()
    {
        var stream = Stream(FlowOptions.PmoFlow with { TimeResolution = TimeResolution.WallClockDate }, "UTC");
        var h = new History("W-1", "2024-03-30T12:00:00Z")
            .Raw(new FlowEvent("jira", "W-1", "9001", T("2024-03-30T23:30:00+00:00"), EventKind.Status, "Open", "In Progress"))
            .Raw(new FlowEvent("jira", "W-1", "9002", T("2024-04-01T00:30:00+01:00"), EventKind.Status, "In Progress", "Done"));
        var a = Analyze(stream, "2024-04-05T00:00:00Z", h);

        Assert.Equal(3, a.Item("W-1").CycleTime); // wall-clock dates 03-30 and 04-01 as written, no zone conversion
    }

    [Fact]
    public void DayBuckets_MatchTimeZoneInfo_ForRandomInstants()
    {
        var zones = new[] { "Europe/London", "America/Santiago", "Australia/Lord_Howe", "Asia/Kolkata", "America/New_York", "Pacific/Chatham" };
        var baseTicks = T("2005-01-01T00:00:00Z").UtcTicks;
        var spanTicks = T("2030-01-01T00:00:00Z").UtcTicks - baseTicks;
        var gen = Gen.Choose(0, zones.Length - 1).SelectMany(z =>
            Gen.ArrayOf(Gen.Choose(0, int.MaxValue).Select(r => baseTicks + (long)(r / (double)int.MaxValue * spanTicks)))
               .Select(ts => (z, ts)));
        // Each run builds a fresh zone table over up to 25 years (about 27,000 zone look-ups), so keep the run count modest.
        var property = Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (z, ticks) = input;
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zones[z]);
            var stream = Stream(zone: zones[z]);
            var histories = ticks.Select((t, i) =>
            {
                var at = new DateTimeOffset(t, TimeSpan.Zero);
                return new History("R-" + i, at.ToString("O")).To(at.ToString("O"), "Done");
            }).ToArray();
            // A one-day window keeps the daily tables small; completion dates are never limited to the window.
            var a = Analyze(stream, new FlowQuery { AsOf = T("2030-01-02T00:00:00Z"), From = D("2030-01-01"), To = D("2030-01-01") }, histories);
            var expected = ticks.Select(t => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(new DateTime(t, DateTimeKind.Utc), zone))).Order();
            return expected.SequenceEqual(a.CompletionDates);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), property);
    }
}
