using PmoFlow.Core.Events;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Tests.Flow;
using PmoFlow.Core.Value;

namespace PmoFlow.Core.Tests.Value;

/// <summary>
/// Initiatives sorted into the portfolio board's states, as of 31 May 2024 12:00 UTC:
/// PROP links P-1 (backlog) → proposed; EMPTY links nothing → proposed; WIP links W-1 (in progress) and W-2 (done)
/// → in progress; DEL links D-1 (done 10 May) and has a KPI read only on 1 May → delivered; REAL links R-1 (done
/// 10 May) with a KPI read on 20 May (after delivery) → realising value. WSJF: REAL 3000 &gt; WIP 500 &gt; the rest unranked.
/// </summary>
public class InitiativeBoardTests
{
    private static Kpi Kpi(DateOnly reading) => new()
    {
        Name = "k", Baseline = 0, Target = 10, BaselineDate = new DateOnly(2024, 1, 1), TargetDate = new DateOnly(2024, 12, 31),
        Readings = [new KpiReading(reading, 1)],
    };

    [Fact]
    public void Build_SortsInitiativesIntoTheirStatesInRankOrder()
    {
        var histories = new List<History>
        {
            new("P-1", "2024-05-01T08:00:00Z"),
            new History("W-1", "2024-05-01T08:00:00Z").To("2024-05-20T09:00:00Z", "In Progress"),
            new History("W-2", "2024-05-01T08:00:00Z").To("2024-05-02T09:00:00Z", "In Progress").To("2024-05-03T09:00:00Z", "Done"),
            new History("D-1", "2024-05-01T08:00:00Z").To("2024-05-02T09:00:00Z", "In Progress").To("2024-05-10T09:00:00Z", "Done"),
            new History("R-1", "2024-05-01T08:00:00Z").To("2024-05-02T09:00:00Z", "In Progress").To("2024-05-10T10:00:00Z", "Done"),
        };
        var work = histories.Select(h => h.Item with { Labels = [h.Item.Key[..1].ToLowerInvariant()] }).ToList();
        var portfolio = new Portfolio
        {
            Initiatives =
            [
                new Initiative { Id = "PROP", Link = new InitiativeLink { Labels = ["p"] } },
                new Initiative { Id = "EMPTY", Link = new InitiativeLink { Labels = ["nothing"] } },
                new Initiative { Id = "WIP", Link = new InitiativeLink { Labels = ["w"] }, CostOfDelayPerWeek = 1000, JobDurationWeeks = 2 },
                new Initiative { Id = "DEL", Link = new InitiativeLink { Labels = ["d"] }, Kpis = [Kpi(new DateOnly(2024, 5, 1))] },
                new Initiative { Id = "REAL", Link = new InitiativeLink { Labels = ["r"] }, CostOfDelayPerWeek = 3000, JobDurationWeeks = 1, Kpis = [Kpi(new DateOnly(2024, 5, 20))] },
            ],
        };
        var stream = FlowKit.Stream();
        var analysis = FlowKit.Analyze(stream, "2024-05-31T12:00:00Z", [.. histories]);
        var flow = PortfolioFlow.Evaluate(portfolio, ValueOptions.Default, stream, analysis, work,
            new PortfolioFlowOptions { Forecast = new InitiativeForecastOptions { Forecast = new ForecastOptions { Trials = 100 } } });

        var cards = InitiativeBoard.Build(portfolio, flow, analysis);

        Assert.Equal(["REAL", "WIP", "DEL", "EMPTY", "PROP"], cards.Select(c => c.InitiativeId));
        var byId = cards.ToDictionary(c => c.InitiativeId);
        Assert.Equal(InitiativeState.RealisingValue, byId["REAL"].State);
        Assert.Equal(InitiativeState.InProgress, byId["WIP"].State);
        Assert.Equal(InitiativeState.Delivered, byId["DEL"].State);
        Assert.Equal(InitiativeState.Proposed, byId["EMPTY"].State);
        Assert.Equal(InitiativeState.Proposed, byId["PROP"].State);
        Assert.Equal((2, 2, 1), (byId["WIP"].LinkedItems, byId["WIP"].StartedItems, byId["WIP"].DoneItems));
        Assert.Equal((1, 0, 0), (byId["PROP"].LinkedItems, byId["PROP"].StartedItems, byId["PROP"].DoneItems));
        Assert.Equal(new DateOnly(2024, 5, 10), byId["DEL"].DeliveredOn);
        Assert.Null(byId["WIP"].DeliveredOn);
        Assert.Equal((1, 2), (byId["REAL"].Rank, byId["WIP"].Rank));
        Assert.Equal("realising-value", InitiativeState.RealisingValue.Name());
    }
}
