using System.Text;
using System.Text.Json.Nodes;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Rendering;
using PmoFlow.Reporting.Tests.Support;

namespace PmoFlow.Reporting.Tests.Rendering;

public class OtherRenderersTests
{
    [Fact]
    public void Markdown_Small_HeadlineTableWarningsTablesAndAttribution()
    {
        var md = MarkdownReportRenderer.Render(ReportBuilder.Build(SampleReports.Small()));

        Assert.StartsWith("# Checkout flow report, 2024-W05\n", md, StringComparison.Ordinal);
        Assert.Contains("| Throughput | 12 items | 10 items | \u25b2 +2 (better) |", md, StringComparison.Ordinal);
        Assert.Contains("| Cycle time P85 | 9.0 days | 9.0 days | \u25ac \u00b10.0 d (no change) |", md, StringComparison.Ordinal);
        Assert.Contains("- Status 'Triage' maps to no stage. (3 items)", md, StringComparison.Ordinal);
        Assert.Contains("| CHK-6 | Coupon codes | Deploy | 15 | 6 |", md, StringComparison.Ordinal);
        Assert.Contains("Forecast 3: cannot forecast.", md, StringComparison.Ordinal);
        Assert.Contains("_Data: Apache OFBiz Jira, via Montgomery, Lüders &amp; Maalej (MSR 2022), CC BY 4.0_", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_Hostile_TrackerTextCannotFormatLinkOrPing()
    {
        var md = MarkdownReportRenderer.Render(SampleReports.Hostile(), maxRowsPerTable: 100);

        Assert.DoesNotContain("<!channel>", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", md, StringComparison.Ordinal);
        Assert.DoesNotContain("[link](", md, StringComparison.Ordinal);
        Assert.Contains("\\*bold\\* \\_it\\_ \\[link\\](http://evil.example) \\| pipe &lt;!channel&gt; \\`code\\`", md, StringComparison.Ordinal);
        // Every table row keeps its column count: escaped pipes do not split cells.
        foreach (var line in md.Split('\n').Where(l => l.StartsWith("| KEY-", StringComparison.Ordinal)))
        {
            var cells = line.Replace("\\|", string.Empty, StringComparison.Ordinal).Count(c => c == '|') - 1;
            Assert.True(cells is 5 or 6, line);
        }
    }

    [Fact]
    public void Markdown_LongTable_IsCutWithAPointerToTheCsv()
    {
        var md = MarkdownReportRenderer.Render(SampleReports.Hostile(), maxRowsPerTable: 3);
        // 8 blocked items, 3 shown.
        Assert.Contains("…and 5 more in blocked-items.csv.", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_Table_HeaderRowsQuotingAndFormulaRule()
    {
        var table = new ReportTable(
            "t",
            "T",
            [new("Key"), new("Title"), new("Days", ColumnKind.Number)],
            [["A-1", "=cmd|' /C calc'!A0", "-2.5"], ["A-2", "Hello, \"world\"", "3"], ["A-3", null, "1e3"]]);

        var csv = CsvTableRenderer.Render(table);

        Assert.Equal(
            "Key,Title,Days\r\n"
            + "A-1,'=cmd|' /C calc'!A0,-2.5\r\n"
            + "A-2,\"Hello, \"\"world\"\"\",3\r\n"
            + "A-3,,1e3\r\n",
            csv);
    }

    [Fact]
    public void Csv_HostileTables_ParseBackToTheNeutralisedCells()
    {
        var model = SampleReports.Hostile();
        foreach (var table in model.AllTables())
        {
            var text = CsvTableRenderer.Render(table);
            using var reader = CsvHelper.CsvReader.Create(new StringReader(text), new CsvHelper.CsvReaderOptions(), leaveOpen: false);
            reader.ReadHeader();
            var row = 0;
            while (reader.Read())
            {
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var original = table.Rows[row][c] ?? string.Empty;
                    var expected = original.Length > 0 && TextEscaping.CsvFormulaTriggers.Contains(original[0])
                                   && table.Columns[c].Kind != ColumnKind.Number
                        ? "'" + original
                        : original;
                    Assert.Equal(expected, reader.GetString(c));
                }

                row++;
            }

            Assert.Equal(table.Rows.Count, row);
        }
    }

    [Fact]
    public void Json_Model_CamelCaseEnumsAsStringsNullsForNoData()
    {
        var inputs = SampleReports.Small() with { Previous = new HeadlineValues(Throughput: 10) };
        var text = JsonReportRenderer.Render(ReportBuilder.Build(inputs));
        var json = JsonNode.Parse(text)!;

        Assert.Equal(ReportModel.CurrentSchemaVersion, json["schemaVersion"]!.GetValue<int>());
        Assert.Equal("2024-01-29", json["period"]!["from"]!.GetValue<string>());
        var throughput = json["headlines"]![0]!;
        Assert.Equal("throughput", throughput["metric"]!.GetValue<string>());
        Assert.Equal("up", throughput["change"]!["direction"]!.GetValue<string>());
        Assert.Equal("better", throughput["change"]!["assessment"]!.GetValue<string>());
        var p50 = json["headlines"]![1]!;
        Assert.Null(p50["previous"]);
        Assert.Null(p50["change"]!["delta"]);
        Assert.Equal("unknown", p50["change"]!["direction"]!.GetValue<string>());
        Assert.Equal("scatter", json["sections"]![0]!["charts"]![0]!["option"]!["series"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(Attributions.ApacheJira("OFBiz"), json["attribution"]!.GetValue<string>());
        // Non-ASCII is written as is; '&' is \u-escaped.
        Assert.Contains("Lüders \\u0026 Maalej", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_Hostile_HtmlMetacharactersAreEscaped()
    {
        var text = JsonReportRenderer.Render(SampleReports.Hostile());
        Assert.DoesNotContain("</script>", text, StringComparison.Ordinal);
        Assert.Contains("\\u003C/script\\u003E", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReportWriter_Model_WritesEveryFormatAndReturnsThePaths()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pmoflow-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var model = ReportBuilder.Build(SampleReports.Small());
            var files = await ReportWriter.WriteAsync(model, dir, "weekly");

            Assert.Equal(Path.Combine(dir, "weekly.html"), files.Html);
            Assert.Equal(Path.Combine(dir, "weekly.md"), files.Markdown);
            Assert.Equal(Path.Combine(dir, "weekly.json"), files.Json);
            Assert.Equal(
                ["items-beyond-sle.csv", "blocked-items.csv", "longest-waiting-stages.csv"],
                files.Csv.Select(Path.GetFileName));
            Assert.All(files.All, f => Assert.True(File.Exists(f), f));
            Assert.Equal(files.All.Count(), Directory.GetFiles(dir).Length);

            var csvBytes = await File.ReadAllBytesAsync(files.Csv[0]);
            Assert.Equal(Encoding.UTF8.Preamble.ToArray(), csvBytes[..3]);
            var htmlBytes = await File.ReadAllBytesAsync(files.Html);
            Assert.Equal((byte)'<', htmlBytes[0]);
            Assert.Equal(HtmlReportRenderer.Render(model), Encoding.UTF8.GetString(htmlBytes));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a b")]
    [InlineData("")]
    public async Task ReportWriter_UnsafeBaseName_Throws(string baseName)
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            ReportWriter.WriteAsync(SampleReports.Empty(), Path.GetTempPath(), baseName));
    }

    [Fact]
    public void Builder_Small_SixHeadlinesAndStandardSections()
    {
        var model = ReportBuilder.Build(SampleReports.Small());

        Assert.Equal(Enum.GetValues<HeadlineMetric>(), model.Headlines.Select(h => h.Metric));
        Assert.Equal(
            ["cycle-time", "throughput-wip", "work-in-progress", "flow-efficiency", "waste", "forecasts"],
            model.Sections.Select(s => s.Id));
        Assert.Equal("SLE 9 days", model.Headlines[5].Note);
        // Ages 2, 12, 15 against an SLE of 9: two items beyond it, oldest first.
        var beyond = model.AllTables().Single(t => t.Id == "items-beyond-sle");
        Assert.Equal(["CHK-6", "CHK-5"], beyond.Rows.Select(r => r[0]));
        Assert.Equal(["15", "6"], beyond.Rows[0].Skip(3));
    }

    [Fact]
    public void Builder_Empty_NoDataEverywhereAndNoSleTable()
    {
        var model = SampleReports.Empty();

        Assert.All(model.Headlines, h => Assert.Null(h.Value));
        Assert.All(model.AllCharts().Where(c => c.Id != "value-stream-map"), c =>
            Assert.Equal("No data", c.Option["graphic"]?[0]?["style"]?["text"]?.GetValue<string>()));
        Assert.DoesNotContain(model.AllTables(), t => t.Id == "items-beyond-sle");
        Assert.Contains("No forecast was requested.", model.Sections[^1].Notes);
    }
}
