using PmoFlow.Core.Model;
using PmoFlow.Core.Value;

namespace PmoFlow.Core.Tests.Value;

public class ValueDeliveryTests
{
    private static ValueItem Done(string key, int day, decimal? value) =>
        new(key, BusinessValue: value, Completed: new DateOnly(2024, 1, day));

    [Fact]
    public void Delivered_NoItems_IsZero()
    {
        var d = ValueDelivery.Delivered([], null, null);

        Assert.Equal(0m, d.Value);
        Assert.Equal(0, d.CompletedItems);
    }

    [Fact]
    public void Delivered_OneItem_IsItsValue()
    {
        Assert.Equal(8m, ValueDelivery.Delivered([Done("A", 3, 8)], null, null).Value);
    }

    [Fact]
    public void Delivered_WindowEndsInclusive_CountsItemsOnBothEdges()
    {
        // Completed on the 2nd (before), 3rd (first day), 7th (last day), 8th (after): 5 + 13 = 18.
        ValueItem[] items = [Done("A", 2, 1), Done("B", 3, 5), Done("C", 7, 13), Done("D", 8, 100), new("E", BusinessValue: 40)];

        var d = ValueDelivery.Delivered(items, new DateOnly(2024, 1, 3), new DateOnly(2024, 1, 7));

        Assert.Equal(18m, d.Value);
        Assert.Equal(2, d.CompletedItems);
    }

    [Fact]
    public void Delivered_SomeItemsUnvalued_SumsTheOthersAndCountsTheGap()
    {
        var d = ValueDelivery.Delivered([Done("A", 3, 5), Done("B", 4, null)], null, null);

        Assert.Equal(5m, d.Value);
        Assert.Equal(1, d.UnvaluedItems);
    }

    [Fact]
    public void Delivered_AllItemsUnvalued_IsNullNotZero()
    {
        var d = ValueDelivery.Delivered([Done("A", 3, null), Done("B", 4, null)], null, null);

        Assert.Null(d.Value);
        Assert.Equal(2, d.CompletedItems);
    }

    [Fact]
    public void ByPeriod_IsoWeeks_CutsTheEndsAndKeepsEmptyWeeks()
    {
        // Wed 2024-01-03 .. Sun 2024-01-21: [03..07], [08..14] (empty), [15..21].
        ValueItem[] items = [Done("A", 5, 3), Done("B", 7, 2), Done("C", 21, 10)];

        var weeks = ValueDelivery.ByPeriod(items, new DateOnly(2024, 1, 3), new DateOnly(2024, 1, 21));

        Assert.Equal(3, weeks.Count);
        Assert.Equal((new DateOnly(2024, 1, 3), new DateOnly(2024, 1, 7), 5m), (weeks[0].From!.Value, weeks[0].To!.Value, weeks[0].Value!.Value));
        Assert.Equal((new DateOnly(2024, 1, 8), new DateOnly(2024, 1, 14), 0m), (weeks[1].From!.Value, weeks[1].To!.Value, weeks[1].Value!.Value));
        Assert.Equal(10m, weeks[2].Value);
    }

    [Fact]
    public void ByPeriod_Months_FollowCalendarMonthsIncludingLeapFebruary()
    {
        var months = ValueDelivery.ByPeriod([], new DateOnly(2024, 1, 15), new DateOnly(2024, 3, 10), ValuePeriod.Month);

        Assert.Equal(
            [(new DateOnly(2024, 1, 15), new DateOnly(2024, 1, 31)), (new DateOnly(2024, 2, 1), new DateOnly(2024, 2, 29)), (new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 10))],
            months.Select(m => (m.From!.Value, m.To!.Value)).ToArray());
    }

    [Fact]
    public void ByPeriod_WeeksEndingFriday_EndOnFridays()
    {
        // Mon 2024-01-01 .. Sun 01-07 with weeks ending Friday: [01..05], [06..07].
        var weeks = ValueDelivery.ByPeriod([], new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 7), ValuePeriod.Week, DayOfWeek.Friday);

        Assert.Equal([new DateOnly(2024, 1, 5), new DateOnly(2024, 1, 7)], weeks.Select(w => w.To!.Value).ToArray());
    }
}

public class TimeToValueTests
{
    private static readonly DateOnly Jan1 = new(2024, 1, 1);

    [Fact]
    public void Compute_AllItemsAtValue_InclusiveDaysToFirstAndLast()
    {
        // Start 01-01; values on 01-05 and 01-10 → inclusive: 5 − 1 + 1 = 5 and 10 days.
        ValueItem[] items = [new("A", ValueReached: new DateOnly(2024, 1, 10)), new("B", ValueReached: new DateOnly(2024, 1, 5))];

        var t = TimeToValue.Compute(items, Jan1);

        Assert.Equal(5, t.DaysToFirstValue);
        Assert.Equal(10, t.DaysToLastValue);
    }

    [Fact]
    public void Compute_ExclusiveDayCount_DropsThePlusOne()
    {
        ValueItem[] items = [new("A", ValueReached: new DateOnly(2024, 1, 5))];

        Assert.Equal(4, TimeToValue.Compute(items, Jan1, DayCount.Exclusive).DaysToFirstValue);
    }

    [Fact]
    public void Compute_OneItemStillOpen_HasFirstButNoLastValue()
    {
        ValueItem[] items = [new("A", ValueReached: new DateOnly(2024, 1, 5)), new("B")];

        var t = TimeToValue.Compute(items, Jan1);

        Assert.Equal(5, t.DaysToFirstValue);
        Assert.Null(t.DaysToLastValue);
        Assert.Equal(1, t.ItemsAtValue);
        Assert.Equal(2, t.Items);
    }

    [Fact]
    public void Compute_NoStartDate_CountsFromTheFirstCreation()
    {
        // Created 01-03 and 01-02 → start 01-02; value 01-02 → same day = 1 day inclusive.
        ValueItem[] items =
        [
            new("A", Created: new DateOnly(2024, 1, 3), ValueReached: new DateOnly(2024, 1, 9)),
            new("B", Created: new DateOnly(2024, 1, 2), ValueReached: new DateOnly(2024, 1, 2)),
        ];

        var t = TimeToValue.Compute(items, null);

        Assert.Equal(new DateOnly(2024, 1, 2), t.Start);
        Assert.Equal(1, t.DaysToFirstValue);
        Assert.Equal(8, t.DaysToLastValue);
    }

    [Fact]
    public void Compute_NoItems_HasNoFigures()
    {
        var t = TimeToValue.Compute([], Jan1);

        Assert.Null(t.DaysToFirstValue);
        Assert.Null(t.DaysToLastValue);
    }
}
