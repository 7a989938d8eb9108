using PmoFlow.Core.Events;

namespace PmoFlow.Core.Flow;

/// <summary>Whether an item is flagged blocked at an instant: the one rule the report, the dashboard and the snapshot count.</summary>
public static class BlockedFlag
{
    /// <summary>
    /// The latest blocked/unblocked event at or before <paramref name="asOf"/> (ties by event key) when it is a
    /// <see cref="EventKind.Blocked"/> event, else null: the flag that holds the item blocked.
    /// </summary>
    public static FlowEvent? Current(IEnumerable<FlowEvent> events, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(events);
        FlowEvent? latest = null;
        foreach (var e in events)
        {
            if (e.Kind is EventKind.Blocked or EventKind.Unblocked && e.At <= asOf
                && (latest is null || e.At > latest.At || (e.At == latest.At && string.CompareOrdinal(e.EventKey, latest.EventKey) > 0)))
            {
                latest = e;
            }
        }

        return latest?.Kind == EventKind.Blocked ? latest : null;
    }
}
