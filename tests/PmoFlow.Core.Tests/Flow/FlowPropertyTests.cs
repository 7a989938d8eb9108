using FsCheck;
using FsCheck.Fluent;
using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using static PmoFlow.Core.Tests.Flow.FlowKit;

namespace PmoFlow.Core.Tests.Flow;

/// <summary>FsCheck invariants over random histories (reopens, backward moves, skips, blocks, removals, unmapped statuses).</summary>
public class FlowPropertyTests
{
    private static readonly string[] Statuses = ["Open", "In Progress", "Review", "Done", "Closed", "Won't Do", "Reopened", "Parked"];
    private static readonly DateTimeOffset Origin = T("2024-01-01T00:00:00Z");
    private static readonly FlowQuery Query = new() { AsOf = T("2024-03-01T00:00:00Z") };

    // One step: minutes since the previous event, and what happens (a status index, or block/unblock/delete).
    private static Gen<(int Start, List<(int, int)> Steps)> HistoryGen() =>
        from steps in Gen.ListOf(Gen.Zip(Gen.Choose(0, 3 * 24 * 60), Gen.Frequency(
            (8, Gen.Choose(0, Statuses.Length - 1)),
            (1, Gen.Constant(-1)),
            (1, Gen.Constant(-2)),
            (1, Gen.Constant(-3)))))
        from startOffset in Gen.Choose(0, 20 * 24 * 60)
        select (startOffset, steps.ToList());

    private static List<FlowEvent> Build(string key, DateTimeOffset created, IEnumerable<(int Minutes, int What)> steps)
    {
        var events = new List<FlowEvent> { new("jira", key, "000", created, EventKind.Created, ToStatus: "Open") };
        var at = created;
        var status = "Open";
        var n = 1;
        foreach (var (minutes, what) in steps.Take(12))
        {
            at = at.AddMinutes(minutes);
            var eventKey = (n++).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
            if (what >= 0)
            {
                events.Add(new FlowEvent("jira", key, eventKey, at, EventKind.Status, status, Statuses[what]));
                status = Statuses[what];
            }
            else
            {
                var kind = what == -1 ? EventKind.Blocked : what == -2 ? EventKind.Unblocked : EventKind.Removed;
                events.Add(new FlowEvent("jira", key, eventKey, at, kind));
            }
        }

        return events;
    }

    private static Arbitrary<List<FlowEvent>> Histories() =>
        Gen.ListOf(HistoryGen())
            .Select(list => list.Take(12).SelectMany((h, i) => Build("P-" + i, Origin.AddMinutes(h.Start), h.Steps)).ToList())
            .ToArbitrary();

    private static readonly FlowOptions[] AllOptionSets =
    [
        FlowOptions.PmoFlow,
        FlowOptions.ActionableAgile,
        FlowOptions.JiraAgileMetrics,
        FlowOptions.PmoFlow with { StageReentry = StageReentry.KeepLatest, TimeResolution = TimeResolution.Continuous },
        FlowOptions.PmoFlow with { BackwardMove = BackwardMove.EraseLaterEntries, WipCountPoint = WipCountPoint.StartOfDay },
        FlowOptions.PmoFlow with { PercentileMethod = PercentileMethod.Linear, SkippedStages = SkippedStages.LeaveEmpty },
    ];

    private static FlowAnalysis Run(List<FlowEvent> events, FlowOptions options) =>
        FlowAnalyzer.Analyze(Stream(options, "Europe/London"), [], events, Query);

