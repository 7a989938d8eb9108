namespace PmoFlow.Core.Events;

/// <summary>What kind of fact a <see cref="FlowEvent"/> records.</summary>
public enum EventKind
{
    /// <summary>The item was created (its first status may be in <see cref="FlowEvent.ToStatus"/>).</summary>
    Created = 0,

    /// <summary>The item's status changed from <see cref="FlowEvent.FromStatus"/> to <see cref="FlowEvent.ToStatus"/>.</summary>
    Status = 1,

    /// <summary>The item was flagged as blocked.</summary>
    Blocked = 2,

    /// <summary>The item's blocked flag was cleared.</summary>
    Unblocked = 3,

    /// <summary>The item was deleted or removed from the tracker.</summary>
    Removed = 4,

    /// <summary>A field other than status changed: <see cref="FlowEvent.Field"/> holds its name (type, parent, value, ...).</summary>
    Field = 5,
}

/// <summary>
/// One fact about one work item at one instant: the normalised event every connector emits.
/// </summary>
/// <remarks>
/// Identity is (<see cref="Source"/>, <see cref="ItemKey"/>, <see cref="EventKey"/>): the same event
/// ingested twice is one event. <see cref="At"/> is an instant; it is stored in UTC.
/// </remarks>
/// <param name="Source">The configured source name the event came from.</param>
/// <param name="ItemKey">The tracker's key of the work item (e.g. <c>OFBIZ-1234</c>).</param>
/// <param name="EventKey">A key unique within the item and stable across re-ingestion (e.g. a changelog id).</param>
/// <param name="At">The instant of the event.</param>
/// <param name="Kind">What happened.</param>
/// <param name="FromStatus">The raw tracker status before a status change, if known.</param>
/// <param name="ToStatus">The raw tracker status after a status change (or the initial status on creation).</param>
/// <param name="Field">For <see cref="EventKind.Field"/>: the field's name (<c>type</c>, <c>parent</c>, <c>value</c>, <c>title</c>, ...).</param>
/// <param name="Value">For <see cref="EventKind.Field"/>: the field's new value; for blocked events an optional reason.</param>
public sealed record FlowEvent(
    string Source,
    string ItemKey,
    string EventKey,
    DateTimeOffset At,
    EventKind Kind,
    string? FromStatus = null,
    string? ToStatus = null,
    string? Field = null,
    string? Value = null)
{
    /// <summary>
    /// The <see cref="Value"/> of a status change the tracker showed only in the item's current status, with no event
    /// for it (GitHub Projects): stored at the item's last update, so its instant is approximate.
    /// </summary>
    public const string Observed = "observed";
}

/// <summary>Descriptive facts about a work item that do not change with its status.</summary>
/// <param name="Source">The configured source name.</param>
/// <param name="Key">The tracker's key of the item.</param>
/// <param name="Type">Work item type (feature, defect, ...), raw from the tracker.</param>
/// <param name="Title">The item's title, raw from the tracker: escape it wherever it is shown.</param>
/// <param name="Created">The instant the item was created, if known.</param>
/// <param name="Parent">Parent / epic key, if any.</param>
/// <param name="BusinessValue">Business value (points or money), if any.</param>
/// <param name="Labels">
/// The item's current labels (Jira labels, GitHub/GitLab labels, Azure DevOps tags), raw from the tracker; null when the
/// input does not say (a later record without labels keeps the known ones), empty when it has none. Portfolio initiatives
/// link to items by label.
/// </param>
public sealed record WorkItem(
    string Source,
    string Key,
    string? Type = null,
    string? Title = null,
    DateTimeOffset? Created = null,
    string? Parent = null,
    decimal? BusinessValue = null,
    IReadOnlyList<string>? Labels = null)
{
    /// <summary>
    /// Labels as stored and compared: trimmed, empty ones dropped, duplicates (ignoring case) removed, first spelling
    /// kept in input order; null stays null.
    /// </summary>
    public static IReadOnlyList<string>? NormaliseLabels(IEnumerable<string?>? labels) =>
        labels?.Select(l => l?.Trim()).OfType<string>().Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>
    /// This item's facts updated by a later record of the same item: each later non-null fact wins, the earliest known
    /// creation instant is kept. The rule every reader and the event store fold records by.
    /// </summary>
    public WorkItem UpdatedBy(WorkItem later)
    {
        ArgumentNullException.ThrowIfNull(later);
        return new WorkItem(
            later.Source,
            later.Key,
            later.Type ?? Type,
            later.Title ?? Title,
            Created is null ? later.Created : later.Created is null || Created <= later.Created ? Created : later.Created,
            later.Parent ?? Parent,
            later.BusinessValue ?? BusinessValue,
            later.Labels ?? Labels);
    }
}
