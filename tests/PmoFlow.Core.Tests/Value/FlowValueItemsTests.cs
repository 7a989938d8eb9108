using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Core.Tests.Flow;
using PmoFlow.Core.Value;

namespace PmoFlow.Core.Tests.Value;

public class FlowValueItemsTests
{
    // Value point = Closed (stage 4), later than the delivery point Done (stage 3), in London time.
    private static StreamDefinition London() => FlowKit.Stream(zone: "Europe/London") with { ValueStage = 4 };

    [Fact]
    public void From_NoItems_GivesNoValueItems()
    {
        var analysis = FlowKit.Analyze(London(), "2024-07-01T00:00:00Z");

        var inputs = FlowValueItems.From(analysis, [], TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));

        Assert.Empty(inputs.Items);
        Assert.Empty(inputs.Abandoned);
        Assert.Empty(inputs.RemovedBeforeStart);
        Assert.Empty(inputs.WithoutWorkItem);
    }

    [Fact]
    public void From_OneDoneItem_TakesLocalDatesAndWorkItemFields()
    {
        var stream = London();
        // Created 2024-06-09 23:30 UTC = 00:30 BST on 10 June; Done 2024-06-12 23:10 UTC = 00:10 BST on 13 June;
        // Closed (value point) 2024-06-14 22:59 UTC = 23:59 BST on 14 June.
        var h = new History("S-1", "2024-06-09T23:30:00Z").To("2024-06-10T08:00:00Z", "In Progress")
            .To("2024-06-12T23:10:00Z", "Done").To("2024-06-14T22:59:00Z", "Closed");
        var analysis = FlowKit.Analyze(stream, "2024-07-01T00:00:00Z", h);
        WorkItem[] work = [h.Item with { Type = "Story", Parent = " EPIC-1 ", BusinessValue = 8 }];

        var item = Assert.Single(FlowValueItems.From(analysis, work, stream.TimeZone).Items);

        Assert.Equal(new ValueItem("S-1", "Story", "EPIC-1", null, 8m, FlowKit.D("2024-06-10"), FlowKit.D("2024-06-14"), FlowKit.D("2024-06-13")), item);
    }

    [Fact]
    public void From_TwoItemsOneInProgress_OpenItemHasNoCompletion()
    {
        var stream = London();
        var done = new History("S-1", "2024-01-02T10:00:00Z").To("2024-01-03T10:00:00Z", "In Progress").To("2024-01-05T10:00:00Z", "Done");
        var open = new History("S-2", "2024-01-02T11:00:00Z").To("2024-01-04T10:00:00Z", "In Progress");
        var analysis = FlowKit.Analyze(stream, "2024-02-01T00:00:00Z", done, open);

        var items = FlowValueItems.From(analysis, [done.Item, open.Item], stream.TimeZone).Items;

        Assert.Equal(["S-1", "S-2"], items.Select(i => i.Key));
        // Done but not yet Closed: completed, value point not reached (the value stage is Closed).
        Assert.Equal(FlowKit.D("2024-01-05"), items[0].Completed);
        Assert.Null(items[0].ValueReached);
        Assert.Null(items[1].Completed);
        Assert.Null(items[1].ValueReached);
        Assert.Equal("story", items[1].Type); // the work item's raw type
    }

    [Fact]
    public void From_AbandonedRemovedAndEventOnlyItems_AreReportedAndOnlyLiveOnesKept()
    {
        var stream = London();
        var abandoned = new History("A-1", "2024-01-02T10:00:00Z").To("2024-01-03T10:00:00Z", "In Progress").To("2024-01-04T10:00:00Z", "Won't Do");
        var removed = new History("R-1", "2024-01-02T10:00:00Z").To("2024-01-03T10:00:00Z", "Won't Do");
        var bare = new History("E-1", "2024-01-02T10:00:00Z").To("2024-01-03T10:00:00Z", "In Progress");
        var analysis = FlowKit.Analyze(stream, "2024-02-01T00:00:00Z", abandoned, removed, bare);

        var inputs = FlowValueItems.From(analysis, [abandoned.Item, removed.Item], stream.TimeZone);

        Assert.Equal(["A-1"], inputs.Abandoned);
        Assert.Equal(["R-1"], inputs.RemovedBeforeStart);
        Assert.Equal(["E-1"], inputs.WithoutWorkItem);
        var item = Assert.Single(inputs.Items);
        Assert.Equal("E-1", item.Key);
        Assert.Null(item.ParentKey);
        Assert.Null(item.BusinessValue);
        // Without a work item the mapped type of the analysis is kept.
        Assert.Equal("story", item.Type);
    }

    [Fact]
    public void LocalDate_DaylightSavingNight_UsesTheZoneOffsetOfThatInstant()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

        // Clocks go forward at 01:00 UTC on 2024-03-31: 23:30 UTC on the 30th is 23:30 GMT (30th); 23:30 UTC on the
        // 31st is 00:30 BST on 1 April.
        Assert.Equal(FlowKit.D("2024-03-30"), FlowValueItems.LocalDate(FlowKit.T("2024-03-30T23:30:00Z"), london));
        Assert.Equal(FlowKit.D("2024-04-01"), FlowValueItems.LocalDate(FlowKit.T("2024-03-31T23:30:00Z"), london));
        Assert.Null(FlowValueItems.LocalDate(null, london));
    }
}
