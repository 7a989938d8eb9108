using PmoFlow.Core.Value;
using PmoFlow.Reporting.Charts;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Rendering;
using PmoFlow.Reporting.Tables;

namespace PmoFlow.Reporting.Tests.Charts;

/// <summary>Issue 13 items 8 and 9: charts people can read, and CSV numbers that stay numbers.</summary>
public sealed class ReadableChartsTests
{
    [Fact]
    public void Waste_LabelsEveryStage_TurnedWhenThereAreMany()
    {
        string[] stages = ["Analysis", "Ready for Dev", "In Development", "In Review", "Testing", "Awaiting Release"];
        var few = WasteChart.Build([new("Dev", "waiting", 4), new("Review", "waiting", 9)], ["Dev", "Review"]);
        var many = WasteChart.Build([.. stages.Select((s, i) => new WasteEntry(s, "waiting", 100 * (i + 1)))], stages);

        Assert.Equal(0, few.Option["xAxis"]!["axisLabel"]!["interval"]!.GetValue<int>());
        Assert.Equal(0, few.Option["xAxis"]!["axisLabel"]!["rotate"]!.GetValue<int>());
        Assert.Equal(0, many.Option["xAxis"]!["axisLabel"]!["interval"]!.GetValue<int>());
        Assert.Equal(30, many.Option["xAxis"]!["axisLabel"]!["rotate"]!.GetValue<int>());
        Assert.Equal(stages, many.Option["xAxis"]!["data"].Strings());
    }

    [Fact]
    public void ForecastWhen_DeadlineLabelSitsAtTheOtherEndFromThePercentiles_OddsRoundedForPeople()
    {
        var d = new DateOnly(2024, 2, 20);
        var chart = ForecastCharts.When(new WhenChartData(
            20, [new(d, 2), new(d.AddDays(2), 6), new(d.AddDays(3), 2)], [new(85, d.AddDays(2)), new(95, d.AddDays(3))], d.AddDays(3), 0.87654));

        var percentiles = chart.Series(0)["markLine"]!["label"]!["position"]!.GetValue<string>();
        var deadline = chart.Series(1)["markLine"]!;
        Assert.NotEqual(percentiles, deadline["label"]!["position"]!.GetValue<string>());
        Assert.Equal("insideStartTop", deadline["label"]!["position"]!.GetValue<string>());
        // P95 and the deadline fall on the same day: both lines keep their own label.
        Assert.Equal("2024-02-23", deadline["data"]![0]!["xAxis"]!.GetValue<string>());
        Assert.Equal("Deadline 2024-02-23: 88% likely", deadline["data"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void KpiRealisation_AxisLabelsShowTheYear()
    {
        var series = new KpiRealisationSeries(
            "CHURN", "Monthly churn", "%", KpiDirection.LowerIsBetter, KpiStatus.OffTrack, 0.5,
            [new(new DateOnly(2025, 2, 28), 2.95)], [new(new DateOnly(2025, 2, 1), 3), new(new DateOnly(2026, 3, 31), 2)], []);

        var chart = ValueCharts.KpiRealisation(series, "kpi-1");

        Assert.Equal("{MMM} {yyyy}", chart.Option["xAxis"]!["axisLabel"]!["formatter"]!.GetValue<string>());
    }

    [Fact]
    public void ReportCsv_NegativeNumbersStayNumbers_FormulasAreNeutralised()
    {
        var table = new ReportTable(
            "t", "T", [new("Name"), new("Net flow", ColumnKind.Number)],
            [["-1+cmd|' /C calc'!A0", "-0.314"], ["=HYPERLINK(\"x\")", "-2"]], "none");

        var csv = CsvTableRenderer.Render(table).Split("\r\n");

        Assert.Equal("'-1+cmd|' /C calc'!A0,-0.314", csv[1]);
        Assert.Equal("\"'=HYPERLINK(\"\"x\"\")\",-2", csv[2]);
        Assert.Equal("-0.314", TextEscaping.NeutraliseFormula("-0.314", keepNumbers: true));
        Assert.Equal("'-0.314", TextEscaping.NeutraliseFormula("-0.314", keepNumbers: false));
        Assert.Equal("'-1-1", TextEscaping.NeutraliseFormula("-1-1", keepNumbers: true));
    }
}
