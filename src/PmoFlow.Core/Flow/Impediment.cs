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
