using System.Text;
using PmoFlow.Core.Limits;
using PmoFlow.Ingestion.Csv;

namespace PmoFlow.Ingestion.Tests.Hostile;

/// <summary>Issue 19 findings 3, 7 and 9 (CSV side) and issue 13 item 11, each with its own file.</summary>
public sealed class HostileCsvTests : IDisposable
{
    private const string Header = "item_key,timestamp,from_status,to_status,event,item_type,title\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-hostile-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    [Fact]
    public void NulByteInATitle_RowQuarantinedWithFileLine_RowsAfterItRead()
    {
        var path = Write("nul.csv", Header
            + "A,2025-01-01T10:00:00Z,,Open,created,story,fine\n"
            + "B,2025-01-01T11:00:00Z,,Open,created,story,bad\0title\n"
            + "C,2025-01-01T12:00:00Z,,Open,created,story,after\n");

        var batch = Assert.Single(new CsvEventReader("s", TimeZoneInfo.Utc).ReadEvents(path));

        Assert.Equal(["A", "C"], batch.Events.Select(e => e.ItemKey));
        var q = Assert.Single(batch.Quarantined);
        Assert.Equal("nul.csv:3", q.Location);
        Assert.Contains("NUL", q.Reason, StringComparison.Ordinal);
        Assert.Equal("B,2025-01-01T11:00:00Z,,Open,created,story,bad\\u0000title", q.Raw); // storable: no NUL left
        Assert.DoesNotContain('\0', q.Raw);
    }

    [Fact]
    public void InvalidUtf8InAKey_RowQuarantined_NotMergedWithAnotherKey()
    {
        // 0xE9 alone (Latin-1 'é') is not UTF-8: decoded with replacement, "caf\xE9" and "caf\xE8" would both be "caf\uFFFD".
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(Header));
        bytes.AddRange(Encoding.UTF8.GetBytes("caf"));
        bytes.Add(0xE9);
        bytes.AddRange(Encoding.UTF8.GetBytes(",2025-01-01T10:00:00Z,,Open,created,story,x\ncaf"));
        bytes.Add(0xE8);
        bytes.AddRange(Encoding.UTF8.GetBytes(",2025-01-01T10:00:00Z,,Open,created,story,y\ncafé,2025-01-01T10:00:00Z,,Open,created,story,z\n"));
        var path = Write("latin1.csv", [.. bytes]);

        var batch = Assert.Single(new CsvEventReader("s", TimeZoneInfo.Utc).ReadEvents(path));

        Assert.Equal(["café"], batch.Events.Select(e => e.ItemKey));
        Assert.Equal(["latin1.csv:2", "latin1.csv:3"], batch.Quarantined.Select(q => q.Location));
        Assert.All(batch.Quarantined, q => Assert.Equal("the row is not valid UTF-8 (at byte 4 of the row); save the file as UTF-8", q.Reason));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z", "outside the accepted range 1970-01-01..2200-12-31")]
    [InlineData("9999-12-31T23:59:59Z", "outside the accepted range")]
    [InlineData("1/2/2025 10:00 +01:00", "is not an ISO 8601 timestamp")]
    [InlineData("2 January 2025 10:00Z", "is not an ISO 8601 timestamp")]
    public void ImplausibleOrNonIsoTimestamp_Quarantined(string timestamp, string reason)
    {
        var path = Write("ts.csv", Header + $"A,{timestamp},,Open,created,story,t\nB,2025-01-02T10:00:00+01:00,,Open,created,story,t\n");

        var batch = Assert.Single(new CsvEventReader("s", TimeZoneInfo.Utc).ReadEvents(path));

        Assert.Equal(new DateTimeOffset(2025, 1, 2, 9, 0, 0, TimeSpan.Zero), Assert.Single(batch.Events).At);
        var q = Assert.Single(batch.Quarantined);
        Assert.Equal("ts.csv:2", q.Location);
        Assert.Contains(reason, q.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaredTimestampFormat_ReadsDayFirst_AndStillChecksTheRange()
    {
        var path = Write("uk.csv", Header + "A,01/02/2025 10:00,,Open,created,story,t\nB,01/02/1900 10:00,,Open,created,story,t\n");

        var batch = Assert.Single(new CsvEventReader("s", TimeZoneInfo.Utc, timestampFormat: "dd/MM/yyyy HH:mm").ReadEvents(path));

        Assert.Equal(new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero), Assert.Single(batch.Events).At); // 1 February
        Assert.Contains("outside the accepted range", Assert.Single(batch.Quarantined).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfiguredRange_Applies()
    {
        var limits = InputLimits.Default with { EarliestTimestamp = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        var path = Write("range.csv", Header + "A,2019-12-31T23:59:59Z,,Open,created,story,t\nB,2020-01-01T00:00:00Z,,Open,created,story,t\n");

        var batch = Assert.Single(new CsvEventReader("s", TimeZoneInfo.Utc, limits: limits).ReadEvents(path));

        Assert.Equal("B", Assert.Single(batch.Events).ItemKey);
        Assert.Equal("range.csv:2", Assert.Single(batch.Quarantined).Location);
    }

    [Fact]
    public void LongTitle_CutWithTheMark_LongKeyRefused()
    {
        var limits = InputLimits.Default with { MaxTitleLength = 50, MaxKeyLength = 10 };
        var title = new string('t', 51);
        var path = Write("long.csv", Header
            + $"A,2025-01-01T10:00:00Z,,Open,created,story,{title}\n"
            + $"{new string('K', 11)},2025-01-01T10:00:00Z,,Open,created,story,x\n"
            + $"{new string('K', 10)},2025-01-01T10:00:00Z,,Open,created,story,{new string('u', 50)}\n");

        var batch = Assert.Single(new CsvEventReader("s", TimeZoneInfo.Utc, limits: limits).ReadEvents(path));

        var cut = batch.Items.Single(i => i.Key == "A").Title!;
        Assert.Equal(50, cut.Length);
        Assert.Equal(new string('t', 50 - RecordGuard.TruncationMark.Length) + RecordGuard.TruncationMark, cut);
        Assert.True(RecordGuard.IsTruncated(cut));
        Assert.Equal(new string('u', 50), batch.Items.Single(i => i.Key == "KKKKKKKKKK").Title); // at the limit: kept whole
        var q = Assert.Single(batch.Quarantined);
        Assert.Equal("long.csv:3", q.Location);
        Assert.Equal("item_key is 11 characters long; the limit is 10 (limits.keyLength)", q.Reason);
    }

    [Fact]
    public void GarbageHeader_ShownEscapedAndClipped_NeverRaw()
    {
        var path = Write("garbage.csv", "\u001b[31mred\u001b]0;title\u0007," + new string('x', 500) + "\nA,B\n");

        var ex = Assert.Throws<CsvFormatException>(() => new CsvEventReader("s", TimeZoneInfo.Utc).ReadEvents(path).ToList());

        Assert.DoesNotContain('\u001b', ex.Message);
        Assert.DoesNotContain('\u0007', ex.Message);
        Assert.Contains("\\u001b[31mred", ex.Message, StringComparison.Ordinal);
        Assert.Contains(new string('x', 60) + "…", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 61), ex.Message, StringComparison.Ordinal);
    }
}