    [Fact]
    public void FlowEfficiency_AlwaysBetweenZeroAndOne()
    {
        Prop.ForAll(Histories(), events => AllOptionSets.All(o =>
        {
            var a = Run(events, o);
            return a.Items.All(i => i.FlowEfficiency is null or (>= 0 and <= 1))
                && a.FlowEfficiency.Stream is null or (>= 0 and <= 1)
                && a.FlowEfficiency.ByStage.All(s => s.Efficiency is null or (>= 0 and <= 1));
        })).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Percentiles_NonDecreasingInP()
    {
        var sample = Gen.ListOf(Gen.Choose(0, 500).Select(x => x / 7.0)).Select(l => l.Order().ToArray()).ToArbitrary();
        Prop.ForAll(sample, sorted =>
        {
            foreach (var method in new[] { PercentileMethod.NearestRank, PercentileMethod.Linear })
            {
                double? previous = null;
                for (var p = 0.0; p <= 100; p += 2.5)
                {
                    var v = Percentiles.Of(sorted, p, method);
                    if (sorted.Length == 0 ? v is not null : v is null || (previous is { } prev && v < prev))
                    {
                        return false;
                    }

                    previous = v;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Cfd_NonDecreasingPerStageAndOrderedAcrossStages()
    {
        var backFilling = AllOptionSets.Where(o => o.SkippedStages == SkippedStages.BackFill).ToArray();
        Prop.ForAll(Histories(), events => backFilling.All(o =>
        {
            var rows = Run(events, o).Cfd.Rows;
            for (var k = 0; k < rows.Count; k++)
            {
                var c = rows[k].Counts;
                for (var b = 0; b < c.Count; b++)
                {
                    if ((k > 0 && c[b] < rows[k - 1].Counts[b]) || (b > 0 && c[b] > c[b - 1]))
                    {
                        return false;
                    }
                }
            }

            return true;
        })).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Wip_EqualsCfdCommitmentMinusCfdDelivery()
    {
        Prop.ForAll(Histories(), events => AllOptionSets.Where(o => o.SkippedStages == SkippedStages.BackFill && o.WipCountPoint == WipCountPoint.EndOfDay).All(o =>
        {
            var a = Run(events, o);
            var dev = a.Cfd.Bands.ToList().IndexOf("Dev");     // commitment point
            var done = a.Cfd.Bands.ToList().IndexOf("Done");   // delivery point
            var cfd = a.Cfd.Rows.ToDictionary(r => r.Date);
            return a.Wip.All(w => !cfd.TryGetValue(w.Date, out var r) || w.Items == r.Counts[dev] - r.Counts[done])
                && a.Wip.All(w => w.ByStage.Values.Sum() == w.Items);
        })).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Throughput_TotalEqualsCompletedItems()
    {
        Prop.ForAll(Histories(), events => AllOptionSets.All(o =>
        {
            var a = Run(events, o);
            var done = a.Items.Count(i => i.State == ItemState.Done);
            return (a.Throughput ?? 0) == done
                && a.ThroughputDaily.Sum(d => d.Items) == done
                && a.ThroughputWeekly.Sum(w => w.Items) == done
                && a.CompletionDates.Count == done
                && a.FlowDistribution.Sum(t => t.Items) == done;
        })).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ReorderingInputEvents_ChangesNothing()
    {
        var gen = from events in Histories().Generator
                  from seed in Gen.Choose(0, int.MaxValue)
                  select (events, seed);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (events, seed) = input;
            var shuffled = events.ToArray();
            new Random(seed).Shuffle(shuffled);
            return AllOptionSets.All(o =>
            {
                var a = Run(events, o);
                var b = Run([.. shuffled], o);
                return Json(a) == Json(b);
            });
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void StreamedInput_GivesTheSameAnalysisAsInMemoryInput()
    {
        Prop.ForAll(Histories(), events =>
        {
            var inMemory = Run(events, FlowOptions.PmoFlow);
            var ordered = events.OrderBy(e => e.ItemKey, StringComparer.Ordinal).ToList();
            var streamed = FlowAnalyzer.Analyze(Stream(FlowOptions.PmoFlow, "Europe/London"), ItemHistory.GroupOrdered(ordered), Query);
            return Json(inMemory) == Json(streamed);
        }).QuickCheckThrowOnFailure();
    }

    private static string Json(FlowAnalysis a) => System.Text.Json.JsonSerializer.Serialize(a, JsonShapeTests.Options);
}
