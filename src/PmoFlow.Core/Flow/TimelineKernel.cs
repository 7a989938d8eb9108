using PmoFlow.Core.Events;
using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>
/// Builds one item's timeline (METRICS.md §2 under the §7 switches) from its compact events into reusable
/// scratch arrays: no allocation per event, none per item once the buffers have grown.
/// </summary>
/// <remarks>
/// Two passes over the item's events: the first follows stage moves (entries, Start, Done, value point, backward
/// moves, removal) and records segments of constant (stage, status, blocked); the second sweeps those segments
/// for time in stage, blocked, active and process time. Not thread-safe: one kernel per accumulator.
/// </remarks>
internal sealed class TimelineKernel
{
    /// <summary>"No instant" in every tick column.</summary>
    public const long NoTicks = long.MaxValue;

    private readonly StreamLayout _layout;
    private readonly StatusTable _statuses;
    private readonly DayClock _clock;
    private readonly long _asOf;
    private readonly bool _keepLatest;
    private readonly bool _erase;
    private readonly bool _backFill;
    private readonly bool _processMode;
    private readonly bool _processDays;
    private readonly bool _wholeBlockedDays;
    private readonly bool _policyClock;
    private readonly bool _policyListed;
    private readonly bool _wholeSeconds;
    private BlockedSpell[] _spells = new BlockedSpell[4];
    private Segment[] _segments = new Segment[32];
    private CompactEvent[] _sortBuffer = new CompactEvent[64];
    private int[] _unmapped = new int[8];
    private BackwardMoveRecord[] _backward = new BackwardMoveRecord[8];

    // Follow-the-moves state of pass 1.
    private int _current;
    private int _currentStatus;
    private bool _blocked;
    private long _currentSince;
    private int _currentSinceDay;
    private long _doneSince;
    private int _doneSinceDay;
    private long _valueSince;
    private int _valueSinceDay;
    private short _offset;

    public TimelineKernel(StreamLayout layout, StatusTable statuses, DayClock clock, FlowOptions options, long asOfUtcTicks)
    {
        _layout = layout;
        _statuses = statuses;
        _clock = clock;
        _asOf = asOfUtcTicks;
        _keepLatest = options.StageReentry == StageReentry.KeepLatest;
        _erase = options.BackwardMove == BackwardMove.EraseLaterEntries;
        _backFill = options.SkippedStages == SkippedStages.BackFill;
        _processMode = options.CycleTimeMeasure == CycleTimeMeasure.ProcessTime;
        _processDays = options.TimeResolution != TimeResolution.Continuous;
        _wholeBlockedDays = options.BlockedDays == BlockedDaysCount.WholeDaysInCommitment;
        _policyClock = options.Clock == ClockPoints.PolicyStatuses;
        _policyListed = options.ProcessStatuses.Count > 0;
        _wholeSeconds = options.WholeSeconds && options.TimeResolution == TimeResolution.Continuous;
        var slots = layout.SlotCount;
        Entry = new long[slots];
        EntryDay = new int[slots];
        FirstEntry = new long[slots];
        FirstEntryDay = new int[slots];
        Reach = new long[slots];
        ReachDay = new int[slots];
        StageTicks = new long[slots];
        StageBlocked = new long[slots];
    }

    // Per-slot results (index = stage; the last slot is the virtual removed stage).
    public long[] Entry { get; }

    public int[] EntryDay { get; }

    public long[] FirstEntry { get; }

    public int[] FirstEntryDay { get; }

    /// <summary>Arrival at the stage or any later non-removed stage: the CFD's cumulative-arrival instant.</summary>
    public long[] Reach { get; }

    public int[] ReachDay { get; }

    public long[] StageTicks { get; }

    public long[] StageBlocked { get; }

    public ReadOnlySpan<Segment> Segments => _segments.AsSpan(0, SegmentCount);

    /// <summary>Build <see cref="BlockedSpells"/> for every item (the impediments table), not only under whole-day blocked days.</summary>
    public bool CollectSpells { get; set; }

