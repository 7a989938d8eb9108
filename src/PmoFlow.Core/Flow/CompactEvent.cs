using PmoFlow.Core.Events;

namespace PmoFlow.Core.Flow;

/// <summary>
/// One event with its statuses interned: the flat form the timeline kernel reads (no strings, no allocation).
/// </summary>
/// <remarks>
/// Status ids come from the accumulator's <see cref="StatusTable"/>; -1 means "no status". Field events are not
/// represented: the converter resolves type and title before building the compact form.
/// </remarks>
/// <param name="UtcTicks">The instant, as UTC ticks (<see cref="DateTimeOffset.UtcTicks"/>).</param>
/// <param name="Kind">What happened (status, created, blocked, unblocked, removed).</param>
/// <param name="FromStatus">Interned status before a status change, or -1.</param>
/// <param name="ToStatus">Interned status after a status change (or on creation), or -1.</param>
/// <param name="OffsetMinutes">The timestamp's own UTC offset in minutes (used by the wall-clock-date resolution).</param>
public readonly record struct CompactEvent(
    long UtcTicks,
    EventKind Kind,
    int FromStatus = -1,
    int ToStatus = -1,
    short OffsetMinutes = 0);

/// <summary>The descriptive facts of one item in compact form.</summary>
/// <param name="Key">The item's key.</param>
/// <param name="TypeId">Interned type (see <see cref="FlowAccumulator.InternType"/>), or -1 when unknown.</param>
/// <param name="CreatedUtcTicks">Created instant as UTC ticks, or <see cref="NoInstant"/> when unknown.</param>
/// <param name="CreatedOffsetMinutes">The created timestamp's own UTC offset in minutes.</param>
/// <param name="Title">The item's title, if any.</param>
public readonly record struct CompactItem(
    string Key,
    int TypeId = -1,
    long CreatedUtcTicks = CompactItem.NoInstant,
    short CreatedOffsetMinutes = 0,
    string? Title = null)
{
    /// <summary>Marks an unknown instant.</summary>
    public const long NoInstant = long.MinValue;
}
