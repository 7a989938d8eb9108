using System.Text;
using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Csv;
using PmoFlow.Testing;

namespace PmoFlow.Ingestion.Tests.Csv;

public sealed class CsvEventReaderTests : IDisposable
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-csv-").FullName;

    public static Dictionary<string, string> ApacheEventColumns { get; } = new()
    {
        ["item_key"] = "issue_key",
        ["timestamp"] = "event_time",
    };

    public static Dictionary<string, string> ApacheItemColumns { get; } = new()
    {
        ["key"] = "issue_key",
        ["type"] = "issuetype_name",
        ["title"] = "summary",
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("MJAR")]
    [InlineData("OFBIZ")]
    public void ReadEvents_ApacheJiraExport_ReadsEveryStatusChangeThroughTheMapping(string project)
    {
        var path = TestPaths.Data("apache-jira", $"{project}_status_events.csv");
        // Oracle: the file has one event per line after the header and no quoted line breaks.
        var expectedRows = File.ReadLines(path).Skip(1).Count(l => l.Length > 0);
        var expectedKeys = File.ReadLines(path).Skip(1).Select(l => l.Split(',')[0]).ToHashSet();

        var batches = new CsvEventReader("apache", TimeZoneInfo.Utc, batchSize: 5000).ReadEvents(path, ApacheEventColumns).ToList();

        var events = batches.SelectMany(b => b.Events).ToList();
        Assert.Empty(batches.SelectMany(b => b.Quarantined));
        Assert.Equal(expectedRows, events.Count);
        Assert.Equal(expectedKeys, events.Select(e => e.ItemKey).ToHashSet());
        Assert.All(events, e => Assert.Equal(EventKind.Status, e.Kind));
        Assert.All(events, e => Assert.Equal(TimeSpan.Zero, e.At.Offset));
        Assert.Equal(expectedRows, events.Select(e => (e.ItemKey, e.EventKey)).Distinct().Count());
        Assert.True(batches.Count >= expectedRows / 5000);
    }

    [Fact]
    public void ReadEvents_MjarFirstRow_MatchesTheFileExactly()
    {
        var path = TestPaths.Data("apache-jira", "MJAR_status_events.csv");
        // First data line: MJAR-282,2022-01-05T17:33:32.359000+00:00,Open,Closed
        var first = File.ReadLines(path).Skip(1).First().Split(',');

        var ev = new CsvEventReader("apache", TimeZoneInfo.Utc).ReadEvents(path, ApacheEventColumns).First().Events[0];

        Assert.Equal(first[0], ev.ItemKey);
        Assert.Equal(DateTimeOffset.Parse(first[1], System.Globalization.CultureInfo.InvariantCulture), ev.At);
        Assert.Equal(first[2], ev.FromStatus);
        Assert.Equal(first[3], ev.ToStatus);
    }

    [Fact]
    public void ReadItems_ApacheIssues_KeepsTitlesWithMarkupAndQuotesIntact()
    {
        var path = TestPaths.Data("apache-jira", "OFBIZ_issues.csv");

        var batches = new CsvEventReader("apache", TimeZoneInfo.Utc).ReadItems(path, ApacheItemColumns).ToList();

        var items = batches.SelectMany(b => b.Items).ToList();
        Assert.Equal(12_470, items.Count); // the data README: 12,470 issues
        Assert.Empty(batches.SelectMany(b => b.Quarantined));
        Assert.Contains(items, i => i.Title!.Contains('<', StringComparison.Ordinal));
        Assert.Contains(items, i => i.Title!.Contains('"', StringComparison.Ordinal));
        Assert.All(items, i => Assert.NotNull(i.Created));
    }

    [Fact]
    public void ReadItemsAndEvents_LabelsColumn_SplitOnSemicolonsTrimmedAndDeduplicated()
    {
        var items = Write("items.csv",
            "key,title,labels\n" +
            "A-1,One,churn; Q3 ;churn;;CHURN\n" +   // "churn" once (first spelling), "Q3" trimmed
            "A-2,Two,\n");                           // empty: says nothing
        var events = Write("events.csv",
            "item_key,timestamp,to_status,labels\n" +
            "B-1,2024-01-02T10:00:00Z,Open,ux\n" +
            "B-1,2024-01-03T10:00:00Z,Doing,\n" +      // a row without labels keeps the item's known ones
            "B-2,2024-01-02T10:00:00Z,Open,\n");
        var reader = new CsvEventReader("s", TimeZoneInfo.Utc);

        var readItems = reader.ReadItems(items, null).SelectMany(b => b.Items).ToList();
        var eventItems = reader.ReadEvents(events, null).SelectMany(b => b.Items).GroupBy(i => i.Key).ToDictionary(g => g.Key, g => g.ToList());

        Assert.Equal(["churn", "Q3"], readItems[0].Labels);
        Assert.Null(readItems[1].Labels);
        Assert.All(eventItems["B-1"].Where(i => i.Labels is not null), i => Assert.Equal(["ux"], i.Labels));
        Assert.Contains(eventItems["B-1"], i => i.Labels is not null);
        Assert.False(eventItems.TryGetValue("B-2", out var b2) && b2.Any(i => i.Labels is not null));
    }

    [Fact]
    public void ReadEvents_BadRows_AreQuarantinedWithFileLineAndReasonAndTheRestIsRead()
    {
        var path = Write("events.csv",
            "item_key,timestamp,from_status,to_status,event\n" +
            "A-1,2024-01-02T10:00:00Z,Open,In Progress,\n" +         // line 2 ok
            ",2024-01-02T11:00:00Z,Open,In Progress,\n" +            // line 3 no key
            "A-2,yesterday,Open,Done,\n" +                            // line 4 bad timestamp
            "A-3,2024-01-02T12:00:00Z,Open,,\n" +                     // line 5 no to_status
            "A-4,2024-01-02T12:00:00Z,Open,Done,exploded\n" +         // line 6 unknown event
            "A-5,2024-01-02T12:00:00Z,Open\n" +                       // line 7 too few fields
            "A-6,2024-03-31T01:30:00,Open,Done,\n" +                  // line 8 inside London's DST gap
            "A-7,2024-01-03T09:00:00Z,,,blocked\n");                  // line 9 ok (blocked)

        var batch = Assert.Single(new CsvEventReader("src", London).ReadEvents(path));

        Assert.Equal(["A-1", "A-7"], batch.Events.Select(e => e.ItemKey));
        Assert.Equal(EventKind.Blocked, batch.Events[1].Kind);
        var q = batch.Quarantined.ToDictionary(x => x.Location, x => x);
        Assert.Equal(["events.csv:3", "events.csv:4", "events.csv:5", "events.csv:6", "events.csv:7", "events.csv:8"], q.Keys.Order());
        Assert.Contains("item_key is empty", q["events.csv:3"].Reason, StringComparison.Ordinal);
        Assert.Contains("'yesterday' is not an ISO 8601 timestamp", q["events.csv:4"].Reason, StringComparison.Ordinal);
        Assert.Contains("to_status is empty", q["events.csv:5"].Reason, StringComparison.Ordinal);
        Assert.Contains("event 'exploded'", q["events.csv:6"].Reason, StringComparison.Ordinal);
        Assert.Contains("3 fields but the header has 5", q["events.csv:7"].Reason, StringComparison.Ordinal);
        Assert.Contains("daylight-saving", q["events.csv:8"].Reason, StringComparison.Ordinal);
        Assert.Equal("A-2,yesterday,Open,Done,", q["events.csv:4"].Raw);
        Assert.All(batch.Quarantined, x => Assert.Equal("src", x.Source));
    }

    [Fact]
    public void ReadEvents_HeaderWithoutRequiredColumns_ThrowsNamingFileAndColumnsBeforeAnyBatch()
    {
        var path = Write("wrong.csv", "key,when,status\nA-1,2024-01-01,Open\n");

        var ex = Assert.Throws<CsvFormatException>(() => new CsvEventReader("s", London).ReadEvents(path).ToList());

        Assert.Contains("wrong.csv:1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'item_key'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'timestamp'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Found: key, when, status", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadEvents_MappedHeaderMissing_NamesTheMappedColumn()
    {
        var path = Write("e.csv", "issue,event_time,from_status,to_status\n");

        var ex = Assert.Throws<CsvFormatException>(() =>
            CsvEventReader.ValidateEventsHeader(path, ApacheEventColumns));

        Assert.Contains("'issue_key' (mapped to item_key)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadEvents_Utf8WithBom_ReadsHeaderAndNonAsciiText()
    {
        var path = Path.Combine(_dir, "bom.csv");
        File.WriteAllText(path, "item_key,timestamp,to_status,title\nÉ-1,2024-01-02T10:00:00Z,En cours,Café crème\n", new UTF8Encoding(true));

        var batch = Assert.Single(new CsvEventReader("s", London).ReadEvents(path));

        Assert.Equal("É-1", Assert.Single(batch.Events).ItemKey);
        Assert.Equal("En cours", batch.Events[0].ToStatus);
        Assert.Equal("Café crème", Assert.Single(batch.Items).Title);
    }

    [Fact]
    public void ReadEvents_LocalTimestamps_AreReadInTheSourceZoneAcrossDaylightSaving()
    {
        var path = Write("tz.csv",
            "item_key,timestamp,to_status\n" +
            "A,2024-03-30T12:00:00,Doing\n" +   // GMT: 12:00Z
            "B,2024-04-01T12:00:00,Doing\n" +   // BST: 11:00Z
            "C,2024-10-27T01:30:00,Doing\n" +   // ambiguous: first (BST) reading, 00:30Z
            "D,2024-04-01T12:00:00+02:00,Doing\n"); // explicit offset wins: 10:00Z

        var events = Assert.Single(new CsvEventReader("s", London).ReadEvents(path)).Events;

        Assert.Equal(new DateTimeOffset(2024, 3, 30, 12, 0, 0, TimeSpan.Zero), events[0].At);
        Assert.Equal(new DateTimeOffset(2024, 4, 1, 11, 0, 0, TimeSpan.Zero), events[1].At);
        Assert.Equal(new DateTimeOffset(2024, 10, 27, 0, 30, 0, TimeSpan.Zero), events[2].At);
        Assert.Equal(new DateTimeOffset(2024, 4, 1, 10, 0, 0, TimeSpan.Zero), events[3].At);
    }

    [Fact]
    public void ReadEvents_SameRowTwice_GetsTheSameDerivedKeySoItIsOneEvent()
    {
        var path = Write("dup.csv", "item_key,timestamp,from_status,to_status\nA,2024-01-01T00:00:00Z,Open,Done\nA,2024-01-01T00:00:00Z,Open,Done\n");

        var first = new CsvEventReader("s", London).ReadEvents(path).Single().Events;
        var again = new CsvEventReader("s", London).ReadEvents(path).Single().Events;

        Assert.Single(first);
        Assert.Equal(first[0].EventKey, again[0].EventKey);
    }

    [Fact]
    public void ReadEvents_SkipThroughLine_ResumesAfterTheCommittedLineWithCursorPerBatch()
    {
        var lines = new StringBuilder("item_key,timestamp,to_status\n");
        for (var i = 1; i <= 10; i++)
        {
            lines.Append($"K-{i},2024-01-01T00:00:{i:00}Z,Doing\n");
        }

        var path = Write("resume.csv", lines.ToString());

        var batches = new CsvEventReader("s", London, batchSize: 3).ReadEvents(path, skipThroughLine: 5, cursorFor: l => $"line:{l}").ToList();

        // Lines 2..11 hold K-1..K-10; skipping through line 5 leaves K-5..K-10 in batches of 3.
        Assert.Equal(["K-5", "K-6", "K-7", "K-8", "K-9", "K-10"], batches.SelectMany(b => b.Events).Select(e => e.ItemKey));
        Assert.Equal(["line:8", "line:11"], batches.Select(b => b.CursorAfter));
    }

    [Fact]
    public void ReadEvents_EmptyFile_ThrowsClearError()
    {
        var path = Write("empty.csv", string.Empty);

        var ex = Assert.Throws<CsvFormatException>(() => new CsvEventReader("s", London).ReadEvents(path).ToList());

        Assert.Contains("empty.csv", ex.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