    /// <summary>The item's blocked spells (impediments), when collected.</summary>
    public ReadOnlySpan<BlockedSpell> BlockedSpells => _spells.AsSpan(0, SpellCount);

    public int SpellCount { get; private set; }

    public int SegmentCount { get; private set; }

    public ReadOnlySpan<int> UnmappedStatuses => _unmapped.AsSpan(0, UnmappedCount);

    public int UnmappedCount { get; private set; }

    public ReadOnlySpan<BackwardMoveRecord> BackwardMoveRecords => _backward.AsSpan(0, BackwardMoves);

    // Per-item results.
    public long Created { get; private set; }

    public int CreatedDay { get; private set; }

    public long Start { get; private set; }

    public int StartDay { get; private set; }

    public long Done { get; private set; }

    public int DoneDay { get; private set; }

    public long ValuePoint { get; private set; }

    public int ValueDay { get; private set; }

    public long IdeaPoint { get; private set; }

    public int IdeaDay { get; private set; }

    public long RemovedAt { get; private set; }

    public int RemovedDay { get; private set; }

    public long FirstBackward { get; private set; }

    public int CurrentStage => _current;

    public int StageBeforeRemoval { get; private set; }

    public int BackwardMoves { get; private set; }

    public int Reopens { get; private set; }

    public long BlockedTotal { get; private set; }

    public long ActiveFlow { get; private set; }

    public long ProcessTicks { get; private set; }

    public int ProcessDayCount { get; private set; }

    /// <summary>Under whole seconds: Start → Done as the sum of its status stays' whole seconds (0 when done without a Start).</summary>
    public long WholeCycleTicks { get; private set; }

    /// <summary>Under whole seconds: created → Done, likewise.</summary>
    public long WholeLeadTicks { get; private set; }

    /// <summary>Under whole seconds: Start → as-of, likewise (the last stay runs to the as-of instant).</summary>
    public long WholeAgeTicks { get; private set; }

    public ulong EnteredMask { get; private set; }

    public ItemState State { get; private set; }

    public int FirstEventDay { get; private set; }

    public int LastEventDay { get; private set; }

    // Data-quality observations for this item.
    public int FutureEvents { get; private set; }

    public int EventsBeforeCreation { get; private set; }

    public int DuplicateInstants { get; private set; }

    public int BrokenChains { get; private set; }

    public bool DoneWithoutStart { get; private set; }

    public int EventCount { get; private set; }

    public void Process(in CompactItem item, ReadOnlySpan<CompactEvent> input)
    {
        var events = SortedByInstant(input);
        Reset();
        EventCount = events.Length;
        ResolveCreated(item, events);

        var first = FirstStatusEvent(events);
        if (first >= 0 && events[first].UtcTicks <= _asOf)
        {
            var e0 = events[first];
            var initial = e0.Kind == EventKind.Created ? e0.ToStatus : e0.FromStatus;
            if (initial >= 0)
            {
                var useCreated = Created != NoTicks && Created < e0.UtcTicks;
                var at = useCreated ? Created : e0.UtcTicks;
                var day = useCreated ? CreatedDay : _clock.DayOf(e0.UtcTicks, e0.OffsetMinutes);
                _offset = useCreated ? item.CreatedOffsetMinutes : e0.OffsetMinutes;
                ApplyStatus(initial, at, day);
            }
        }

        var lastStatusTicks = NoTicks;
        for (var i = 0; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
            if (e.UtcTicks > _asOf)
            {
                FutureEvents = events.Length - i;
                break;
            }

            if (Created != NoTicks && e.UtcTicks < Created)
            {
                EventsBeforeCreation++;
            }

            var day = _clock.DayOf(e.UtcTicks, e.OffsetMinutes);
            _offset = e.OffsetMinutes;
            if (i == 0)
            {
                FirstEventDay = day;
            }

            LastEventDay = day;
            switch (e.Kind)
            {
                case EventKind.Status:
                    if (e.UtcTicks == lastStatusTicks)
                    {
                        DuplicateInstants++;
                    }

                    lastStatusTicks = e.UtcTicks;
                    if (e.FromStatus >= 0 && _currentStatus >= 0 && e.FromStatus != _currentStatus)
                    {
                        BrokenChains++;
                    }

                    ApplyStatus(e.ToStatus, e.UtcTicks, day);
                    break;
                case EventKind.Created:
                    // Only the first status-bearing event sets the initial status; a created event dated after
                    // status changes is out of order (reported as events before creation) and moves nothing.
                    break;
                case EventKind.Removed:
                    if (_current < 0 || !_layout.IsRemoved[_current])
                    {
                        MoveTo(_layout.RemovedSlot, -1, e.UtcTicks, day);
                    }

                    break;
                case EventKind.Blocked:
                    if (!_blocked)
                    {
                        _blocked = true;
                        AddSegment(e.UtcTicks, day);
                    }

                    break;
                case EventKind.Unblocked:
                    if (_blocked)
                    {
                        _blocked = false;
                        AddSegment(e.UtcTicks, day);
                    }

                    break;
                default:
                    break;
            }
        }

        FinishEntries();
        if (_policyClock)
        {
            PolicyClock();
        }

        Sweep();
        if (_wholeSeconds)
        {
            WholeSecondFigures();
        }
    }

