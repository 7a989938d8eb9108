using PmoFlow.Core.Events;
using PmoFlow.Core.Model;

namespace PmoFlow.Reporting.Tests.Streams;

/// <summary>A small stream and hand-made histories whose figures can be worked out on paper.</summary>
internal static class StreamKit
{
    public static StreamDefinition Stream(string zone = "UTC", double? sle = 5, string name = "Checkout") => new()
    {
        Name = name,
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone),
        Workflow = new Workflow(
        [
            new Stage("Backlog", StageCategory.Backlog, ["Open"]),
            new Stage("Doing", StageCategory.Active, ["In Progress"], WipLimit: 3),
            new Stage("Review", StageCategory.Wait, ["Review"], WipLimit: 2),
            new Stage("Done", StageCategory.Done, ["Done"]),
        ]),
        SleDays = sle,
        Sources = ["tracker"],
    };

    public static DateTimeOffset At(int month, int day, int hour, int minute = 0, int offsetHours = 0) =>
        new(2024, month, day, hour, minute, 0, TimeSpan.FromHours(offsetHours));

    /// <summary>Builds one item's events: created (in Open), then (instant, status) moves.</summary>
    public sealed class History
    {
        private readonly List<WorkItem> _items = [];
        private readonly List<FlowEvent> _events = [];

        public IReadOnlyList<WorkItem> Items => _items;

        public IReadOnlyList<FlowEvent> Events => _events;

        public History Item(string key, DateTimeOffset created, string title, params (DateTimeOffset At, string Status)[] moves)
        {
            _items.Add(new WorkItem("tracker", key, "story", title, created));
            _events.Add(new FlowEvent("tracker", key, key + "-c", created, EventKind.Created, ToStatus: "Open"));
            var from = "Open";
            for (var i = 0; i < moves.Length; i++)
            {
                _events.Add(new FlowEvent("tracker", key, $"{key}-{i}", moves[i].At, EventKind.Status, from, moves[i].Status));
                from = moves[i].Status;
            }

            return this;
        }

        public History Flag(string key, DateTimeOffset at, bool blocked, string? reason = null)
        {
            _events.Add(new FlowEvent("tracker", key, $"{key}-f{_events.Count}", at, blocked ? EventKind.Blocked : EventKind.Unblocked, Value: reason));
            return this;
        }
    }

    /// <summary>
    /// Weeks 2024-W04 (Jan 22-28) and 2024-W05 (Jan 29 - Feb 4), UTC:
    /// A: In Progress Jan 22 10:00, Done Jan 24 10:00 (W04, cycle time 24-22+1 = 3 days, all active);
    /// B: In Progress Jan 23 10:00, Review Jan 25 10:00, Done Jan 30 10:00 (W05, 30-23+1 = 8 days; 2 active, 5 waiting);
    /// C: In Progress Jan 29 09:00, Done Jan 29 17:00 (W05, 1 day; 8 h active);
    /// D: In Progress Jan 30 09:00, Done Feb 1 09:00 (W05, 3 days; 2 days active);
    /// E: In Progress Jan 26 09:00, still there; blocked Feb 2 12:00 ("Waiting for vendor");
    /// F: created Jan 31, still Open.
    /// </summary>
    public static History TwoWeeks()
    {
        var h = new History()
            .Item("A", At(1, 22, 9), "Basket rounding", (At(1, 22, 10), "In Progress"), (At(1, 24, 10), "Done"))
            .Item("B", At(1, 23, 9), "Search speed", (At(1, 23, 10), "In Progress"), (At(1, 25, 10), "Review"), (At(1, 30, 10), "Done"))
            .Item("C", At(1, 29, 8), "Typo on button", (At(1, 29, 9), "In Progress"), (At(1, 29, 17), "Done"))
            .Item("D", At(1, 29, 8), "Coupon codes", (At(1, 30, 9), "In Progress"), (At(2, 1, 9), "Done"))
            .Item("E", At(1, 20, 8), "Payment provider", (At(1, 26, 9), "In Progress"))
            .Item("F", At(1, 31, 8), "Gift cards");
        return h.Flag("E", At(2, 2, 12), blocked: true, "Waiting for vendor");
    }
}
