using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>Flow efficiency, waste (§6) and the value stream map.</summary>
internal sealed partial class FlowCalculator
{
    private static string CategoryName(StageCategory c) => c.ToString().ToLowerInvariant();

    private double ActiveIn(int i, int s)
    {
        var at = (i * _layout.SlotCount) + s;
        return _layout.Category[s] == StageCategory.Active ? _c.StageTicks[at] - _c.StageBlocked[at] : 0;
    }

    // Waiting: all time in a wait stage; in an active stage only the blocked part.
    private double WaitingIn(int i, int s)
    {
        var at = (i * _layout.SlotCount) + s;
        return _layout.Category[s] switch
        {
            StageCategory.Wait => _c.StageTicks[at],
            StageCategory.Active => _c.StageBlocked[at],
            _ => 0,
        };
    }

    private FlowEfficiencySummary Efficiency()
    {
        var stages = Enumerable.Range(_layout.Commitment, _layout.StageCount - _layout.Commitment)
            .Where(s => !_layout.IsRemoved[s]).ToList();
        var total = new double[_layout.SlotCount];
        var active = new double[_layout.SlotCount];
        double sumActive = 0, sumFlow = 0;
        var items = 0;
        var slots = _layout.SlotCount;
        for (var i = 0; i < _c.Count; i++)
        {
            if (!DoneInWindow(i))
            {
                continue;
            }

            items++;
            sumActive += _c.ActiveFlow[i];
            // An item done without a Start (policy clock) has no flow time.
            sumFlow += _c.Start[i] == None ? 0 : _c.Done[i] - _c.Start[i];
            foreach (var s in stages)
            {
                total[s] += _c.StageTicks[(i * slots) + s];
                active[s] += ActiveIn(i, s);
            }
        }

        var byStage = stages.Select(s => new StageEfficiency(
            _layout.StageNames[s],
            CategoryName(_layout.Category[s]),
            DurationRules.Days((long)total[s]),
            DurationRules.Days((long)active[s]),
            DurationRules.Days((long)(total[s] - active[s])),
            total[s] > 0 ? active[s] / total[s] : null,
            sumFlow > 0 ? total[s] / sumFlow : null)).ToList();
        return new FlowEfficiencySummary(
            sumFlow > 0 ? sumActive / sumFlow : null,
            items,
            DurationRules.Days((long)sumActive),
            DurationRules.Days((long)sumFlow),
            byStage);
    }

