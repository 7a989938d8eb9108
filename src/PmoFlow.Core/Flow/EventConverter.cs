using PmoFlow.Core.Events;

namespace PmoFlow.Core.Flow;

/// <summary>
/// Converts one item's <see cref="FlowEvent"/>s to the compact form: sorted by instant then event key, duplicates of
/// the same event key at the same instant dropped, statuses interned, type and title resolved from field events.
/// </summary>
/// <remarks>Reuses its buffers between items. Not thread-safe.</remarks>
internal sealed class EventConverter
{
    private static readonly Comparison<FlowEvent> ByInstantThenKey = (a, b) =>
    {
        var c = a.At.UtcTicks.CompareTo(b.At.UtcTicks);
        return c != 0 ? c : string.CompareOrdinal(a.EventKey, b.EventKey);
    };

    private readonly FlowAccumulator _acc;
    private readonly long _asOf;
    private readonly List<FlowEvent> _sorted = [];
    private CompactEvent[] _buffer = new CompactEvent[64];

    public EventConverter(FlowAccumulator acc, long asOfUtcTicks)
    {
        _acc = acc;
        _asOf = asOfUtcTicks;
    }

    public void AddTo(WorkItem item, IReadOnlyList<FlowEvent> events)
    {
        var ordered = Order(events);
        if (_buffer.Length < ordered.Count)
        {
            _buffer = new CompactEvent[Math.Max(ordered.Count, _buffer.Length * 2)];
        }

        var statuses = _acc.Statuses;
        var n = 0;
        string? type = null, title = null;
        FlowEvent? previous = null;
        var observed = 0;
        foreach (var e in ordered)
        {
            if (previous is not null && previous.At.UtcTicks == e.At.UtcTicks && previous.EventKey == e.EventKey)
            {
                continue;
            }

            previous = e;
            if (e.Kind == EventKind.Field)
            {
                if (e.At.UtcTicks <= _asOf)
                {
                    if (string.Equals(e.Field, "type", StringComparison.OrdinalIgnoreCase))
                    {
                        type = e.Value;
                    }
                    else if (string.Equals(e.Field, "title", StringComparison.OrdinalIgnoreCase))
                    {
                        title = e.Value;
                    }
                }

                continue;
            }

            if (e.Value is not null && e.Kind == EventKind.Status && e.At.UtcTicks <= _asOf && e.Value == FlowEvent.Observed)
            {
                observed++;
            }

            _buffer[n++] = new CompactEvent(
                e.At.UtcTicks,
                e.Kind,
                statuses.Intern(e.FromStatus),
                statuses.Intern(e.ToStatus),
                (short)e.At.Offset.TotalMinutes);
        }

        var compact = new CompactItem(
            item.Key,
            _acc.InternType(item.Type ?? type),
            item.Created?.UtcTicks ?? CompactItem.NoInstant,
            (short)(item.Created?.Offset.TotalMinutes ?? 0),
            item.Title ?? title);
        _acc.Add(compact, _buffer.AsSpan(0, n));
        if (observed > 0)
        {
            _acc.Quality.Note("observed-status", item.Key, observed);
        }
    }

    private IReadOnlyList<FlowEvent> Order(IReadOnlyList<FlowEvent> events)
    {
        for (var i = 1; i < events.Count; i++)
        {
            if (ByInstantThenKey(events[i - 1], events[i]) > 0)
            {
                _sorted.Clear();
                _sorted.AddRange(events);
                _sorted.Sort(ByInstantThenKey);
                return _sorted;
            }
        }

        return events;
    }
}