    private ReadOnlySpan<CompactEvent> SortedByInstant(ReadOnlySpan<CompactEvent> input)
    {
        var sorted = true;
        for (var i = 1; i < input.Length; i++)
        {
            if (input[i].UtcTicks < input[i - 1].UtcTicks)
            {
                sorted = false;
                break;
            }
        }

        if (sorted)
        {
            return input;
        }

        if (_sortBuffer.Length < input.Length)
        {
            _sortBuffer = new CompactEvent[Math.Max(input.Length, _sortBuffer.Length * 2)];
        }

        // Stable insertion sort: ties keep the caller's (event-key) order, and histories are short and nearly sorted.
        var buffer = _sortBuffer.AsSpan(0, input.Length);
        input.CopyTo(buffer);
        for (var i = 1; i < buffer.Length; i++)
        {
            var x = buffer[i];
            var j = i - 1;
            while (j >= 0 && buffer[j].UtcTicks > x.UtcTicks)
            {
                buffer[j + 1] = buffer[j];
                j--;
            }

            buffer[j + 1] = x;
        }

        return buffer;
    }

    private void Reset()
    {
        Array.Fill(Entry, NoTicks);
        Array.Fill(FirstEntry, NoTicks);
        Array.Clear(StageTicks);
        Array.Clear(StageBlocked);
        SegmentCount = 0;
        UnmappedCount = 0;
        BackwardMoves = 0;
        Reopens = 0;
        FirstBackward = NoTicks;
        StageBeforeRemoval = -1;
        EnteredMask = 0;
        FutureEvents = 0;
        EventsBeforeCreation = 0;
        DuplicateInstants = 0;
        BrokenChains = 0;
        FirstEventDay = int.MaxValue;
        LastEventDay = int.MinValue;
        _current = -1;
        _currentStatus = -1;
        _blocked = false;
        _currentSince = NoTicks;
        _doneSince = NoTicks;
        _valueSince = NoTicks;
    }

    private void ResolveCreated(in CompactItem item, ReadOnlySpan<CompactEvent> events)
    {
        if (item.CreatedUtcTicks != CompactItem.NoInstant)
        {
            Created = item.CreatedUtcTicks;
            CreatedDay = _clock.DayOf(Created, item.CreatedOffsetMinutes);
            return;
        }

        foreach (ref readonly var e in events)
        {
            if (e.Kind == EventKind.Created)
            {
                Created = e.UtcTicks;
                CreatedDay = _clock.DayOf(e.UtcTicks, e.OffsetMinutes);
                return;
            }
        }

        Created = events.Length > 0 ? events[0].UtcTicks : NoTicks;
        CreatedDay = events.Length > 0 ? _clock.DayOf(events[0].UtcTicks, events[0].OffsetMinutes) : 0;
    }

    private static int FirstStatusEvent(ReadOnlySpan<CompactEvent> events)
    {
        for (var i = 0; i < events.Length; i++)
        {
            var k = events[i].Kind;
            if ((k == EventKind.Created && events[i].ToStatus >= 0) || k == EventKind.Status)
            {
                return i;
            }
        }

        return -1;
    }

