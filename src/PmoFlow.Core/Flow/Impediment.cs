namespace PmoFlow.Core.Flow;

/// <summary>
/// One impediment (a blocked spell) of an item: the <c>impediments</c> table, as jira-agile-metrics lists them.
/// </summary>
/// <param name="Key">The item's key.</param>
/// <param name="FlagStart">The instant it was flagged (UTC).</param>
/// <param name="FlagEnd">The instant it ended: unflagged, or the item entered a done or removed stage; null while open.</param>
/// <param name="Stage">The stage the item was in when flagged.</param>
/// <param name="Days">Elapsed fractional days from flag to end (or to the as-of instant while open).</param>
/// <param name="WholeDays">Whole calendar days, date(end) − date(start) (the as-of date while open), as jira-agile-metrics counts them.</param>
/// <param name="InCommitment">
/// Flagged in a stage from the commitment point up to (not including) the delivery point: under
/// <c>blockedDays: whole-days-in-commitment</c> only these add their <paramref name="WholeDays"/> to the item's blocked days.
/// </param>
public sealed record Impediment(
    string Key, DateTimeOffset FlagStart, DateTimeOffset? FlagEnd, string? Stage, double Days, int WholeDays, bool InCommitment);

/// <summary>
/// The impediments of an analysis as rows, made from the blocked spells the accumulator kept as values when a row is
/// read: the analysis of a large stream allocates nothing per spell unless the impediments table is asked for.
/// </summary>
internal sealed class ImpedimentRows(List<(string Key, BlockedSpell Spell)> spells, IReadOnlyList<string> stageNames) : IReadOnlyList<Impediment>
{
    public int Count => spells.Count;

    public Impediment this[int index]
    {
        get
        {
            var (key, spell) = spells[index];
            return new Impediment(
                key,
                new DateTimeOffset(spell.Start, TimeSpan.Zero),
                spell.End == TimelineKernel.NoTicks ? null : new DateTimeOffset(spell.End, TimeSpan.Zero),
                spell.Stage >= 0 ? stageNames[spell.Stage] : null,
                DurationRules.Days(spell.ElapsedTicks),
                Math.Max(0, spell.EndDay - spell.StartDay),
                spell.InCommitment);
        }
    }

    public IEnumerator<Impediment> GetEnumerator()
    {
        for (var i = 0; i < spells.Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
