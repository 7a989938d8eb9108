using System.Text.Json;
using PmoFlow.Core.Flow;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>Output shapes: JSON with nulls for no data, empty/one/two items, and the tables the CLI prints.</summary>
public class JsonShapeTests
{
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    private static History One() => new History("O-1", "2024-01-01T09:00:00Z")
        .To("2024-01-02T10:00:00Z", "In Progress")
        .To("2024-01-04T12:00:00Z", "Done");

    [Fact]
    public void Analyze_EmptyInput_NoDataNotZero()
    {
        var a = FlowAnalyzer.Analyze(Stream(), [], [], new FlowQuery { AsOf = T("2024-01-10T00:00:00Z") });

        Assert.Empty(a.Items);
        Assert.Equal(0, a.CycleTime.Count);
        Assert.All(a.CycleTime.Percentiles, p => Assert.Null(p.Value));
        Assert.Null(a.CycleTime.Mean);
        Assert.Null(a.SleDays);
        Assert.Null(a.Throughput);
        Assert.Empty(a.ThroughputDaily);
        Assert.Empty(a.Wip);
        Assert.Empty(a.Cfd.Rows);
        Assert.Null(a.Arrivals.ArrivalRate);
        Assert.Null(a.FlowEfficiency.Stream);
        Assert.Null(a.ValueStreamMap.TotalLeadTimeDays);
        Assert.Equal(new FlowWindow(D("2024-01-10"), D("2024-01-10")), a.Window);
        var json = JsonSerializer.Serialize(a, Options);
        Assert.Contains("\"throughput\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"sleDays\":null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_EmptyInputWithExplicitWindow_NoException()
    {
        var q = new FlowQuery { AsOf = T("2024-01-10T00:00:00Z"), From = D("2024-01-01"), To = D("2024-01-07") };
        var a = FlowAnalyzer.Analyze(Stream(), [], [], q);

        Assert.Null(a.Throughput);
        Assert.Empty(a.ThroughputDaily);
        Assert.Equal(0, a.Waste.Stream.AbandonedItems);
    }

    [Fact]
    public void Analyze_OneItem_PercentilesAreItsCycleTime()
    {
        var a = Analyze(Stream(), "2024-01-10T00:00:00Z", One());

        Assert.Equal(1, a.CycleTime.Count);
        Assert.All(a.CycleTime.Percentiles, p => Assert.Equal(3, p.Value)); // 4 − 2 + 1 at every percentile
        Assert.Equal(1, a.Throughput);
    }

    [Fact]
    public void Analyze_TwoItems_LinearInterpolatesBetweenThem()
    {
        var two = new History("O-2", "2024-01-01T09:00:00Z").To("2024-01-02T10:00:00Z", "In Progress").To("2024-01-08T12:00:00Z", "Done");
        var options = Core.Model.FlowOptions.PmoFlow with { PercentileMethod = Core.Model.PercentileMethod.Linear };
        var a = Analyze(Stream(options), "2024-01-10T00:00:00Z", One(), two);

        // Cycle times 3 and 7 (8 − 2 + 1). Type 7: h = (n − 1)·p = 0.85 → 3 + 0.85 · 4 = 6.4; P50 → 5.
        Assert.Equal(5.0, a.CycleTime.Percentiles.Single(p => p.Percentile == 50).Value!.Value, 9);
        Assert.Equal(6.4, a.CycleTime.Percentiles.Single(p => p.Percentile == 85).Value!.Value, 9);
    }

    [Fact]
    public void Json_DatesLocalAndInstantsUtc()
    {
        var a = Analyze(Stream(zone: "Europe/London"), "2024-07-10T00:00:00Z",
            new History("J-1", "2024-07-01T09:00:00+02:00").To("2024-07-02T23:30:00Z", "In Progress").To("2024-07-04T12:00:00Z", "Done"));
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(a, Options));
        var item = doc.RootElement.GetProperty("items")[0];

        Assert.Equal("2024-07-01T07:00:00+00:00", item.GetProperty("created").GetString()); // converted to UTC
        Assert.Equal("done", item.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("age").ValueKind);
        Assert.Equal("2024-07-04", doc.RootElement.GetProperty("throughputDaily")[3].GetProperty("date").GetString()); // local date
        Assert.Equal(1, doc.RootElement.GetProperty("throughputDaily")[3].GetProperty("items").GetInt32());
        Assert.Equal(2, a.Item("J-1").CycleTime); // local start 2024-07-03 00:30 BST, done 07-04 13:00: 4 − 3 + 1
    }

    [Fact]
    public void ItemsTable_HasExactlyTheDocumentedColumns()
    {
        var t = FlowTables.Items(Analyze(Stream(), "2024-01-10T00:00:00Z", One()));

        Assert.Equal(
            ["key", "type", "title", "created", "start", "done", "cycle_time", "lead_time", "time_to_value", "flow_efficiency", "blocked_days", "rework_moves", "state", "age"],
            t.Columns);
        var row = Assert.Single(t.Rows);
        Assert.Equal(
            ["O-1", "story", "Title of O-1", "2024-01-01T09:00:00.000Z", "2024-01-02T10:00:00.000Z", "2024-01-04T12:00:00.000Z", 3.0, 4.0, 4.0, 1.0, 0.0, 0, "done", null],
            row);
    }

    [Fact]
    public void AllTables_RowsMatchTheirColumns()
    {
        var a = Analyze(Stream(), "2024-01-10T00:00:00Z", One(), new History("Q", "2024-01-03T00:00:00Z", type: "bug").To("2024-01-05T00:00:00Z", "In Progress"));
        var tables = FlowTables.All(a);

        Assert.Equal(12, tables.Count);
        Assert.All(tables, t => Assert.All(t.Rows, r => Assert.Equal(t.Columns.Count, r.Count)));
        Assert.Equal(["date", "Backlog", "Dev", "Review", "Done", "Closed"], tables.Single(t => t.Name == "cfd").Columns);
    }
}
