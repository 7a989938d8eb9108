using System.Globalization;
using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>Small histories written by hand: a standard workflow and a builder that tracks the current status.</summary>
internal static class FlowKit
{
    // 0 Backlog(Open) · 1 Dev(In Progress, Reopened) · 2 Review(wait) · 3 Done(Done, Resolved) · 4 Closed(done) · 5 Removed(Won't Do)
    public static Workflow Workflow { get; } = new(
    [
        new Stage("Backlog", StageCategory.Backlog, ["Open"]),
        new Stage("Dev", StageCategory.Active, ["In Progress", "Reopened"], WipLimit: 1),
        new Stage("Review", StageCategory.Wait, ["Review"]),
        new Stage("Done", StageCategory.Done, ["Done", "Resolved"]),
        new Stage("Closed", StageCategory.Done, ["Closed"]),
        new Stage("Removed", StageCategory.Removed, ["Won't Do"]),
    ]);

    public static StreamDefinition Stream(FlowOptions? options = null, string zone = "UTC") => new()
    {
        Name = "team",
        Workflow = Workflow,
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone),
        Options = options ?? FlowOptions.PmoFlow,
    };

    public static DateTimeOffset T(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static FlowAnalysis Analyze(StreamDefinition stream, string asOf, params History[] histories) =>
        Analyze(stream, new FlowQuery { AsOf = T(asOf) }, histories);

    public static FlowAnalysis Analyze(StreamDefinition stream, FlowQuery query, params History[] histories) =>
        FlowAnalyzer.Analyze(stream, histories.Select(h => h.Item), histories.SelectMany(h => h.Events), query);

    public static ItemMetrics Item(this FlowAnalysis a, string key) => a.Items.Single(i => i.Key == key);
}

/// <summary>One item's history, built move by move; each move's "from" is the status before it.</summary>
internal sealed class History
{
    private string? _status;
    private int _n;

    public History(string key, string created, string? status = "Open", string type = "story")
    {
        Item = new WorkItem("jira", key, type, "Title of " + key, FlowKit.T(created));
        _status = status;
        Events.Add(new FlowEvent("jira", key, Key(), FlowKit.T(created), EventKind.Created, ToStatus: status));
    }

    public WorkItem Item { get; private set; }

    public List<FlowEvent> Events { get; } = [];

    public History To(string at, string status)
    {
        Events.Add(new FlowEvent("jira", Item.Key, Key(), FlowKit.T(at), EventKind.Status, _status, status));
        _status = status;
        return this;
    }

    public History Parent(string parent)
    {
        Item = Item with { Parent = parent };
        return this;
    }

    public History Block(string at) => Add(at, EventKind.Blocked);

    public History Unblock(string at) => Add(at, EventKind.Unblocked);

    public History Delete(string at) => Add(at, EventKind.Removed);

    public History Raw(FlowEvent e)
    {
        Events.Add(e);
        return this;
    }

    private History Add(string at, EventKind kind)
    {
        Events.Add(new FlowEvent("jira", Item.Key, Key(), FlowKit.T(at), kind));
        return this;
    }

    private string Key() => (_n++).ToString("D4", CultureInfo.InvariantCulture);
}