    private WasteReport Waste(double? sle)
    {
        var slots = _layout.SlotCount;
        var stages = Enumerable.Range(0, _layout.StageCount).ToList();
        var waiting = new double[slots];
        var blocked = new double[slots];
        var abandoned = new int[slots + 1];
        var abandonedDays = new double[slots + 1];
        var ageing = new int[slots + 1];
        var ageingExcess = new double[slots + 1];
        double reworkDays = 0;
        for (var i = 0; i < _c.Count; i++)
        {
            var leftInWindow = DoneInWindow(i) || (_c.State[i] == ItemState.Abandoned && InWindow(_c.RemovedDay[i]));
            if (leftInWindow)
            {
                foreach (var s in stages)
                {
                    waiting[s] += WaitingIn(i, s);
                    blocked[s] += _c.StageBlocked[(i * slots) + s];
                }

                if (_c.FirstBackward[i] != None)
                {
                    var end = _c.Done[i] != None ? _c.Done[i] : _c.RemovedAt[i];
                    reworkDays += DurationRules.Elapsed(_c.FirstBackward[i], Math.Max(end, _c.FirstBackward[i]));
                }
            }

            if (_c.State[i] == ItemState.Abandoned && InWindow(_c.RemovedDay[i]))
            {
                var from = _c.StageBeforeRemoval[i] >= 0 ? _c.StageBeforeRemoval[i] : slots;
                abandoned[from]++;
                abandonedDays[from] += DurationRules.Elapsed(_c.Start[i], _c.RemovedAt[i]);
            }

            if (sle is { } limit && AgeOf(i) is { } age && age > limit)
            {
                var at = _c.Stage[i] >= 0 ? _c.Stage[i] : slots;
                ageing[at]++;
                ageingExcess[at] += age - limit;
            }
        }

        var days = _toDay - _fromDay + 1;
        var rows = new List<StageWaste>();
        var occupancy = new int[days];
        var occupancyOfRemoved = new int[days];
        foreach (var s in stages)
        {
            var limit = _layout.WipLimits[s];
            int over = 0, max = 0, excess = 0;
            if (HasItems)
            {
                _acc.Occupancy[s].CumulativeInto(_fromDay, occupancy);
                _acc.OccupancyOfRemoved[s].CumulativeInto(_fromDay, occupancyOfRemoved);
                for (var k = 0; k < days; k++)
                {
                    var n = occupancy[k] + occupancyOfRemoved[k];
                    max = Math.Max(max, n);
                    if (limit is { } l && n > l)
                    {
                        over++;
                        excess += n - l;
                    }
                }
            }

            var moves = 0;
            for (var d = _fromDay; d <= _toDay && HasItems; d++)
            {
                moves += _acc.BackwardMovesByStage[s][d];
            }

            rows.Add(new StageWaste(
                _layout.StageNames[s],
                CategoryName(_layout.Category[s]),
                DurationRules.Days((long)waiting[s]),
                DurationRules.Days((long)blocked[s]),
                moves,
                0,
                abandoned[s],
                abandonedDays[s],
                ageing[s],
                ageingExcess[s],
                limit,
                over,
                max,
                excess));
        }

        var stream = new StageWaste(
            "(stream)",
            null,
            rows.Sum(r => r.WaitingDays),
            rows.Sum(r => r.BlockedDays),
            rows.Sum(r => r.ReworkMoves),
            reworkDays,
            abandoned.Sum(),
            abandonedDays.Sum(),
            ageing.Sum(),
            ageingExcess.Sum(),
            null,
            rows.Sum(r => r.DaysOverLimit),
            rows.Count == 0 ? 0 : rows.Max(r => r.MaxWip),
            rows.Sum(r => r.ExcessItemDays));
        return new WasteReport(Window, sle, stream, rows);
    }

    private ValueStreamMap ValueStreamMap()
    {
        var slots = _layout.SlotCount;
        var items = new List<int>();
        for (var i = 0; i < _c.Count; i++)
        {
            if (DoneInWindow(i))
            {
                items.Add(i);
            }
        }

        double lead = 0, activeTotal = 0;
        foreach (var i in items)
        {
            if (_c.Created[i] != None)
            {
                lead += Math.Max(0, _c.Done[i] - _c.Created[i]);
            }

            for (var s = 0; s < slots; s++)
            {
                activeTotal += ActiveIn(i, s);
            }
        }

        var buffer = new double[items.Count];
        var waitBuffer = new double[items.Count];
        var stages = new List<ValueStreamStage>();
        for (var s = 0; s < _layout.StageCount; s++)
        {
            if (_layout.IsRemoved[s])
            {
                continue;
            }

            var n = 0;
            foreach (var i in items)
            {
                if ((_c.Entered[i] & (1UL << s)) != 0)
                {
                    buffer[n] = DurationRules.Days((long)ActiveIn(i, s));
                    waitBuffer[n] = DurationRules.Days((long)WaitingIn(i, s));
                    n++;
                }
            }

            stages.Add(new ValueStreamStage(
                _layout.StageNames[s],
                CategoryName(_layout.Category[s]),
                n,
                items.Count > 0 ? n / (double)items.Count : null,
                Percentiles.MedianInPlace(buffer.AsSpan(0, n)),
                Percentiles.MedianInPlace(waitBuffer.AsSpan(0, n))));
        }

        return items.Count == 0
            ? new ValueStreamMap(0, null, null, null, stages)
            : new ValueStreamMap(
                items.Count,
                DurationRules.Days((long)lead),
                DurationRules.Days((long)activeTotal),
                lead > 0 ? activeTotal / lead : null,
                stages);
    }
}
