namespace PmoFlow.Core.Flow;

/// <summary>Waste in the value stream over a window (METRICS.md §6).</summary>
/// <remarks>
/// Waiting, blocked and rework time are summed over the items that left the flow in the window (done or
/// abandoned on a day of the window); rework moves and WIP-limit breaches are counted on the days they happened;
/// ageing is as of today. All times are fractional days.
/// </remarks>
/// <param name="Window">The window (both ends included).</param>
/// <param name="SleDays">The SLE ageing is measured against, or null when it is unknown.</param>
/// <param name="Stream">Totals for the stream.</param>
/// <param name="ByStage">The same per stage.</param>
public sealed record WasteReport(FlowWindow Window, double? SleDays, StageWaste Stream, IReadOnlyList<StageWaste> ByStage);

/// <summary>Waste figures for one stage (or the whole stream, named <c>(stream)</c>).</summary>
/// <param name="Stage">Stage name, or <c>(stream)</c>.</param>
/// <param name="Category">Stage category, or null for the stream.</param>
/// <param name="WaitingDays">Time in wait stages plus blocked time in active stages.</param>
/// <param name="BlockedDays">Blocked time (part of waiting when in an active stage).</param>
/// <param name="ReworkMoves">Backward moves out of the stage on days of the window.</param>
/// <param name="ReworkDays">Time after the first backward move (stream total only; 0 per stage).</param>
/// <param name="AbandonedItems">Items abandoned in the window (from this stage).</param>
/// <param name="AbandonedDays">Their elapsed days, Start → removal.</param>
/// <param name="AgeingItems">In-progress items older than the SLE today.</param>
/// <param name="AgeingExcessDays">Σ (age − SLE) of those items.</param>
/// <param name="WipLimit">The stage's WIP limit, if any.</param>
/// <param name="DaysOverLimit">Days of the window that ended with more items in the stage than its limit.</param>
/// <param name="MaxWip">Largest end-of-day count in the stage during the window.</param>
/// <param name="ExcessItemDays">Σ over days of (count − limit) when above it.</param>
public sealed record StageWaste(
    string Stage,
    string? Category,
    double WaitingDays,
    double BlockedDays,
    int ReworkMoves,
    double ReworkDays,
    int AbandonedItems,
    double AbandonedDays,
    int AgeingItems,
    double AgeingExcessDays,
    int? WipLimit,
    int DaysOverLimit,
    int MaxWip,
    int ExcessItemDays);

/// <summary>Value stream map data over the items completed in the window.</summary>
/// <param name="Items">Completed items the map is built from.</param>
/// <param name="TotalLeadTimeDays">Σ elapsed lead time (Done − Created), or null without items.</param>
/// <param name="TotalActiveDays">Σ active, unblocked time over the items' whole lives, or null.</param>
/// <param name="ActivityRatio">TotalActiveDays ÷ TotalLeadTimeDays, or null.</param>
/// <param name="Stages">Per stage.</param>
public sealed record ValueStreamMap(
    int Items,
    double? TotalLeadTimeDays,
    double? TotalActiveDays,
    double? ActivityRatio,
    IReadOnlyList<ValueStreamStage> Stages);

/// <summary>One stage of the value stream map.</summary>
/// <param name="Stage">Stage name.</param>
/// <param name="Category">Stage category.</param>
/// <param name="ItemsEntered">Items that really entered the stage (back-filled entries do not count).</param>
/// <param name="ShareEntered">ItemsEntered ÷ items, or null without items.</param>
/// <param name="MedianActiveDays">Median active time in the stage over the items that entered it.</param>
/// <param name="MedianWaitingDays">Median waiting time (wait stage or blocked) over the items that entered it.</param>
public sealed record ValueStreamStage(
    string Stage,
    string Category,
    int ItemsEntered,
    double? ShareEntered,
    double? MedianActiveDays,
    double? MedianWaitingDays);