    private void ApplyStatus(int status, long at, int day)
    {
        if (status < 0)
        {
            return;
        }

        var stage = _statuses.StageOf(status);
        if (stage < 0)
        {
            NoteUnmapped(status);
        }

        if (stage < 0 || stage == _current)
        {
            // An unmapped status leaves the item where it was; a status of the same stage only matters to process time.
            if (status != _currentStatus)
            {
                _currentStatus = status;
                AddSegment(at, day);
            }

            return;
        }

        MoveTo(stage, status, at, day);
    }

    private void MoveTo(int target, int status, long at, int day)
    {
        var layout = _layout;
        var from = _current;
        if (from >= 0 && target < from && !layout.IsRemoved[from] && !layout.IsRemoved[target])
        {
            // Shuffling inside the done stages is not rework, and neither is reordering a backlog before commitment.
            var withinDone = layout.InDoneSet[from] && layout.InDoneSet[target];
            if (from >= layout.Commitment && !withinDone)
            {
                if (BackwardMoves == _backward.Length)
                {
                    Array.Resize(ref _backward, _backward.Length * 2);
                }

                _backward[BackwardMoves++] = new BackwardMoveRecord(from, day);
                if (FirstBackward == NoTicks)
                {
                    FirstBackward = at;
                }
            }

            if (_erase)
            {
                for (var s = target + 1; s < layout.StageCount; s++)
                {
                    if (!layout.IsRemoved[s])
                    {
                        Entry[s] = NoTicks;
                    }
                }
            }
        }

        var wasDone = from >= 0 && layout.InDoneSet[from];
        if (wasDone && !layout.InDoneSet[target])
        {
            _doneSince = NoTicks;
            if (!layout.IsRemoved[target])
            {
                Reopens++;
            }
        }
        else if (!wasDone && layout.InDoneSet[target])
        {
            _doneSince = at;
            _doneSinceDay = day;
        }

        var wasValue = from >= 0 && layout.AtValue[from];
        if (wasValue && !layout.AtValue[target])
        {
            _valueSince = NoTicks;
        }
        else if (!wasValue && layout.AtValue[target])
        {
            _valueSince = at;
            _valueSinceDay = day;
        }

        if (layout.IsRemoved[target] && (from < 0 || !layout.IsRemoved[from]))
        {
            StageBeforeRemoval = from;
        }

        if (Entry[target] == NoTicks || _keepLatest)
        {
            Entry[target] = at;
            EntryDay[target] = day;
        }

        if (FirstEntry[target] == NoTicks)
        {
            FirstEntry[target] = at;
            FirstEntryDay[target] = day;
            EnteredMask |= 1UL << target;
        }

        _current = target;
        _currentStatus = status;
        _currentSince = at;
        _currentSinceDay = day;
        AddSegment(at, day);
    }

    private void AddSegment(long at, int day)
    {
        var n = SegmentCount;
        if (n > 0 && _segments[n - 1].Start == at)
        {
            n--;
        }
        else if (n == _segments.Length)
        {
            Array.Resize(ref _segments, n * 2);
        }

        _segments[n] = new Segment(at, day, _current, _currentStatus, _blocked, _offset);
        SegmentCount = n + 1;
    }

    private void NoteUnmapped(int status)
    {
        for (var i = 0; i < UnmappedCount; i++)
        {
            if (_unmapped[i] == status)
            {
                return;
            }
        }

        if (UnmappedCount == _unmapped.Length)
        {
            Array.Resize(ref _unmapped, _unmapped.Length * 2);
        }

        _unmapped[UnmappedCount++] = status;
    }

