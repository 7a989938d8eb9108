using PmoFlow.Core.Value;
using PmoFlow.Reporting.Charts;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Tables;

namespace PmoFlow.Reporting.Tests.Charts;

public class ValueChartsTests
{
    private static readonly InitiativeValue[] Ranking =
    [
        new() { Rank = 1, InitiativeId = "B", Name = "Beta", Wsjf = 3000, CostOfDelayPerWeek = 3000, Npv = 47350.5055, Alignment = 0.55, ForecastDate = new DateOnly(2026, 1, 5), KpiStatus = KpiStatus.OnTrack, TimeToFirstValueDays = 13 },
        new() { Rank = 2, InitiativeId = "A", Name = "Alpha", Wsjf = 2000, CostOfDelayPerWeek = 12000, ValueDelivered = 433m },
        new() { InitiativeId = "C", Name = "<b>Gamma</b>" },
    ];

    [Fact]
    public void Ranking_RankOrder_FirstOnTopAndMissingWsjfLeftEmpty()
    {
        var chart = ValueCharts.Ranking(Ranking);

        // ECharts draws a category axis bottom-up, so the rank order is reversed to put rank 1 on top.
        Assert.Equal(["– C", "2. A", "1. B"], chart.Option["yAxis"]!["data"].Strings());
        var data = chart.Series(0)["data"]!.AsArray();
        Assert.Null(data[0]);
        Assert.Equal([2000.0, 3000.0], data.Skip(1).Select(n => n!.GetValue<double>()));
        Assert.Equal("2 of 3 initiatives ranked by WSJF; first: B (WSJF 3000).", chart.Description);
        Assert.False(chart.HasNoDataText());
    }

    [Fact]
    public void Ranking_Empty_NoDataChart()
    {
        var chart = ValueCharts.Ranking([]);

        Assert.True(chart.HasNoDataText());
        Assert.Equal("No initiative in the portfolio.", chart.Description);
    }

    [Fact]
    public void KpiRealisation_ReadingsTargetLineAndTrend_AsDatedPoints()
    {
        var series = new KpiRealisationSeries(
            "CHURN", "Monthly churn", "%", KpiDirection.LowerIsBetter, KpiStatus.OffTrack, 0.4935,
            [new(new DateOnly(2025, 2, 28), 2.95), new(new DateOnly(2025, 3, 31), 2.9)],
            [new(new DateOnly(2025, 2, 1), 3), new(new DateOnly(2025, 11, 30), 2)],
            [new(new DateOnly(2025, 2, 1), 2.99355), new(new DateOnly(2025, 11, 30), 2.5064516)]);

        var chart = ValueCharts.KpiRealisation(series, "kpi-1");

        Assert.Equal(["Target line", "Readings", "Trend"], chart.Series().Select(s => s!["name"]!.GetValue<string>()));
        Assert.Equal("2025-02-28", chart.Series(1)["data"]![0]![0]!.GetValue<string>());
        Assert.Equal(2.95, chart.Series(1)["data"]![0]![1]!.GetValue<double>());
        Assert.Equal(2.5065, chart.Series(2)["data"]![1]![1]!.GetValue<double>()); // rounded to 4 decimals
        Assert.Equal("time", chart.Option["xAxis"]!["type"]!.GetValue<string>());
        Assert.Equal("Monthly churn (%)", chart.Option["yAxis"]!["name"]!.GetValue<string>());
        Assert.Equal("CHURN: Monthly churn (off track)", chart.Title);
        Assert.Equal("CHURN – Monthly churn: 2 readings against the line from 3 on 2025-02-01 to 2 on 2025-11-30; off track, projected attainment 49 %.", chart.Description);
    }

