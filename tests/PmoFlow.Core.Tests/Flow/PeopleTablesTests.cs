using PmoFlow.Core.Flow;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>Issue 13: natural key order and figures rounded for people (one rule each, in Core).</summary>
public sealed class PeopleTablesTests
{
    [Fact]
    public void NaturalKeyComparer_OrdersDigitRunsAsNumbers()
    {
        string[] keys = ["T1-10", "T2-1", "T1-2", "T1-1", "PROJ-100", "PROJ-9", "T1-02", "A", "T10-1"];

        var sorted = keys.Order(NaturalKeyComparer.Instance).ToList();

        Assert.Equal(["A", "PROJ-9", "PROJ-100", "T1-1", "T1-2", "T1-02", "T1-10", "T2-1", "T10-1"], sorted);
    }

    [Theory]
    [InlineData("T1-2", "T1-10", -1)]
    [InlineData("T1-10", "T1-2", 1)]
    [InlineData("T1-2", "T1-2", 0)]
    [InlineData("T1", "T1-1", -1)]
    [InlineData("99999999999999999999999-1", "100000000000000000000000-1", -1)]
    public void NaturalKeyComparer_IsAntisymmetricAndHandlesLongNumbers(string x, string y, int expected)
    {
        Assert.Equal(expected, Math.Sign(NaturalKeyComparer.Instance.Compare(x, y)));
        Assert.Equal(-expected, Math.Sign(NaturalKeyComparer.Instance.Compare(y, x)));
    }

    [Theory]
    [InlineData(12.345, "12.3")]
    [InlineData(0.05, "0.1")]
    [InlineData(3, "3.0")]
    [InlineData(-1.25, "-1.3")]
    public void Days_HaveOneDecimal(double days, string expected) => Assert.Equal(expected, PeopleFigures.Days(days));

    [Theory]
    [InlineData(0.8532, "85%")]
    [InlineData(1.0, "100%")]
    [InlineData(0.025, "2.5%")]
    [InlineData(0.0999, "10%")]
    [InlineData(0.0, "0%")]
    [InlineData(0.0004, "0.0%")]
    public void Fractions_ArePercentagesWholeOrOneDecimal(double fraction, string expected) => Assert.Equal(expected, PeopleFigures.Percent(fraction));

    [Theory]
    [InlineData("cycle_time", FigureUnit.Days)]
    [InlineData("waiting_days", FigureUnit.Days)]
    [InlineData("p85", FigureUnit.Days)]
    [InlineData("flow_efficiency", FigureUnit.Fraction)]
    [InlineData("p_done_14d", FigureUnit.Fraction)]
    [InlineData("probability", FigureUnit.Fraction)]
    [InlineData("percentile", FigureUnit.Other)]
    [InlineData("items", FigureUnit.Other)]
    [InlineData("key", FigureUnit.Other)]
    public void ColumnUnits_FollowTheColumnNames(string column, FigureUnit unit) => Assert.Equal(unit, PeopleFigures.UnitOf(column));

    [Fact]
    public void Instant_IsUtcToTheMinute() =>
        Assert.Equal("2026-01-05 09:00Z", PeopleFigures.Instant(new DateTimeOffset(2026, 1, 5, 10, 0, 59, TimeSpan.FromHours(1))));
}
