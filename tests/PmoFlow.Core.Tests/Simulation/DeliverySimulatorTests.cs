using PmoFlow.Core.Events;
using PmoFlow.Core.Simulation;

namespace PmoFlow.Core.Tests.Simulation;

public class DeliverySimulatorTests
{
    [Fact]
    public void Run_SameSeed_GivesIdenticalData()
    {
        var a = DeliverySimulator.Run(new SimulationParameters { Seed = 7, Days = 120 });
        var b = DeliverySimulator.Run(new SimulationParameters { Seed = 7, Days = 120 });

        Assert.Equal(a.Events, b.Events);
        Assert.Equal(a.Items, b.Items);
    }

    [Fact]
    public void Run_DifferentSeed_GivesDifferentData()
    {
        var a = DeliverySimulator.Run(new SimulationParameters { Seed = 1, Days = 60 });
        var b = DeliverySimulator.Run(new SimulationParameters { Seed = 2, Days = 60 });

        Assert.NotEqual(a.Events.Select(e => e.At), b.Events.Select(e => e.At));
    }

    [Fact]
    public void Run_EveryItemsStatusChain_IsConsistentAndUsesOnlyWorkflowStatuses()
    {
        var result = DeliverySimulator.Run(new SimulationParameters { Seed = 3, Days = 200 });
        var statuses = DeliverySimulator.Workflow.Select(s => s.Name).ToHashSet();

        foreach (var item in result.Events.GroupBy(e => e.ItemKey))
        {
            var current = "Backlog";
            var last = DateTimeOffset.MinValue;
            foreach (var e in item)
            {
                Assert.True(e.At >= last, $"{item.Key} events out of order");
                last = e.At;
                if (e.Kind == EventKind.Status)
                {
                    // Each move starts where the previous one ended: no gaps in the chain.
                    Assert.Equal(current, e.FromStatus);
                    Assert.Contains(e.ToStatus!, statuses);
                    current = e.ToStatus!;
                }
            }
        }

        Assert.Equal(result.Items.Count, result.Events.Count(e => e.Kind == EventKind.Created));
    }

    [Fact]
    public void Run_SimulatedSystem_HasReworkBlockingAbandonmentAndWeekdayOnlyWork()
    {
        var result = DeliverySimulator.Run(new SimulationParameters { Seed = 42, Days = 365 });
        var zone = TimeZoneInfo.FindSystemTimeZoneById(result.Parameters.TimeZone);

        Assert.Contains(result.Events, e => e.FromStatus == "Testing" && e.ToStatus == "In Development");
        Assert.Contains(result.Events, e => e.Kind == EventKind.Blocked);
        Assert.Contains(result.Events, e => e.ToStatus == "Cancelled");
        Assert.All(result.Events, e =>
        {
            var local = TimeZoneInfo.ConvertTime(e.At, zone);
            Assert.InRange(local.Hour, 9, 18);
            Assert.NotEqual(DayOfWeek.Saturday, local.DayOfWeek);
            Assert.NotEqual(DayOfWeek.Sunday, local.DayOfWeek);
        });
        // About 1 arrival per working day per team over 261 working days and 2 teams: Poisson, so within ±4σ of 522.
        Assert.InRange(result.Items.Count, 522 - (4 * Math.Sqrt(522)), 522 + (4 * Math.Sqrt(522)));
    }
}
