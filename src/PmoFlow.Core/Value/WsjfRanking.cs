namespace PmoFlow.Core.Value;

/// <summary>Weighted shortest job first and the deterministic portfolio order.</summary>
/// <remarks>
/// Order: WSJF descending; ties by cost of delay per week descending (of two jobs with equal WSJF the one whose delay
/// costs more, which is also the longer one, goes first: it loses more per week of waiting), then alignment descending
/// (null last), then initiative id (ordinal, case-insensitive, then ordinal). Initiatives without WSJF come after all ranked ones, ordered by alignment then id,
/// and get no rank. Ranks are 1..n with no shared ranks: the tie-break decides. Pure and thread-safe.
/// </remarks>
public static class WsjfRanking
{
    /// <summary>WSJF = cost of delay per week ÷ job duration in weeks.</summary>
    public static double Wsjf(double costOfDelayPerWeek, double jobDurationWeeks)
    {
        if (!double.IsFinite(costOfDelayPerWeek) || costOfDelayPerWeek < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(costOfDelayPerWeek), costOfDelayPerWeek, "Cost of delay must be a finite number ≥ 0.");
        }

        if (!double.IsFinite(jobDurationWeeks) || jobDurationWeeks <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(jobDurationWeeks), jobDurationWeeks, "Job duration must be a finite number > 0.");
        }

        return costOfDelayPerWeek / jobDurationWeeks;
    }

    /// <summary>Sorts rows into portfolio order and assigns ranks.</summary>
    public static IReadOnlyList<InitiativeValue> Rank(IEnumerable<InitiativeValue> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sorted = rows.Order(Comparer).ToList();
        var rank = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            sorted[i] = sorted[i] with { Rank = sorted[i].Wsjf.HasValue ? ++rank : null };
        }

        return sorted;
    }

    /// <summary>The portfolio order as a comparer.</summary>
    public static IComparer<InitiativeValue> Comparer { get; } = Comparer<InitiativeValue>.Create(Compare);

    private static int Compare(InitiativeValue? a, InitiativeValue? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is null)
        {
            return 1;
        }

        if (b is null)
        {
            return -1;
        }

        var c = DescendingNullLast(a.Wsjf, b.Wsjf);
        if (c != 0)
        {
            return c;
        }

        if (a.Wsjf.HasValue)
        {
            c = DescendingNullLast(a.CostOfDelayPerWeek, b.CostOfDelayPerWeek);
            if (c != 0)
            {
                return c;
            }
        }

        c = DescendingNullLast(a.Alignment, b.Alignment);
        if (c != 0)
        {
            return c;
        }

        c = string.Compare(a.InitiativeId, b.InitiativeId, StringComparison.OrdinalIgnoreCase);
        return c != 0 ? c : string.CompareOrdinal(a.InitiativeId, b.InitiativeId);
    }

    private static int DescendingNullLast(double? a, double? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        _ => b!.Value.CompareTo(a!.Value),
    };
}
