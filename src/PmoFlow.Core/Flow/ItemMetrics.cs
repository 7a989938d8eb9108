namespace PmoFlow.Core.Flow;

/// <summary>One item's timeline and per-item figures (one row of <c>pmoflow items</c>).</summary>
/// <remarks>
/// Instants are UTC. Durations are in days per the stream's conventions: whole days (inclusive or exclusive
/// count) for calendar resolutions, fractional days for continuous time. Null means "no data" (e.g. no cycle
/// time for an item that is not done).
/// </remarks>
/// <param name="Key">The item's key.</param>
/// <param name="Type">The item's type (after the stream's type mapping), or null.</param>
/// <param name="Title">The raw title: escape it wherever it is shown.</param>
/// <param name="Created">Created instant (the item's own, else its created event, else its first event).</param>
/// <param name="Start">Start: first arrival at the commitment point or a later stage.</param>
/// <param name="Done">Done: start of the final unbroken stay at or after the delivery point.</param>
/// <param name="ValuePoint">Start of the current stay at or after the value point.</param>
/// <param name="CycleTime">Done − Start (or process time), for done items.</param>
/// <param name="LeadTime">Done − Created, for done items.</param>
/// <param name="TimeToValue">Value point − Created (or − the idea stage's first entry).</param>
/// <param name="FlowEfficiency">Active, unblocked time between Start and Done ÷ (Done − Start), in [0, 1]; null when not done or Done = Start.</param>
/// <param name="BlockedDays">Time flagged as blocked until Done (or removal, or as-of), in fractional days.</param>
/// <param name="ReworkMoves">Backward moves made after commitment.</param>
/// <param name="ReworkDays">Time after the first backward move until Done (or removal, or as-of), fractional days; null without rework.</param>
/// <param name="Reopens">Moves out of done back into the workflow.</param>
/// <param name="State">Backlog, in progress, done, abandoned or removed before start.</param>
/// <param name="Stage">The stage the item is in as of the analysis instant, or null.</param>
/// <param name="Age">For in-progress items: today − Start per the day count (or elapsed).</param>
/// <param name="AgePace">For in-progress items: percentile rank of the age among completed cycle times of the window (100 · share ≤ age).</param>
public sealed record ItemMetrics(
    string Key,
    string? Type,
    string? Title,
    DateTimeOffset? Created,
    DateTimeOffset? Start,
    DateTimeOffset? Done,
    DateTimeOffset? ValuePoint,
    double? CycleTime,
    double? LeadTime,
    double? TimeToValue,
    double? FlowEfficiency,
    double BlockedDays,
    int ReworkMoves,
    double? ReworkDays,
    int Reopens,
    ItemState State,
    string? Stage,
    double? Age,
    double? AgePace);