    [Fact]
    public void KpiRealisation_NoReadings_TargetLineOnlyAndNoData()
    {
        var series = new KpiRealisationSeries(
            "X", "Score", null, KpiDirection.HigherIsBetter, KpiStatus.NoData, null, [],
            [new(new DateOnly(2025, 1, 1), 1), new(new DateOnly(2025, 12, 31), 2)], []);

        var chart = ValueCharts.KpiRealisation(series, "kpi-9");

        Assert.Equal(["Target line", "Readings"], chart.Series().Select(s => s!["name"]!.GetValue<string>()));
        Assert.True(chart.HasNoDataText());
        Assert.Contains("0 readings", chart.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeToValue_FirstAndLast_TwoSeriesInRankOrderFromTheTop()
    {
        TimeToValueRow[] rows =
        [
            new("B", "Beta", new DateOnly(2025, 1, 8), new DateOnly(2025, 1, 20), new DateOnly(2025, 3, 1), 13, 53, 4, 4),
            new("A", "Alpha", new DateOnly(2025, 2, 1), null, null, null, null, 0, 3),
        ];

        var chart = ValueCharts.TimeToValue(rows);

        Assert.Equal(["A", "B"], chart.Option["yAxis"]!["data"].Strings());
        Assert.Null(chart.Series(0)["data"]![0]);
        Assert.Equal(13, chart.Series(0)["data"]![1]!.GetValue<double>());
        Assert.Equal(53, chart.Series(1)["data"]![1]!.GetValue<double>());
        Assert.Equal("1 of 2 initiatives delivered first value; 1 delivered all their linked items.", chart.Description);
    }

    [Fact]
    public void DeliveredByPeriod_UnknownWeekHasNoBar_ZeroWeekHasZero()
    {
        ValueItem Item(string key, int day, decimal? value) => new(key, BusinessValue: value, ValueReached: new DateOnly(2025, 3, day), Completed: new DateOnly(2025, 3, day));
        // Weeks (Monday–Sunday) of 2025-03-03..2025-03-23: week 1 has values 5 and 8 and one unvalued item → 13;
        // week 2 has only an unvalued item → unknown (null); week 3 has nothing completed → 0.
        var periods = ValueDelivery.ByPeriod([Item("A", 3, 5), Item("B", 5, 8), Item("C", 6, null), Item("D", 12, null)],
            new DateOnly(2025, 3, 3), new DateOnly(2025, 3, 23));

        var chart = ValueCharts.DeliveredByPeriod(periods);

        Assert.Equal(["2025-03-03", "2025-03-10", "2025-03-17"], chart.Option["xAxis"]!["data"].Strings());
        var data = chart.Series(0)["data"]!.AsArray();
        Assert.Equal(13, data[0]!.GetValue<double>());
        Assert.Null(data[1]);
        Assert.Equal(0, data[2]!.GetValue<double>());
        Assert.Equal("13 business value delivered over 3 weeks by 2 completed items with a value (2 without one, left out).", chart.Description);
        Assert.False(chart.HasNoDataText());
    }

    [Fact]
    public void RankingTable_FormatsAsThePortfolioCommand_EmptyFiguresNull()
    {
        var table = ValueTables.Ranking(Ranking);

        Assert.Equal(15, table.Columns.Count);
        Assert.Equal(["1", "B", "Beta", null, "3000.00", "3000.00", "47350.51", null, null, "0.5500", null, "2026-01-05", "on_track", "13", null], table.Rows[0]);
        Assert.Equal("433", table.Rows[1][10]);
        Assert.Null(table.Rows[2][0]);
        Assert.Equal("<b>Gamma</b>", table.Rows[2][2]); // raw: each renderer escapes for its format
        Assert.Equal(ColumnKind.Date, table.Columns[11].Kind);
    }

    [Fact]
    public void ValueSection_NoData_NotesOnly()
    {
        var section = ReportBuilder.Value(new ValueView(null, [], ["The portfolio holds errors; fix them to see its figures.", "portfolio.yaml:3:5: error: x"]));

        Assert.Equal("value", section.Id);
        Assert.Empty(section.Charts);
        Assert.Empty(section.Tables);
        Assert.Equal(2, section.Notes.Count);
    }

    [Fact]
    public void ValueSection_WithData_ChartsPerKpiAndThreeTables()
    {
        KpiRealisationSeries Kpi(string name) => new("B", name, null, KpiDirection.HigherIsBetter, KpiStatus.NotEnoughData, null,
            [new(new DateOnly(2025, 3, 1), 1)], [new(new DateOnly(2025, 1, 1), 0), new(new DateOnly(2025, 12, 31), 2)], []);
        var data = new ValueSectionData(Ranking, PortfolioTables.Ranking(new PortfolioResult(Ranking, [], [])), [Kpi("One"), Kpi("Two")], [], []);
        KpiStatusResult[] statuses =
        [
            new() { InitiativeId = "B", Kpi = "One", Baseline = 0, Target = 2, Status = KpiStatus.NotEnoughData },
            new() { InitiativeId = "B", Kpi = "Two", Unit = "%", Baseline = 0, Target = 2, Status = KpiStatus.NotEnoughData },
        ];

        var section = ReportBuilder.Value(new ValueView(data, statuses, ["a warning"]));

        Assert.Equal(["value-ranking", "kpi-1", "kpi-2", "time-to-value"], section.Charts.Select(c => c.Id));
        Assert.Equal(["value-ranking", "kpi-status", "time-to-value"], section.Tables.Select(t => t.Id));
        Assert.Equal("%", section.Tables[1].Rows[1][2]);
        Assert.Equal("not_enough_data", section.Tables[1].Rows[0][10]);
        Assert.Equal(["a warning"], section.Notes);
    }
}
