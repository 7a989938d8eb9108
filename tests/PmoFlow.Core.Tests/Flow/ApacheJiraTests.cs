using System.Globalization;
using System.Text;
using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Testing;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>
/// Real Apache Jira histories (MJAR, OFBIZ; MSR 2022 dataset, CC BY 4.0) read with a few lines of CSV parsing:
/// invariants hold and the data-quality report matches counts taken straight from the raw rows.
/// </summary>
public class ApacheJiraTests
{
    private static readonly Workflow Workflow = new(
    [
        new Stage("Open", StageCategory.Backlog, ["Open"]),
        new Stage("In Progress", StageCategory.Active, ["In Progress", "Reopened"]),
        new Stage("Patch Available", StageCategory.Wait, ["Patch Available"]),
        new Stage("Resolved", StageCategory.Done, ["Resolved"]),
        new Stage("Closed", StageCategory.Done, ["Closed"]),
    ]);

    private static readonly Dictionary<string, int> StageIndex = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Open"] = 0, ["In Progress"] = 1, ["Reopened"] = 1, ["Patch Available"] = 2, ["Resolved"] = 3, ["Closed"] = 4,
    };

    private static readonly FlowQuery Query = new() { AsOf = DateTimeOffset.Parse("2022-02-01T00:00:00Z", CultureInfo.InvariantCulture) };

    [Theory]
    [InlineData("MJAR")]
    [InlineData("OFBIZ")]
    public void RealData_InvariantsHold(string project)
    {
        var (items, events) = Load(project);
        var a = FlowAnalyzer.Analyze(Stream(), items, events, Query);

        Assert.Equal(items.Count, a.Items.Count);
        Assert.All(a.Items, i => Assert.True(i.FlowEfficiency is null or (>= 0 and <= 1)));
        Assert.True(a.FlowEfficiency.Stream is >= 0 and <= 1);
        var done = a.Items.Count(i => i.State == ItemState.Done);
        Assert.Equal(done, a.Throughput);
        Assert.Equal(done, a.CompletionDates.Count);
        Assert.All(a.Items.Where(i => i.CycleTime is not null), i => Assert.True(i.CycleTime >= 1 && i.Start <= i.Done));
        for (var k = 1; k < a.Cfd.Rows.Count; k++)
        {
            var now = a.Cfd.Rows[k].Counts;
            var before = a.Cfd.Rows[k - 1].Counts;
            Assert.All(Enumerable.Range(0, now.Count), b => Assert.True(now[b] >= before[b] && (b == 0 || now[b] <= now[b - 1])));
        }

        var last = a.Cfd.Rows[^1].Counts;
        var withEvents = events.Select(e => e.ItemKey).Distinct().Count();
        Assert.Equal(withEvents, last[0]); // every item with a known status reached Open or later; items with no event have no stage
        Assert.Equal(a.Wip[^1].Items, last[1] - last[3]);                   // WIP = CFD(commitment) − CFD(delivery)
        var p = a.CycleTime.Percentiles.Select(x => x.Value!.Value).ToList();
        Assert.Equal(p.Order(), p);
    }

    [Theory]
    [InlineData("MJAR")]
    [InlineData("OFBIZ")]
    public void RealData_QualityReportMatchesRawCounts(string project)
    {
        var (items, events) = Load(project);
        var a = FlowAnalyzer.Analyze(Stream(), items, events, Query);
        var byItem = events.GroupBy(e => e.ItemKey).ToDictionary(g => g.Key, g => g.OrderBy(e => e.At).ThenBy(e => e.EventKey, StringComparer.Ordinal).ToList());

        // Independent counts from the raw rows (chains are unbroken in this data, so "from" is the current status).
        var backward = events.Count(e => Stage(e.ToStatus) < Stage(e.FromStatus) && Stage(e.FromStatus) >= 1 && !(Stage(e.FromStatus) >= 3 && Stage(e.ToStatus) >= 3));
        var reopenedItems = byItem.Count(kv => kv.Value.Any(e => Stage(e.FromStatus) >= 3 && Stage(e.ToStatus) < 3));
        var skippedToDone = byItem.Count(kv => Stage(kv.Value[^1].ToStatus) >= 3
            && kv.Value.All(e => Stage(e.FromStatus) is 0 or >= 3 && Stage(e.ToStatus) is 0 or >= 3));
        var noEvents = items.Count(i => !byItem.ContainsKey(i.Key));

        QualityFinding F(string check) => a.Quality.Findings.Single(f => f.Check == check);
        Assert.Empty(a.Quality.UnmappedStatuses);                  // every status of the data set is mapped
        Assert.Equal(backward, F("backward-moves").Events);
        Assert.Equal(reopenedItems, F("reopened").Items);
        Assert.Equal(skippedToDone, F("done-without-start").Items);
        Assert.Equal(noEvents, F("no-events").Items);
        Assert.Equal(0, F("broken-status-chain").Items);
        Assert.Equal(0, F("duplicate-timestamps").Items);
        Assert.True(backward > 0 && reopenedItems > 0 && skippedToDone > 0, "the real data has rework, reopens and skipped stages");
    }

    [Fact]
    public void RealData_AsOfInThePast_LaterEventsReportedAsFuture()
    {
        var (items, events) = Load("MJAR");
        var asOf = DateTimeOffset.Parse("2015-01-01T00:00:00Z", CultureInfo.InvariantCulture);
        var a = FlowAnalyzer.Analyze(Stream(), items, events, new FlowQuery { AsOf = asOf });

        var future = events.Count(e => e.At > asOf);
        Assert.Equal(future, a.Quality.Findings.Single(f => f.Check == "future-events").Events);
        Assert.All(a.Items, i => Assert.True(i.Done is null || i.Done <= asOf));
    }

    [Fact]
    public void RealData_OFBiz_CycleTimeHistogram_PutsTheLongTailInOneLastBar()
    {
        var (items, events) = Load("OFBIZ");
        var a = FlowAnalyzer.Analyze(Stream(), items, events, Query);

        var h = CycleTimeHistogram.Auto(a.WindowCycleTimes);
        var table = FlowTables.CycleTimeHistogram(a);

        // Oracle: the done items' own cycle times (per item, not the window's list), in whole days ⌈v⌉.
        var days = a.Items.Where(i => i.CycleTime is not null).Select(i => (int)Math.Ceiling(i.CycleTime!.Value)).Order().ToList();
        var p95 = days[(int)Math.Ceiling(0.95 * days.Count) - 1];
        Assert.True(days[^1] > 2 * p95, $"OFBiz has a long tail: max {days[^1]} vs P95 {p95}");
        var n = Assert.NotNull(h.TailFromDays);
        Assert.Equal($"{n}+", h.Bins[^1].Label);
        Assert.True(n > p95 && n - h.BinDays <= p95, $"the tail starts at the bin after the P95's: N {n}, width {h.BinDays}, P95 {p95}");
        Assert.Equal(days.Count, h.Bins.Sum(b => b.Items));
        Assert.Equal(days.Count(d => d >= n), h.Bins[^1].Items);
        Assert.Equal(days[^1], h.Bins[^1].ToDays);
        Assert.True(h.Bins.Count <= CycleTimeHistogram.MaxBins + 1);
        // Every bar before the tail has its own range; the bins are contiguous from day 0.
        Assert.Equal(Enumerable.Range(0, h.Bins.Count).Select(b => b * h.BinDays), h.Bins.Select(b => b.FromDays));
        // The table is the same histogram (the one rule), its shares summing to 1.
        Assert.Equal(h.Bins.Select(b => b.Label), table.Rows.Select(r => (string)r[0]!));
        Assert.Equal(h.Bins.Select(b => b.Items), table.Rows.Select(r => (long)r[3]!));
        Assert.Equal(1.0, (double)table.Rows[^1][5]!, 12);
        // Before: bins widened to the largest value put most items in the first bar; now the first bar holds far fewer.
        var before = CycleTimeHistogram.Of(a.WindowCycleTimes, CycleTimeHistogram.AutoBinDays(a.WindowCycleTimes));
        Assert.True(h.Bins[0].Items < before.Bins[0].Items, $"first bar {h.Bins[0].Items} vs {before.Bins[0].Items} before");
    }

    private static int Stage(string? status) => status is null ? -1 : StageIndex[status];

    private static StreamDefinition Stream() => new() { Name = "apache", Workflow = Workflow, TimeZone = TimeZoneInfo.Utc };

    private static (List<WorkItem> Items, List<FlowEvent> Events) Load(string project)
    {
        var items = ReadCsv(TestPaths.Data("apache-jira", project + "_issues.csv"))
            .Select(r => new WorkItem("apache", r["issue_key"], r["issuetype_name"], r["summary"], Instant(r["created"])))
            .ToList();
        var events = ReadCsv(TestPaths.Data("apache-jira", project + "_status_events.csv"))
            .Select((r, line) => new FlowEvent("apache", r["issue_key"], line.ToString("D6", CultureInfo.InvariantCulture),
                Instant(r["event_time"]), EventKind.Status, r["from_status"], r["to_status"]))
            .ToList();
        return (items, events);
    }

    private static DateTimeOffset Instant(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // RFC 4180 just enough for this data: quoted fields with doubled quotes, commas and newlines inside quotes.
    private static IEnumerable<Dictionary<string, string>> ReadCsv(string path)
    {
        var text = File.ReadAllText(path);
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        var header = rows[0];
        return rows.Skip(1).Select(r => header.Select((h, k) => (h, v: k < r.Count ? r[k] : string.Empty)).ToDictionary(x => x.h, x => x.v));
    }
}