    private void FinishEntries()
    {
        var layout = _layout;
        var stages = layout.StageCount;
        if (_backFill)
        {
            var next = NoTicks;
            var nextDay = 0;
            for (var s = stages - 1; s >= 0; s--)
            {
                if (layout.IsRemoved[s])
                {
                    continue;
                }

                if (Entry[s] != NoTicks)
                {
                    next = Entry[s];
                    nextDay = EntryDay[s];
                }
                else if (next != NoTicks)
                {
                    Entry[s] = next;
                    EntryDay[s] = nextDay;
                }
            }
        }

        var min = NoTicks;
        var minDay = 0;
        var firstMin = NoTicks;
        var firstMinDay = 0;
        Reach[stages] = NoTicks;
        for (var s = stages - 1; s >= 0; s--)
        {
            if (!layout.IsRemoved[s])
            {
                if (Entry[s] < min)
                {
                    min = Entry[s];
                    minDay = EntryDay[s];
                }

                if (FirstEntry[s] < firstMin)
                {
                    firstMin = FirstEntry[s];
                    firstMinDay = FirstEntryDay[s];
                }
            }

            Reach[s] = layout.IsRemoved[s] ? NoTicks : min;
            ReachDay[s] = minDay;
            if (s == layout.Idea)
            {
                IdeaPoint = firstMin;
                IdeaDay = firstMinDay;
            }
        }

        if (layout.Idea < 0)
        {
            IdeaPoint = Created;
            IdeaDay = CreatedDay;
        }

        var removed = _current >= 0 && layout.IsRemoved[_current];
        Done = _current >= 0 && layout.InDoneSet[_current] ? _doneSince : NoTicks;
        DoneDay = _doneSinceDay;
        ValuePoint = _current >= 0 && layout.AtValue[_current] ? _valueSince : NoTicks;
        ValueDay = _valueSinceDay;
        Start = Reach[layout.Commitment];
        StartDay = ReachDay[layout.Commitment];
        if (Done != NoTicks && Start > Done)
        {
            // Keep-latest can re-stamp an earlier stage after the final done entry; Start never comes after Done.
            Start = Done;
            StartDay = DoneDay;
        }

        RemovedAt = removed ? _currentSince : NoTicks;
        RemovedDay = removed ? _currentSinceDay : 0;
        State = removed
            ? (Start != NoTicks ? ItemState.Abandoned : ItemState.RemovedBeforeStart)
            : Done != NoTicks ? ItemState.Done
            : Start != NoTicks ? ItemState.InProgress
            : ItemState.Backlog;

        DoneWithoutStart = false;
        if (Done != NoTicks && layout.Commitment < layout.Delivery)
        {
            DoneWithoutStart = true;
            for (var s = layout.Commitment; s < layout.Delivery; s++)
            {
                if (FirstEntry[s] != NoTicks && !layout.IsRemoved[s])
                {
                    DoneWithoutStart = false;
                    break;
                }
            }
        }
    }

    /// <summary>
    /// A policy status (jira-flow-metrics): one of the listed process statuses, or, when none are listed, a status of an
    /// in-progress stage (category active or wait).
    /// </summary>
    private bool IsPolicy(in Segment seg) => _policyListed
        ? _statuses.IsProcess(seg.Status)
        : seg.Stage >= 0 && _layout.Category[seg.Stage] is StageCategory.Active or StageCategory.Wait;

    private bool IsProcessSegment(in Segment seg) => _policyClock ? IsPolicy(seg) : _statuses.IsProcess(seg.Status);

    private bool IsDoneCategory(in Segment seg) => seg.Stage >= 0 && _layout.Category[seg.Stage] == StageCategory.Done;

    // A status stay begins where the status (or, for a tracker delete, the stage) changes; blocked flags do not split it.
    private bool StartsStay(int k) =>
        k == 0 || _segments[k].Status != _segments[k - 1].Status || _segments[k].Stage != _segments[k - 1].Stage;

