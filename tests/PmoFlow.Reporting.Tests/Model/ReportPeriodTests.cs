using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Tests.Model;

public class ReportPeriodTests
{
    [Fact]
    public void IsoWeek_Wednesday_IsMondayToSundayOfItsWeek()
    {
        // 2024-01-31 is a Wednesday in ISO week 5 (Mon 29 Jan .. Sun 4 Feb).
        var week = ReportPeriod.IsoWeek(new DateOnly(2024, 1, 31));
        Assert.Equal(new ReportPeriod(new DateOnly(2024, 1, 29), new DateOnly(2024, 2, 4), "2024-W05"), week);
        Assert.Equal(7, week.Days);
    }

    [Fact]
    public void IsoWeek_SundayAtYearStart_BelongsToPreviousIsoYear()
    {
        // 2021-01-03 is a Sunday; its ISO week is 2020-W53, Mon 28 Dec 2020 .. Sun 3 Jan 2021.
        var week = ReportPeriod.IsoWeek(new DateOnly(2021, 1, 3));
        Assert.Equal(new ReportPeriod(new DateOnly(2020, 12, 28), new DateOnly(2021, 1, 3), "2020-W53"), week);
    }

    [Fact]
    public void Previous_SameLength_EndsTheDayBefore()
    {
        var previous = new ReportPeriod(new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 31), "March").Previous("Prior 31 days");
        // 31 days ending 2024-02-29 (leap year) start on 2024-01-30.
        Assert.Equal(new ReportPeriod(new DateOnly(2024, 1, 30), new DateOnly(2024, 2, 29), "Prior 31 days"), previous);
    }

    [Fact]
    public void Identifiers_Invalid_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => new ReportTable("../x", "t", [], []));
        Assert.Throws<ArgumentException>(() => new ReportTable("Upper", "t", [], []));
        Assert.Throws<ArgumentException>(() => new ReportTable("ok", "t", [new TableColumn("a")], [["1", "2"]]));
    }
}
