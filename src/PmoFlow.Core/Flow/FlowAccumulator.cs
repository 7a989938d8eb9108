using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>
/// Takes items one at a time (each with all its events), builds their timelines and keeps only per-item results
/// and per-day tallies: the streamed form of the analysis, with memory bounded by the number of items, never
/// by the number of events.
/// </summary>
/// <remarks>
/// Create one with <see cref="FlowAnalyzer.CreateAccumulator"/>, intern statuses and types through
/// <see cref="Statuses"/> and <see cref="InternType"/>, call <see cref="Add"/> per item, then
/// <see cref="Complete"/>. Each item must be added once with all its events. Not thread-safe.
/// </remarks>
public sealed class FlowAccumulator
{
    private readonly Dictionary<string, string> _typeMapping;
    private readonly Dictionary<string, int> _typeIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _typeNames = [];
    private readonly TimelineKernel _kernel;
    private readonly bool _ownEntryCfd;
    private readonly bool _statusWip;
    private bool _completed;

    internal FlowAccumulator(StreamDefinition stream, FlowQuery query, int capacityHint)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(query);
        Stream = stream;
        Query = query;
        Options = query.Options ?? stream.Options;
        Layout = new StreamLayout(stream);
        Statuses = new StatusTable(stream.Workflow, Options.ProcessStatuses);
        Clock = new DayClock(stream.TimeZone, Options.TimeResolution);
        AsOfTicks = query.AsOf.UtcTicks;
        Today = Clock.DayOf(AsOfTicks, (short)query.AsOf.Offset.TotalMinutes);
        _kernel = new TimelineKernel(Layout, Statuses, Clock, Options, AsOfTicks) { CollectSpells = true };
        _typeMapping = new Dictionary<string, string>(stream.TypeMapping, StringComparer.OrdinalIgnoreCase);
        _ownEntryCfd = Options.SkippedStages == SkippedStages.LeaveEmpty;
        Columns = new ItemColumns(Layout.SlotCount, capacityHint, Options.WholeSeconds && Options.TimeResolution == TimeResolution.Continuous);
        _statusWip = Options.WipCountPoint is WipCountPoint.Status or WipCountPoint.LeadTime;
        var slots = Layout.SlotCount;
        Reach = NewHistograms(slots);
        OwnEntries = NewHistograms(slots);
        Occupancy = NewHistograms(slots);
        OccupancyOfRemoved = NewHistograms(slots);
        BackwardMovesByStage = NewHistograms(slots);
        StatusWip = NewHistograms(slots);
        Quality = new QualityCollector(query.QualityExamples);
    }

    /// <summary>The interning table for raw statuses: use it to build <see cref="CompactEvent"/>s.</summary>
    public StatusTable Statuses { get; }

    /// <summary>Items added so far.</summary>
    public int Count => Columns.Count;

    internal StreamDefinition Stream { get; }

    internal FlowQuery Query { get; }

    internal FlowOptions Options { get; }

    internal StreamLayout Layout { get; }

    internal DayClock Clock { get; }

    internal long AsOfTicks { get; }

    internal int Today { get; }

    internal ItemColumns Columns { get; }

    internal IReadOnlyList<string> TypeNames => _typeNames;

    /// <summary>Called after each item's timeline is built (e.g. by <see cref="StageHistory"/>), before its tallies.</summary>
    internal Action<CompactItem, TimelineKernel>? ItemObserver { get; set; }

    // Day tallies. Reach/OwnEntries/Occupancy leave out items now removed (as the CFD does); removed items'
    // stays go to OccupancyOfRemoved so WIP-limit waste still sees them.
    internal DayHistogram[] Reach { get; }

    internal DayHistogram[] OwnEntries { get; }

    internal DayHistogram[] Occupancy { get; }

    internal DayHistogram[] OccupancyOfRemoved { get; }

    internal DayHistogram[] BackwardMovesByStage { get; }

    /// <summary>Every blocked spell with its item's key, kept as values (no allocation per spell); read as <see cref="Impediment"/> rows.</summary>
    internal List<(string Key, BlockedSpell Spell)> BlockedSpells { get; } = [];

    /// <summary><c>wip: status</c>: per stage, items sitting in it at each day's start instant (in-progress stages only).</summary>
    internal DayHistogram[] StatusWip { get; }

    /// <summary><c>wip: lead-time</c>: started, not yet done at each day's start instant, items never moved back to to-do.</summary>
    internal DayHistogram LeadTimeWip { get; } = new();

    /// <summary><c>wip: lead-time</c>, items moved back to to-do: the day of that last move and the days they count.</summary>
    internal List<(int StopDay, int FirstDay, int LastDay)> StoppedLeadTimeWip { get; } = [];

    internal DayHistogram RemovedBand { get; } = new();

    internal DayHistogram Completions { get; } = new();

    internal List<DayHistogram> CompletionsByType { get; } = [];

    internal DayHistogram Arrivals { get; } = new();

    internal DayHistogram Abandonments { get; } = new();

    internal QualityCollector Quality { get; }

    internal int FirstDay { get; private set; } = int.MaxValue;

    internal int LastEventDay { get; private set; } = int.MinValue;

    internal int LastCompletionDay { get; private set; } = int.MinValue;

    internal int FirstCompletionDay { get; private set; } = int.MaxValue;

    /// <summary>Interns a raw work item type after the stream's type mapping; -1 for null or blank.</summary>
    public int InternType(string? rawType)
    {
        if (string.IsNullOrWhiteSpace(rawType))
        {
            return -1;
        }

        var name = _typeMapping.TryGetValue(rawType.Trim(), out var mapped) ? mapped : rawType.Trim();
        if (!_typeIds.TryGetValue(name, out var id))
        {
            id = _typeNames.Count;
            _typeNames.Add(name);
            _typeIds[name] = id;
        }

        return id;
    }

    /// <summary>
    /// Adds one item with all its events. Events should be in order of instant (ties in event-key order);
    /// out-of-order input is sorted stably by instant.
    /// </summary>
    public void Add(in CompactItem item, ReadOnlySpan<CompactEvent> events)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The accumulator is complete; start a new one.");
        }

        if (item.TypeId < -1 || item.TypeId >= _typeNames.Count)
        {
            throw new ArgumentException($"Type id {item.TypeId} of item '{item.Key}' was not interned with InternType.", nameof(item));
        }

        var k = _kernel;
        k.Process(item, events);
        ItemObserver?.Invoke(item, k);
        var layout = Layout;
        var c = Columns;
        var i = c.Add();
        c.Keys[i] = item.Key;
        c.Titles[i] = item.Title;
        c.TypeIds[i] = item.TypeId;
        c.Created[i] = k.Created;
        c.CreatedDay[i] = k.CreatedDay;
        c.Start[i] = k.Start;
        c.StartDay[i] = k.StartDay;
        c.Done[i] = k.Done;
        c.DoneDay[i] = k.DoneDay;
        c.Value[i] = k.ValuePoint;
        c.ValueDay[i] = k.ValueDay;
        c.Idea[i] = k.IdeaPoint;
        c.IdeaDay[i] = k.IdeaDay;
        c.RemovedAt[i] = k.RemovedAt;
        c.RemovedDay[i] = k.RemovedDay;
        c.FirstBackward[i] = k.FirstBackward;
        c.State[i] = k.State;
        c.Stage[i] = (short)k.CurrentStage;
        c.StageBeforeRemoval[i] = (short)k.StageBeforeRemoval;
        c.BackwardMoves[i] = k.BackwardMoves;
        c.Reopens[i] = k.Reopens;
        c.Blocked[i] = k.BlockedTotal;
        c.ActiveFlow[i] = k.ActiveFlow;
        c.Process[i] = k.ProcessTicks;
        c.ProcessDays[i] = k.ProcessDayCount;
        c.Entered[i] = k.EnteredMask;
        if (c.KeepWhole)
        {
            c.WholeCycle[i] = k.WholeCycleTicks;
            c.WholeLead[i] = k.WholeLeadTicks;
            c.WholeAge[i] = k.WholeAgeTicks;
        }
        var slots = layout.SlotCount;
        k.StageTicks.AsSpan().CopyTo(c.StageTicks.AsSpan(i * slots, slots));
        k.StageBlocked.AsSpan().CopyTo(c.StageBlocked.AsSpan(i * slots, slots));

        Tally(item, k);
        NoteQuality(item, k);
        foreach (ref readonly var spell in k.BlockedSpells)
        {
            BlockedSpells.Add((item.Key, spell));
        }
    }

    private void Tally(in CompactItem item, TimelineKernel k)
    {
        const long none = TimelineKernel.NoTicks;
        var layout = Layout;
        var removed = k.State is ItemState.Abandoned or ItemState.RemovedBeforeStart;
        if (!removed)
        {
            for (var s = 0; s < layout.StageCount; s++)
            {
                if (layout.IsRemoved[s])
                {
                    continue;
                }

                if (k.Reach[s] != none)
                {
                    Reach[s].Add(k.ReachDay[s]);
                }

                if (_ownEntryCfd && k.Entry[s] != none)
                {
                    OwnEntries[s].Add(k.EntryDay[s]);
                }
            }
        }
        else
        {
            RemovedBand.Add(k.RemovedDay);
        }

        if (k.State == ItemState.Abandoned)
        {
            Abandonments.Add(k.RemovedDay);
        }

        // Stays become +1 on the day entered and -1 on the day left: a prefix sum is the end-of-day occupancy.
        var occupancy = removed ? OccupancyOfRemoved : Occupancy;
        var previous = -1;
        foreach (ref readonly var seg in k.Segments)
        {
            if (seg.Stage == previous)
            {
                continue;
            }

            if (previous >= 0)
            {
                occupancy[previous].Add(seg.Day, -1);
            }

            if (seg.Stage >= 0)
            {
                occupancy[seg.Stage].Add(seg.Day);
            }

            previous = seg.Stage;
        }

        if (_statusWip && !removed && k.Start != none)
        {
            TallyStartOfDayWip(k);
        }

        foreach (var move in k.BackwardMoveRecords)
        {
            BackwardMovesByStage[move.FromStage].Add(move.Day);
        }

        if (k.Start != none)
        {
            Arrivals.Add(k.StartDay);
        }

        if (k.Done != none)
        {
            Completions.Add(k.DoneDay);
            var t = item.TypeId + 1;
            while (CompletionsByType.Count <= t)
            {
                CompletionsByType.Add(new DayHistogram());
            }

            CompletionsByType[t].Add(k.DoneDay);
            LastCompletionDay = Math.Max(LastCompletionDay, k.DoneDay);
            FirstCompletionDay = Math.Min(FirstCompletionDay, k.DoneDay);
        }

        if (k.Created != none)
        {
            FirstDay = Math.Min(FirstDay, k.CreatedDay);
        }

        FirstDay = Math.Min(FirstDay, k.FirstEventDay);
        LastEventDay = Math.Max(LastEventDay, k.LastEventDay);
    }

    // jira-flow-metrics' WIP (wip.ts) counts at day-start instants t with entered < t < left: an interval [a, b) counts on
    // the days from local-day(a) + 1 to local-day(b − 1 tick).
    private void TallyStartOfDayWip(TimelineKernel k)
    {
        const long none = TimelineKernel.NoTicks;
        var layout = Layout;
        var segments = k.Segments;
        var lastStop = none;
        for (var j = 0; j < segments.Length; j++)
        {
            var stage = segments[j].Stage;
            if (j > 0 && stage == segments[j - 1].Stage && segments[j].Status == segments[j - 1].Status)
            {
                continue;
            }

            var next = j + 1;
            while (next < segments.Length && segments[next].Stage == stage && segments[next].Status == segments[j].Status)
            {
                next++;
            }

            var end = next < segments.Length ? segments[next].Start : none;
            if (stage >= 0 && layout.Category[stage] is StageCategory.Active or StageCategory.Wait)
            {
                AddInterval(StatusWip[stage], segments[j].Start, end);
            }

            var backlog = stage >= 0 && layout.Category[stage] == StageCategory.Backlog;
            var wasBacklog = j > 0 && segments[j - 1].Stage >= 0 && layout.Category[segments[j - 1].Stage] == StageCategory.Backlog;
            if (backlog && j > 0 && !wasBacklog)
            {
                lastStop = segments[j].Start;
            }
        }

        if (lastStop == none)
        {
            AddInterval(LeadTimeWip, k.Start, k.Done);
        }
        else
        {
            var first = Clock.LocalDayOf(k.Start) + 1;
            var last = k.Done == none ? int.MaxValue : Clock.LocalDayOf(k.Done - 1);
            if (first <= last)
            {
                StoppedLeadTimeWip.Add((Clock.LocalDayOf(lastStop), first, last));
            }
        }

        void AddInterval(DayHistogram h, long from, long to)
        {
            var first = Clock.LocalDayOf(from) + 1;
            var last = to == none ? int.MaxValue : Clock.LocalDayOf(to - 1);
            if (first > last)
            {
                return;
            }

            h.Add(first);
            if (last != int.MaxValue)
            {
                h.Add(last + 1, -1);
            }
        }
    }

    private void NoteQuality(in CompactItem item, TimelineKernel k)
    {
        var q = Quality;
        q.Items++;
        q.Events += k.EventCount;
        var key = item.Key;
        if (k.UnmappedCount > 0)
        {
            foreach (var status in k.UnmappedStatuses)
            {
                q.NoteUnmapped(status);
            }

            q.Note("unmapped-status", key, k.UnmappedCount);
        }

        if (k.EventsBeforeCreation > 0)
        {
            q.Note("events-before-creation", key, k.EventsBeforeCreation);
        }

        if (k.DoneWithoutStart)
        {
            q.Note("done-without-start", key, 1);
        }

        if (k.BackwardMoves > 0)
        {
            q.Note("backward-moves", key, k.BackwardMoves);
        }

        if (k.Reopens > 0)
        {
            q.Note("reopened", key, k.Reopens);
        }

        if (k.DuplicateInstants > 0)
        {
            q.Note("duplicate-timestamps", key, k.DuplicateInstants);
        }

        if (k.FutureEvents > 0)
        {
            q.Note("future-events", key, k.FutureEvents);
        }

        if (k.BrokenChains > 0)
        {
            q.Note("broken-status-chain", key, k.BrokenChains);
        }

        if (k.EventCount - k.FutureEvents == 0)
        {
            q.Note("no-events", key, 0);
        }

        if (Limits.RecordGuard.IsTruncated(item.Title))
        {
            q.Note("title-truncated", key, 0);
        }
    }

    /// <summary>Computes every figure from the items added; the accumulator cannot be used afterwards.</summary>
    public FlowAnalysis Complete()
    {
        _completed = true;
        return new FlowCalculator(this).Run();
    }

    private static DayHistogram[] NewHistograms(int n)
    {
        var result = new DayHistogram[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = new DayHistogram();
        }

        return result;
    }
}
