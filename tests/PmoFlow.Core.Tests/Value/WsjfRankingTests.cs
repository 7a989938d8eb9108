using FsCheck;
using FsCheck.Fluent;
using PmoFlow.Core.Value;

namespace PmoFlow.Core.Tests.Value;

public class WsjfRankingTests
{
    private static InitiativeValue Row(string id, double? cod, double? weeks, double? alignment = null) => new()
    {
        InitiativeId = id,
        CostOfDelayPerWeek = cod,
        JobDurationWeeks = weeks,
        Wsjf = cod is { } c && weeks is { } w ? c / w : null,
        Alignment = alignment,
    };

    [Fact]
    public void Wsjf_IsCostOfDelayOverDuration()
    {
        // 12,000 a week over 4 weeks → 3,000.
        Assert.Equal(3_000, WsjfRanking.Wsjf(12_000, 4));
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(10, -1)]
    [InlineData(-1, 2)]
    public void Wsjf_BadInputs_Throw(double cod, double weeks)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WsjfRanking.Wsjf(cod, weeks));
    }

    [Fact]
    public void Rank_Empty_IsEmpty()
    {
        Assert.Empty(WsjfRanking.Rank([]));
    }

    [Fact]
    public void Rank_One_IsRankOne()
    {
        Assert.Equal(1, WsjfRanking.Rank([Row("A", 10, 2)])[0].Rank);
    }

    [Fact]
    public void Rank_TwoDifferentWsjf_HigherFirst()
    {
        var ranked = WsjfRanking.Rank([Row("A", 10, 5), Row("B", 10, 2)]);

        Assert.Equal(["B", "A"], ranked.Select(r => r.InitiativeId));
        Assert.Equal([1, 2], ranked.Select(r => r.Rank!.Value));
    }

    [Fact]
    public void Rank_Ties_BrokenByCostOfDelayThenAlignmentThenId()
    {
        // All have WSJF 5. A: CoD 10 over 2. B, C, D: CoD 20 over 4, so they come before A (costlier delay).
        // Among B, C, D: C has the highest alignment (0.9); B and D tie at 0.5 and fall back to id order.
        // E has no cost of delay: last, without a rank.
        InitiativeValue[] rows =
        [
            Row("E", null, null, 1.0), Row("D", 20, 4, 0.5), Row("A", 10, 2, 1.0), Row("C", 20, 4, 0.9), Row("B", 20, 4, 0.5),
        ];

        var ranked = WsjfRanking.Rank(rows);

        Assert.Equal(["C", "B", "D", "A", "E"], ranked.Select(r => r.InitiativeId));
        Assert.Equal([1, 2, 3, 4, (int?)null], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Rank_UnrankedInitiatives_OrderedByAlignmentThenId()
    {
        var ranked = WsjfRanking.Rank([Row("b", null, null), Row("Z", null, null, 0.2), Row("a", null, null)]);

        Assert.Equal(["Z", "a", "b"], ranked.Select(r => r.InitiativeId));
        Assert.All(ranked, r => Assert.Null(r.Rank));
    }

    [Fact]
    public void Rank_AnyInputOrder_GivesTheSameOrder()
    {
        // Few distinct values so ties are common; ids unique so the order is total.
        var gen =
            from n in Gen.Choose(0, 12)
            from cods in Gen.Choose(0, 3).ArrayOf(n)
            from weeks in Gen.Choose(0, 2).ArrayOf(n)
            from seed in Gen.Choose(0, 1000)
            select (cods, weeks, seed);
        Prop.ForAll(gen.ToArbitrary(), t =>
            {
                var rows = t.cods.Select((c, i) => t.weeks[i] == 0
                        ? Row("I" + i, null, null, (i % 3) / 2.0)
                        : Row("I" + i, c * 10, t.weeks[i], (i % 3) / 2.0))
                    .ToList();
                var rng = new Random(t.seed);
                var shuffled = rows.OrderBy(_ => rng.Next()).ToList();
                var a = WsjfRanking.Rank(rows).Select(r => r.InitiativeId);
                var b = WsjfRanking.Rank(shuffled).Select(r => r.InitiativeId);
                return a.SequenceEqual(b);
            })
            .QuickCheckThrowOnFailure();
    }
}
