using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>
/// One stay of an item in a stage and raw status: the "time in status" view (one row per status an item entered,
/// in order).
/// </summary>
/// <param name="Key">The item's key.</param>
/// <param name="Seq">1 for the item's first stay, then 2, 3, ...</param>
/// <param name="Stage">The workflow stage the item was in; an unmapped status keeps the previous stage (null before any); <c>(removed)</c> for a tracker delete without a removed stage.</param>
/// <param name="Category">The stage's category (<c>backlog</c>, <c>active</c>, <c>wait</c>, <c>done</c>, <c>removed</c>), null without a stage.</param>
/// <param name="Status">The raw status as the tracker spelled it; null for a tracker delete.</param>
/// <param name="Entered">The instant the stay began (UTC).</param>
/// <param name="Left">The instant it ended (UTC); null for the current stay.</param>
/// <param name="Days">Time spent, in elapsed fractional days (up to the as-of instant for the current stay).</param>
/// <param name="IsCurrent">The item is still in this stay as of the query's instant.</param>
/// <param name="IsFirst">The item's first entry into this status (later stays in the same status are re-entries).</param>
public sealed record StatusStay(
    string Key, int Seq, string? Stage, string? Category, string? Status, DateTimeOffset Entered, DateTimeOffset? Left,
    double Days, bool IsCurrent, bool IsFirst);

/// <summary>
/// Stage histories: per item, every stage and raw status it entered, when it entered and left, the time spent, and
/// whether the stay is the current one and the first one in that status (<c>pmoflow history</c>, the history API route).
/// </summary>
/// <remarks>
/// Read from the same timelines as every other figure (METRICS.md §2): events sorted by instant then event key, events
/// after the as-of instant ignored, a change to the same status recording nothing, blocked flags not splitting a stay.
/// Durations are elapsed time whatever the §7 switches say, as trackers' "time in status" views show it.
/// </remarks>
public static class StageHistory
{
    /// <summary>The columns of the <c>history</c> table, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["key", "seq", "stage", "category", "status", "entered", "left", "days", "is_current", "is_first"];

    /// <summary>Every stay of every item (or of the one item <paramref name="itemKey"/>, compared case-insensitively), items in input order.</summary>
    /// <param name="stream">The value stream.</param>
    /// <param name="histories">One history per item (e.g. <see cref="FlowAnalyzer.Histories"/> or a database load).</param>
    /// <param name="query">The as-of instant (the window and options do not change stays).</param>
    /// <param name="itemKey">Only this item; null for all.</param>
    public static IReadOnlyList<StatusStay> Build(StreamDefinition stream, IEnumerable<ItemHistory> histories, FlowQuery query, string? itemKey = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentNullException.ThrowIfNull(query);
        var stays = new List<StatusStay>();
        var acc = FlowAnalyzer.CreateAccumulator(stream, query);
        var layout = acc.Layout;
        var statuses = acc.Statuses;
        var asOf = query.AsOf.UtcTicks;
        var seenStatus = new HashSet<int>();
        acc.ItemObserver = (item, kernel) =>
        {
            seenStatus.Clear();
            var segments = kernel.Segments;
            var seq = 0;
            var k = 0;
            while (k < segments.Length)
            {
                var seg = segments[k];
                var next = k + 1;
                while (next < segments.Length && segments[next].Stage == seg.Stage && segments[next].Status == seg.Status)
                {
                    next++; // a blocked flag changing splits segments, not stays
                }

                var end = next < segments.Length ? segments[next].Start : TimelineKernel.NoTicks;
                var current = end == TimelineKernel.NoTicks;
                var until = current ? Math.Max(asOf, seg.Start) : end;
                // Status ids are >= 0; a delete (no status) is told apart by its stage slot.
                var identity = seg.Status >= 0 ? seg.Status : -1 - seg.Stage;
                stays.Add(new StatusStay(
                    item.Key,
                    ++seq,
                    seg.Stage >= 0 ? layout.StageNames[seg.Stage] : null,
                    seg.Stage >= 0 ? layout.Category[seg.Stage].ToString().ToLowerInvariant() : null,
                    seg.Status >= 0 ? statuses.Name(seg.Status) : null,
                    new DateTimeOffset(seg.Start, TimeSpan.Zero),
                    current ? null : new DateTimeOffset(end, TimeSpan.Zero),
                    (until - seg.Start) / (double)TimeSpan.TicksPerDay,
                    current,
                    seenStatus.Add(identity)));
                k = next;
            }
        };

        var converter = new EventConverter(acc, asOf);
        foreach (var h in histories)
        {
            if (FlowAnalyzer.InStream(stream, h.Item.Source)
                && (itemKey is null || string.Equals(h.Item.Key, itemKey, StringComparison.OrdinalIgnoreCase)))
            {
                converter.AddTo(h.Item, h.Events);
            }
        }

        return stays;
    }

    /// <summary>The stays as the <c>history</c> table: key, seq, stage, category, status, entered, left, days, is_current, is_first.</summary>
    public static Table ToTable(IReadOnlyList<StatusStay> stays)
    {
        ArgumentNullException.ThrowIfNull(stays);
        var rows = stays.Select(s => (IReadOnlyList<object?>)
        [
            s.Key, s.Seq, s.Stage, s.Category, s.Status, FlowTables.Instant(s.Entered), FlowTables.Instant(s.Left), s.Days,
            s.IsCurrent, s.IsFirst,
        ]).ToList();
        return new Table("history", Columns, rows);
    }
}
