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

/// <summary>Issue 13 item 8: the cycle-time histogram adapts its bins to a long tail.</summary>
public sealed class HistogramTailTests
{
    [Fact]
    public void LongTail_BarsCoverUpToTheP99_OneTailBarHoldsTheRest()
    {
        // 100 items of 1..10 days (10 each) and 4 outliers of 900..2,000 days.
        double[] days = [.. Enumerable.Range(0, 100).Select(i => (double)(1 + (i % 10))), 900, 1000, 1500, 2000];

        var chart = CycleTimeCharts.Histogram(days, [new(85, 9), new(99.5, 2000)]);
        var labels = chart.Option["xAxis"]!["data"].Strings();
        var counts = chart.Series(0)["data"].Numbers();

        // 104 values: P99 is the ⌈102.96⌉ = 103rd smallest = 1,500; max 2,000 ≤ 3,000: no tail, one width for all.
        Assert.DoesNotContain(labels, l => l.EndsWith('+'));
        Assert.Equal(104, counts.Sum());

        double[] longTail = [.. Enumerable.Range(0, 200).Select(i => (double)(1 + (i % 20))), 5000];
        var tailChart = CycleTimeCharts.Histogram(longTail, [new(85, 18), new(99.9, 5000)]);
        var tailLabels = tailChart.Option["xAxis"]!["data"].Strings();
        var tailCounts = tailChart.Series(0)["data"].Numbers();

        // 201 values: P99 = the 199th smallest = 20 days; 5,000 > 2 × 20: whole-day bars 1..20, then "21+".
        Assert.Equal([.. Enumerable.Range(1, 20).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)), "21+"], tailLabels);
        Assert.Equal(Enumerable.Repeat(10.0, 20).Append(1), tailCounts);
        // The P99.9 line of 5,000 days points at the tail bar; the P85 at its own day.
        Assert.Equal(["18", "21+"], tailChart.Series(0).MarkLineData().Select(l => l["xAxis"]!.GetValue<string>()));
    }
}
