using System.Text;
using PmoFlow.Core.Value;
using PmoFlow.Streams.Portfolio;

namespace PmoFlow.Ingestion.Tests.Portfolio;

public sealed class KpiReadingsCsvLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-kpi-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text, bool bom)
    {
        var path = Path.Combine(_dir, bom ? "bom.csv" : "plain.csv");
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    private static IReadOnlyList<KpiReadingRow> Load(string csv) => KpiReadingsCsvLoader.Load(new StringReader(csv), "readings.csv");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoadFile_WithOrWithoutBom_ReadsRowsWithTheirLines(bool bom)
    {
        var path = Write("initiative,kpi,date,value\nA,Conversion,2024-02-29,12.5\nB,Churn ü,2024-03-31,-0.25\n", bom);

        var rows = KpiReadingsCsvLoader.LoadFile(path);

        Assert.Equal(2, rows.Count);
        Assert.Equal(("A", "Conversion", new DateOnly(2024, 2, 29), 12.5, 2), (rows[0].InitiativeId, rows[0].Kpi, rows[0].Date, rows[0].Value, rows[0].Location.Line));
        Assert.Equal(("Churn ü", -0.25, 3), (rows[1].Kpi, rows[1].Value, rows[1].Location.Line));
        Assert.Equal(path, rows[0].Location.File);
    }

    [Fact]
    public void Load_HeaderInAnyOrderAndCaseWithExtraColumns_IsAccepted()
    {
        var rows = Load("Value, Date ,note,KPI,Initiative\n7,2024-01-01,hello,K,I\n");

        Assert.Equal(("I", "K", 7.0), (rows[0].InitiativeId, rows[0].Kpi, rows[0].Value));
    }

    [Fact]
    public void Load_BadRows_ReportsEveryOneWithFileAndLine()
    {
        // Line 3 is blank (skipped but counted); line 4 has a bad date, line 5 a bad number, line 6 no initiative.
        var csv = "initiative,kpi,date,value\nA,K,2024-01-01,1\n\nA,K,01/02/2024,2\nA,K,2024-01-03,1.5.2\n,K,2024-01-04,3\n";

        var ex = Assert.Throws<PortfolioFileException>(() => Load(csv));

        Assert.Equal(
            ["readings.csv:4 date", "readings.csv:5 value", "readings.csv:6 initiative"],
            ex.Errors.Select(e => $"{e.Location} {e.Field}"));
        Assert.Contains("readings.csv:4: error: initiative 'A', KPI 'K', field 'date'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingColumn_IsAnErrorOnLineOne()
    {
        var ex = Assert.Throws<PortfolioFileException>(() => Load("initiative,kpi,value\nA,K,1\n"));

        var e = Assert.Single(ex.Errors);
        Assert.Equal(1, e.Location!.Line);
        Assert.Contains("date", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedQuoting_IsAnErrorWithItsLine()
    {
        var ex = Assert.Throws<PortfolioFileException>(() => Load("initiative,kpi,date,value\nA,K,2024-01-01,1\nA,\"K\"x\",2024-01-02,2\n"));

        Assert.Contains(ex.Errors, e => e.Location!.Line == 3);
    }

    [Fact]
    public void Load_EmptyFile_IsAnError()
    {
        Assert.Throws<PortfolioFileException>(() => Load(string.Empty));
    }

    [Fact]
    public void Load_HeaderOnly_HasNoRows()
    {
        Assert.Empty(Load("initiative,kpi,date,value\n"));
    }
}

public class PortfolioReadingsTests
{
    private static PortfolioDocument Document() => PortfolioYamlLoader.Load(new StringReader("""
        initiatives:
          - id: A
            link: { epics: [EPIC-1] }
            kpis:
              - name: Conversion
                baseline: 10
                target: 20
                baseline_date: 2024-01-01
                target_date: 2024-12-31
                readings:
                  - { date: 2024-02-01, value: 11 }
        """), "portfolio.yaml");

    private static IReadOnlyList<KpiReadingRow> Rows(string csv) => KpiReadingsCsvLoader.Load(new StringReader(csv), "readings.csv");

    [Fact]
    public void Merge_AppendsReadingsAndDropsExactRepeats()
    {
        var rows = Rows("initiative,kpi,date,value\na,conversion,2024-02-01,11\nA,Conversion,2024-03-01,12\nA,Conversion,2024-03-01,12\n");

        var kpi = PortfolioReadings.Merge(Document(), rows).Portfolio.Initiatives[0].Kpis[0];

        Assert.Equal([new DateOnly(2024, 2, 1), new DateOnly(2024, 3, 1)], kpi.Readings.Select(r => r.Date));
    }

    [Fact]
    public void Merge_UnknownInitiativeOrKpi_IsAnErrorAtTheRow()
    {
        var rows = Rows("initiative,kpi,date,value\nZ,Conversion,2024-03-01,12\nA,Revenue,2024-03-01,12\n");

        var ex = Assert.Throws<PortfolioFileException>(() => PortfolioReadings.Merge(Document(), rows));

        Assert.Equal(["readings.csv:2 initiative", "readings.csv:3 kpi"], ex.Errors.Select(e => $"{e.Location} {e.Field}"));
        Assert.Contains("its KPIs: Conversion", ex.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_ConflictingValueForADate_NamesBothPlaces()
    {
        var rows = Rows("initiative,kpi,date,value\nA,Conversion,2024-03-01,12\nA,Conversion,2024-03-01,13\n");

        var ex = Assert.Throws<PortfolioFileException>(() => PortfolioReadings.Merge(Document(), rows));

        var e = Assert.Single(ex.Errors);
        Assert.Equal(3, e.Location!.Line);
        Assert.Contains("readings.csv:2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_NoRows_LeavesThePortfolioAlone()
    {
        var doc = Document();

        Assert.Single(PortfolioReadings.Merge(doc, []).Portfolio.Initiatives[0].Kpis[0].Readings);
    }
}
