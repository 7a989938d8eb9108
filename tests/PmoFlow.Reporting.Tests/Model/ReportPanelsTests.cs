using System.Text.Json.Nodes;
using PmoFlow.Reporting.Model;

namespace PmoFlow.Reporting.Tests.Model;

/// <summary>Cutting a report's parts out for dashboard panels: ids, titles, heights, notes; nothing redrawn.</summary>
public sealed class ReportPanelsTests
{
    private static readonly JsonObject Option = new() { ["series"] = new JsonArray() };

    private static ReportModel Model() => new()
    {
        StreamName = "s",
        Period = ReportPeriod.IsoWeek(new DateOnly(2026, 1, 5)),
        GeneratedAt = DateTimeOffset.UnixEpoch,
        Sections =
        [
            new ReportSection("flow", "Flow", [new ReportChart("throughput", "Throughput", Option, "bars", 300), new ReportChart("wip", "WIP", Option, "line")],
                [new ReportTable("blocked", "Blocked", [new TableColumn("Key")], [["A-1"]]), new ReportTable("wip", "WIP table", [new TableColumn("N")], [])], ["a note"]),
            new ReportSection("waste", "Waste", [new ReportChart("waste", "Waste chart", Option, "w")], [], []),
        ],
    };

    [Fact]
    public void Catalogue_EverySectionChartAndTable_InDisplayOrder()
    {
        var parts = ReportPanels.Catalogue(Model());
        Assert.Equal(
            [("flow", ReportPartKind.Section), ("throughput", ReportPartKind.Chart), ("wip", ReportPartKind.Chart), ("blocked", ReportPartKind.Table),
                ("wip", ReportPartKind.Table), ("waste", ReportPartKind.Section), ("waste", ReportPartKind.Chart)],
            parts.Select(p => (p.Id, p.Kind)));
        Assert.All(parts.Take(5), p => Assert.Equal("flow", p.Section));
    }

    [Fact]
    public void Select_Section_Chart_Table_PrefixedIdsOwnTitleAndHeight()
    {
        var model = Model();
        var section = ReportPanels.Select(model, "flow", 1, null, null, ["n1"])!;
        Assert.Equal(("panel-1", "Flow"), (section.Id, section.Title));
        Assert.Equal(["p1-throughput", "p1-wip"], section.Charts.Select(c => c.Id));
        Assert.Equal(["p1-blocked", "p1-wip"], section.Tables.Select(t => t.Id));
        Assert.Equal(["n1", "a note"], section.Notes);
        Assert.Equal([300, 360], section.Charts.Select(c => c.HeightPx));

        var chart = ReportPanels.Select(model, "throughput", 2, "<b>Mine</b>", 200, [])!;
        Assert.Equal(("panel-2", "<b>Mine</b>"), (chart.Id, chart.Title));
        var only = Assert.Single(chart.Charts);
        Assert.Equal(("p2-throughput", 200, "Throughput", "bars"), (only.Id, only.HeightPx, only.Title, only.Description));
        Assert.Same(model.Sections[0].Charts[0].Option, only.Option);
        Assert.Empty(chart.Tables);

        var table = ReportPanels.Select(model, "blocked", 3, null, null, [])!;
        Assert.Equal(("Blocked", "p3-blocked"), (table.Title, Assert.Single(table.Tables).Id));
        Assert.Equal("A-1", table.Tables[0].Rows[0][0]);

        // A chart and a table of one id come together, titled by the chart.
        var both = ReportPanels.Select(model, "wip", 6, null, null, [])!;
        Assert.Equal(("WIP", "p6-wip", "p6-wip"), (both.Title, Assert.Single(both.Charts).Id, Assert.Single(both.Tables).Id));

        // A section id wins over a chart of the same id; an unknown id is null.
        Assert.Equal("Waste", ReportPanels.Select(model, "waste", 4, null, null, [])!.Title);
        Assert.Null(ReportPanels.Select(model, "nope", 5, null, null, []));
    }
}
