using BenchmarkDotNet.Attributes;
using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;

namespace PmoFlow.Benchmarks.Flow;

/// <summary>
/// Timelines plus every flow metric over seeded synthetic histories: about ten events per item
/// (moves, a backward move, blocks, a few removals), in the compact form and through <see cref="FlowEvent"/> records.
/// </summary>
[MemoryDiagnoser]
public class FlowMetricsBenchmarks
{
    private static readonly Workflow Workflow = new(
    [
        new Stage("Backlog", StageCategory.Backlog, ["Open"]),
        new Stage("Dev", StageCategory.Active, ["In Progress", "Reopened"], 40),
        new Stage("Review", StageCategory.Wait, ["Review"]),
        new Stage("Test", StageCategory.Active, ["Testing"]),
        new Stage("Done", StageCategory.Done, ["Done"]),
        new Stage("Closed", StageCategory.Done, ["Closed"]),
        new Stage("Removed", StageCategory.Removed, ["Won't Do"]),
    ]);

    private static readonly string[] Statuses = ["Open", "In Progress", "Review", "Testing", "Done", "Closed", "Won't Do", "Reopened"];

    private readonly StreamDefinition _stream = new()
    {
        Name = "bench",
        Workflow = Workflow,
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London"),
    };

    private readonly FlowQuery _query = new() { AsOf = new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero) };
    private CompactItem[] _items = [];
    private CompactEvent[] _events = [];
    private int[] _offsets = [];
    private List<WorkItem> _workItems = [];
    private List<FlowEvent> _flowEvents = [];

    /// <summary>Number of items; events are about ten times as many.</summary>
    [Params(10_000, 1_000_000)]
    public virtual int Items { get; set; }

    /// <summary>Builds the histories from a fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20240701);
        var statuses = FlowAnalyzer.CreateAccumulator(_stream, _query).Statuses;
        var ids = Statuses.Select(statuses.Intern).ToArray(); // mapped statuses get the same ids in every accumulator
        var origin = new DateTimeOffset(2021, 7, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var events = new List<CompactEvent>(Items * 11);
        _items = new CompactItem[Items];
        _offsets = new int[Items + 1];
        var keepRecords = KeepRecords;
        _workItems = [];
        _flowEvents = [];
        for (var i = 0; i < Items; i++)
        {
            var key = "B-" + i;
            var t = origin + (long)(random.NextDouble() * 1000 * TimeSpan.TicksPerDay);
            _items[i] = new CompactItem(key, i % 3, t);
            _offsets[i] = events.Count;
            var status = 0;
            void Move(int to)
            {
                t += (long)(random.NextDouble() * 4 * TimeSpan.TicksPerDay);
                events.Add(new CompactEvent(t, EventKind.Status, ids[status], ids[to]));
                status = to;
            }

            void Flag(EventKind kind)
            {
                t += (long)(random.NextDouble() * TimeSpan.TicksPerDay);
                events.Add(new CompactEvent(t, kind));
            }

            events.Add(new CompactEvent(t, EventKind.Created, -1, ids[0]));
            Move(1);
            Flag(EventKind.Blocked);
            Flag(EventKind.Unblocked);
            Move(2);
            if (random.Next(4) == 0)
            {
                Move(1); // a backward move: rework
                Move(2);
            }

            Move(3);
            Flag(EventKind.Blocked);
            Flag(EventKind.Unblocked);
            var fate = random.Next(10);
            if (fate < 7)
            {
                Move(4);
                Move(5);
            }
            else if (fate == 7)
            {
                Move(6);
            }

            if (keepRecords)
            {
                _workItems.Add(new WorkItem("bench", key, "type" + (i % 3), "Item " + i, new DateTimeOffset(_items[i].CreatedUtcTicks, TimeSpan.Zero)));
                for (var k = _offsets[i]; k < events.Count; k++)
                {
                    var e = events[k];
                    _flowEvents.Add(new FlowEvent("bench", key, k.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        new DateTimeOffset(e.UtcTicks, TimeSpan.Zero), e.Kind,
                        e.FromStatus >= 0 ? statuses.Name(e.FromStatus) : null, e.ToStatus >= 0 ? statuses.Name(e.ToStatus) : null));
                }
            }
        }

        _offsets[Items] = events.Count;
        _events = [.. events];
    }

    /// <summary>Compact items and events: timelines plus every metric (the streamed, allocation-free path).</summary>
    [Benchmark(Baseline = true)]
    public FlowAnalysis Compact()
    {
        var acc = FlowAnalyzer.CreateAccumulator(_stream, _query, Items);
        for (var t = 0; t < 3; t++)
        {
            acc.InternType("type" + t); // ids 0, 1, 2 as used in the compact items
        }

        for (var i = 0; i < _items.Length; i++)
        {
            acc.Add(_items[i], _events.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]));
        }

        return acc.Complete();
    }

    /// <summary>Whether <see cref="Setup"/> also builds <see cref="FlowEvent"/> records.</summary>
    protected virtual bool KeepRecords => false;

    /// <summary>The same histories as <see cref="FlowEvent"/> records (grouping, sorting, interning).</summary>
    protected FlowAnalysis AnalyzeRecords() => FlowAnalyzer.Analyze(_stream, _workItems, _flowEvents, _query);

    /// <summary>Events in the compact input (for events/s).</summary>
    public int EventCount => _events.Length;
}