    /// <summary>
    /// Start and Done by jira-flow-metrics' policy statuses (status-flow-metrics.ts): Start = the first entry into a policy
    /// status; Done only while the current status is a done-category status outside the policy statuses, at the latest
    /// entry into such a status from a policy status or from a status outside done (the first status counts as entered
    /// from to-do). A reopened item is not done; done without a Start is done with no Start.
    /// </summary>
    private void PolicyClock()
    {
        var segments = _segments;
        var n = SegmentCount;
        Start = NoTicks;
        StartDay = 0;
        Done = NoTicks;
        for (var k = 0; k < n; k++)
        {
            if (IsPolicy(segments[k]))
            {
                Start = segments[k].Start;
                StartDay = segments[k].Day;
                break;
            }
        }

        var last = n - 1;
        if (last >= 0 && IsDoneCategory(segments[last]) && !IsPolicy(segments[last]))
        {
            var previous = -1;
            for (var k = 0; k < n; k++)
            {
                if (!StartsStay(k))
                {
                    continue;
                }

                var qualifies = IsDoneCategory(segments[k]) && !IsPolicy(segments[k])
                    && (previous < 0 || IsPolicy(segments[previous]) || !IsDoneCategory(segments[previous]));
                if (qualifies)
                {
                    Done = segments[k].Start;
                    DoneDay = segments[k].Day;
                }

                previous = k;
            }
        }

        var removed = _current >= 0 && _layout.IsRemoved[_current];
        if (removed)
        {
            Done = NoTicks;
        }

        State = removed
            ? (Start != NoTicks ? ItemState.Abandoned : ItemState.RemovedBeforeStart)
            : Done != NoTicks ? ItemState.Done
            : Start != NoTicks ? ItemState.InProgress
            : ItemState.Backlog;
        DoneWithoutStart = Done != NoTicks && Start == NoTicks;
    }

    /// <summary>
    /// Cycle, lead and process time and age as jira-flow-metrics counts them: each status stay's whole seconds
    /// (date-fns differenceInSeconds, truncated), summed.
    /// </summary>
    private void WholeSecondFigures()
    {
        var end = Done != NoTicks ? Done : RemovedAt != NoTicks ? RemovedAt : _asOf;
        WholeCycleTicks = Done == NoTicks ? 0 : Start == NoTicks ? 0 : Whole(Start, Done, false);
        WholeLeadTicks = Done != NoTicks && Created != NoTicks ? Whole(Created, Done, false) : 0;
        WholeAgeTicks = Start != NoTicks ? Whole(Start, _asOf, false) : 0;
        if (_processMode)
        {
            ProcessTicks = Whole(long.MinValue, end, true);
        }
    }

    // Σ over status stays (and the time before the first one) of whole seconds of their overlap with [from, to).
    private long Whole(long from, long to, bool processOnly)
    {
        var segments = _segments;
        var n = SegmentCount;
        long total = 0;
        if (!processOnly && n > 0 && from < segments[0].Start)
        {
            total += WholeSeconds(from, Math.Min(to, segments[0].Start));
        }

        for (var k = 0; k < n; k++)
        {
            if (!StartsStay(k))
            {
                continue;
            }

            var j = k + 1;
            while (j < n && !StartsStay(j))
            {
                j++;
            }

            if (processOnly && !IsProcessSegment(segments[k]))
            {
                continue;
            }

            var s0 = Math.Max(from, segments[k].Start);
            var s1 = Math.Min(to, j < n ? segments[j].Start : _asOf);
            total += WholeSeconds(s0, s1);
        }

        return total;
    }

    private static long WholeSeconds(long from, long to) =>
        to > from ? (to - from) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond : 0;

    /// <summary>Cuts the segments into blocked spells; returns the whole days of those begun in commitment (jira-agile-metrics).</summary>
    private long CollectBlockedSpells()
    {
        var layout = _layout;
        var segments = _segments;
        var n = SegmentCount;
        long whole = 0;
        var k = 0;
        while (k < n)
        {
            if (!segments[k].Blocked)
            {
                k++;
                continue;
            }

            var first = segments[k];
            var j = k + 1;
            while (j < n && segments[j].Blocked && !(Finished(segments[j].Stage) && !Finished(segments[j - 1].Stage)))
            {
                j++;
            }

            var open = j >= n;
            var end = open ? NoTicks : segments[j].Start;
            var endDay = open ? _clock.DayOf(_asOf, first.OffsetMinutes) : segments[j].Day;
            var stage = first.Stage;
            var inCommitment = stage >= layout.Commitment && stage < layout.Delivery && !layout.IsRemoved[stage];
            if (inCommitment)
            {
                whole += Math.Max(0, endDay - first.Day);
            }

            if (SpellCount == _spells.Length)
            {
                Array.Resize(ref _spells, _spells.Length * 2);
            }

            _spells[SpellCount++] = new BlockedSpell(first.Start, first.Day, end, endDay, stage, inCommitment, (open ? _asOf : end) - first.Start);
            // A spell ended by entering done resumes only with a new flag; skip the rest of the blocked run.
            while (j < n && segments[j].Blocked)
            {
                j++;
            }

            k = j;
        }

        return whole;

        bool Finished(int stage) => stage >= 0 && (layout.InDoneSet[stage] || layout.IsRemoved[stage]);
    }

