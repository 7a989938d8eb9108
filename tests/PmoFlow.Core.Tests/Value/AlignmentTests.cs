using FsCheck;
using FsCheck.Fluent;
using PmoFlow.Core.Value;

namespace PmoFlow.Core.Tests.Value;

public class AlignmentTests
{
    private static readonly StrategicObjective[] Objectives =
    [
        new("O1", "Growth", 3),
        new("O2", "Cost", 1),
        new("O3", "Risk", 1),
    ];

    [Fact]
    public void Score_WeightsNormalised_SumsWeightTimesContribution()
    {
        // Weights 3/1/1 → 0.6/0.2/0.2. Contributions O1 0.5, O3 1.0 → 0.6 × 0.5 + 0.2 × 1.0 = 0.3 + 0.2 = 0.5.
        // Primary objective: O1 (0.3 > 0.2).
        var i = new Initiative { Id = "I", Contributions = new Dictionary<string, double> { ["O1"] = 0.5, ["o3"] = 1.0 } };

        var a = Alignment.Score(Objectives, i)!;

        Assert.Equal(0.5, a.Score, 12);
        Assert.Equal("O1", a.PrimaryObjectiveId);
    }

    [Fact]
    public void Score_ScoresOnAFivePointScale_DividedByTheScale()
    {
        // The same contributions as scores out of 5 (2.5 and 5) give the same 0.5.
        var i = new Initiative { Id = "I", Contributions = new Dictionary<string, double> { ["O1"] = 2.5, ["O3"] = 5 } };

        Assert.Equal(0.5, Alignment.Score(Objectives, i, 5)!.Score, 12);
    }

    [Fact]
    public void Score_WeightsInAnotherUnit_GiveTheSameScore()
    {
        StrategicObjective[] percent = [new("O1", "Growth", 60), new("O2", "Cost", 20), new("O3", "Risk", 20)];
        var i = new Initiative { Id = "I", Contributions = new Dictionary<string, double> { ["O1"] = 0.5, ["O3"] = 1.0 } };

        Assert.Equal(Alignment.Score(Objectives, i)!.Score, Alignment.Score(percent, i)!.Score, 12);
    }

    [Fact]
    public void Score_NoContributions_IsZeroWithNoPrimaryObjective()
    {
        var a = Alignment.Score(Objectives, new Initiative { Id = "I" })!;

        Assert.Equal(0, a.Score);
        Assert.Null(a.PrimaryObjectiveId);
    }

    [Fact]
    public void Score_EqualWeightedContributions_PrimaryIsTheFirstListed()
    {
        // O2 and O3 both weigh 0.2 and both get 1.0: the tie goes to the first in the objectives list, O2.
        var i = new Initiative { Id = "I", Contributions = new Dictionary<string, double> { ["O3"] = 1, ["O2"] = 1 } };

        Assert.Equal("O2", Alignment.Score(Objectives, i)!.PrimaryObjectiveId);
    }

    [Fact]
    public void Score_NoObjectives_IsNull()
    {
        Assert.Null(Alignment.Score([], new Initiative { Id = "I" }));
    }

    [Fact]
    public void Score_AnyValidInput_LiesInTheUnitInterval()
    {
        var gen =
            from n in Gen.Choose(1, 6)
            from weights in Gen.Choose(0, 10).ArrayOf(n)
            from contributions in Gen.Choose(0, 5).ArrayOf(n)
            where weights.Sum() > 0
            select (weights, contributions);
        Prop.ForAll(gen.ToArbitrary(), t =>
            {
                var objectives = t.weights.Select((w, i) => new StrategicObjective("O" + i, "o", w)).ToList();
                var initiative = new Initiative
                {
                    Id = "I",
                    Contributions = t.contributions.Select((c, i) => (c, i)).ToDictionary(x => "O" + x.i, x => (double)x.c),
                };
                var score = Alignment.Score(objectives, initiative, 5)!.Score;
                return score >= 0 && score <= 1 + 1e-12;
            })
            .QuickCheckThrowOnFailure();
    }
}
