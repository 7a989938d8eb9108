namespace PmoFlow.Core.Value;

/// <summary>
/// The flow facts of one work item that value metrics need, as plain inputs (the flow metrics
/// produce them; tests and files can give them directly).
/// </summary>
/// <remarks>Dates are local calendar dates in the value stream's time zone.</remarks>
/// <param name="Key">The tracker's key of the item (e.g. <c>SHOP-12</c>).</param>
/// <param name="Type">Work item type, raw (Story, Bug, ...), if known.</param>
/// <param name="ParentKey">Parent / epic key, if any (e.g. <c>EPIC-1</c>).</param>
/// <param name="Labels">Labels, if any.</param>
/// <param name="BusinessValue">Business value (points or money), if the item carries one.</param>
/// <param name="Created">Local date the item was created, if known.</param>
/// <param name="ValueReached">Local date the item reached the value point, or null when it has not.</param>
/// <param name="Completed">Local date of the item's Done (METRICS §2), or null when not done.</param>
public sealed record ValueItem(
    string Key,
    string? Type = null,
    string? ParentKey = null,
    IReadOnlyList<string>? Labels = null,
    decimal? BusinessValue = null,
    DateOnly? Created = null,
    DateOnly? ValueReached = null,
    DateOnly? Completed = null);