    private void Sweep()
    {
        var layout = _layout;
        var end = Done != NoTicks ? Done : RemovedAt != NoTicks ? RemovedAt : _asOf;
        var flowStart = Start;
        var flowEnd = Done;
        long blocked = 0, active = 0, process = 0;
        var processDays = 0;
        var lastProcessDay = int.MinValue;
        var segments = _segments;
        var n = SegmentCount;
        for (var k = 0; k < n; k++)
        {
            ref readonly var seg = ref segments[k];
            var s0 = seg.Start;
            var s1 = k + 1 < n ? segments[k + 1].Start : _asOf;
            if (s1 > end)
            {
                s1 = end;
            }

            if (s1 <= s0)
            {
                continue;
            }

            var dur = s1 - s0;
            if (seg.Stage >= 0)
            {
                StageTicks[seg.Stage] += dur;
                if (seg.Blocked)
                {
                    StageBlocked[seg.Stage] += dur;
                }

                if (flowEnd != NoTicks && !seg.Blocked && layout.Category[seg.Stage] == StageCategory.Active)
                {
                    var a = Math.Max(s0, flowStart);
                    var b = Math.Min(s1, flowEnd);
                    if (b > a)
                    {
                        active += b - a;
                    }
                }
            }

            if (seg.Blocked)
            {
                blocked += dur;
            }

            if (_processMode && IsProcessSegment(seg))
            {
                process += dur;
                if (_processDays)
                {
                    // Distinct local days touched by process time: same-day work is one day, as for inclusive cycle time.
                    var d0 = Math.Max(seg.Day, lastProcessDay + 1);
                    var d1 = _clock.DayOf(s1 - 1, seg.OffsetMinutes);
                    if (d1 >= d0)
                    {
                        processDays += d1 - d0 + 1;
                        lastProcessDay = d1;
                    }
                }
            }
        }

        SpellCount = 0;
        if (_wholeBlockedDays || CollectSpells)
        {
            var whole = CollectBlockedSpells();
            if (_wholeBlockedDays)
            {
                blocked = whole * TimeSpan.TicksPerDay;
            }
        }

        BlockedTotal = blocked;
        ActiveFlow = active;
        ProcessTicks = process;
        ProcessDayCount = processDays;
    }
}

/// <summary>An impediment: a run of blocked segments.</summary>
/// <param name="Start">Flagged at (UTC ticks).</param>
/// <param name="StartDay">Its day number.</param>
/// <param name="End">Ended at: unflagged or entering a done or removed stage; <see cref="TimelineKernel.NoTicks"/> while open.</param>
/// <param name="EndDay">The end's day number (the as-of day while open).</param>
/// <param name="Stage">The stage the item was in when flagged.</param>
/// <param name="InCommitment">Flagged in a stage from the commitment point up to (not including) the delivery point.</param>
/// <param name="ElapsedTicks">Time from flag to end (or as-of).</param>
internal readonly record struct BlockedSpell(long Start, int StartDay, long End, int EndDay, int Stage, bool InCommitment, long ElapsedTicks);

/// <summary>A stretch of an item's history with constant stage, status and blocked flag.</summary>
internal readonly record struct Segment(long Start, int Day, int Stage, int Status, bool Blocked, short OffsetMinutes);

/// <summary>A backward move out of a stage on a day (rework).</summary>
internal readonly record struct BackwardMoveRecord(int FromStage, int Day);
