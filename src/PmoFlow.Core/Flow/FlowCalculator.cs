using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>Turns an accumulator's per-item columns and day tallies into every figure of the analysis.</summary>
internal sealed partial class FlowCalculator
{
    private const long None = TimelineKernel.NoTicks;
    private readonly FlowAccumulator _acc;
    private readonly ItemColumns _c;
    private readonly StreamLayout _layout;
    private readonly FlowOptions _o;
    private readonly DurationRules _rules;
    private readonly int _fromDay;
    private readonly int _toDay;
    private readonly int _seriesFrom;
    private readonly int _seriesTo;
    private double[] _sortedCycleTimes = [];

    public FlowCalculator(FlowAccumulator acc)
    {
        _acc = acc;
        _c = acc.Columns;
        _layout = acc.Layout;
        _o = acc.Options;
        _rules = new DurationRules(_o);
        (_fromDay, _toDay) = ResolveWindow(acc.Query.To?.DayNumber, _o.ThroughputAnchor == ThroughputAnchor.LastCompletion
            ? Known(acc.LastCompletionDay) ?? acc.Today
            : acc.Today);
        (_seriesFrom, _seriesTo) = ResolveSeries();
    }

    private bool HasItems => _c.Count > 0;

    private FlowWindow Window => new(DateOnly.FromDayNumber(_fromDay), DateOnly.FromDayNumber(_toDay));

    public FlowAnalysis Run()
    {
        var cycle = Summary("cycle_time", CollectDone(CycleTimeOf), keepSorted: true);
        var lead = Summary("lead_time", CollectDone(LeadTimeOf), false);
        var ttv = Summary("time_to_value", CollectValue(), false);
        var age = Summary("age", CollectAges(), false);
        var sleSource = (_acc.Query.SleDays ?? _acc.Stream.SleDays) is null ? "p85-cycle-time" : "configured";
        var sle = _acc.Query.SleDays ?? _acc.Stream.SleDays ?? Percentiles.Of(_sortedCycleTimes, 85, _o.PercentileMethod);
        var (cfdFrom, cfdTo) = ResolveWindow(_acc.Query.To?.DayNumber, _o.CfdEnd == CfdEnd.LastEvent
            ? Known(_acc.LastEventDay) ?? _acc.Today
            : _acc.Today);
        var daily = ThroughputDaily();
        return new FlowAnalysis
        {
            Stream = _acc.Stream.Name,
            AsOf = _acc.Query.AsOf.ToUniversalTime(),
            Today = DateOnly.FromDayNumber(_acc.Today),
            LastEventDate = Known(_acc.LastEventDay) is { } lastEvent ? DateOnly.FromDayNumber(lastEvent) : null,
            Window = Window,
            CfdWindow = new FlowWindow(DateOnly.FromDayNumber(cfdFrom), DateOnly.FromDayNumber(cfdTo)),
            Conventions = Conventions(_o),
            Stages = [.. _layout.StageNames.Take(_layout.StageCount)],
            Items = Items(),
            CycleTime = cycle,
            LeadTime = lead,
            TimeToValue = ttv,
            Age = age,
            SleDays = sle,
            SleSource = sleSource,
            Throughput = HasItems ? WindowThroughput() : null,
            ThroughputDaily = daily,
            ThroughputWeekly = ThroughputWeekly(daily),
            Wip = WipDaily(),
            Cfd = Cfd(cfdFrom, cfdTo),
            Arrivals = ArrivalsSummary(),
            FlowDistribution = Distribution(),
            FlowEfficiency = Efficiency(),
            Waste = Waste(sle),
            ValueStreamMap = ValueStreamMap(),
            Quality = _acc.Quality.Report(_acc.Statuses),
            CompletionDates = _acc.Completions.ExpandDates(),
            WindowCycleTimes = _sortedCycleTimes,
            Options = _o,
            Impediments = new ImpedimentRows(_acc.BlockedSpells, _acc.Layout.StageNames),
            CommitmentDates = _acc.Arrivals.ExpandDates(),
        };
    }

    /// <summary>The daily series' span under seriesStart / seriesEnd; a day that is not known (no completion) falls back to the window's.</summary>
    private (int From, int To) ResolveSeries()
    {
        var from = _o.SeriesStart switch
        {
            SeriesStart.FirstEvent => Known(_acc.FirstDay) ?? _fromDay,
            SeriesStart.FirstCompletion => Known(_acc.FirstCompletionDay) ?? _fromDay,
            _ => _fromDay,
        };
        var to = _o.SeriesEnd switch
        {
            SeriesEnd.LastCompletion => Known(_acc.LastCompletionDay) ?? _toDay,
            SeriesEnd.LastEvent => Known(_acc.LastEventDay) ?? _toDay,
            SeriesEnd.Today => _acc.Today,
            _ => _toDay,
        };
        return (from, to);
    }

    private (int From, int To) ResolveWindow(int? explicitTo, int defaultTo)
    {
        var to = explicitTo ?? defaultTo;
        var q = _acc.Query;
        int from;
        if (q.From is { } f)
        {
            from = f.DayNumber;
        }
        else if (q.WindowDays is { } n)
        {
            if (n < 1)
            {
                throw new ArgumentException("WindowDays must be at least 1.");
            }

            from = to - n + 1;
        }
        else
        {
            from = Math.Min(Known(_acc.FirstDay) ?? to, to);
        }

        if (from > to)
        {
            throw new ArgumentException(
                $"The window starts ({DateOnly.FromDayNumber(from):yyyy-MM-dd}) after it ends ({DateOnly.FromDayNumber(to):yyyy-MM-dd}).");
        }

        return (from, to);
    }

    private static int? Known(int day) => day is int.MaxValue or int.MinValue ? null : day;

    private bool InWindow(int day) => day >= _fromDay && day <= _toDay;

    private bool DoneInWindow(int i) => _c.Done[i] != None && InWindow(_c.DoneDay[i]);

    private double? CycleTimeOf(int i)
    {
        if (_c.Done[i] == None)
        {
            return null;
        }

        if (_rules.ProcessTime)
        {
            return _rules.Process(_c.Process[i], _c.ProcessDays[i]);
        }

        if (_c.KeepWhole)
        {
            return DurationRules.Days(_c.WholeCycle[i]);
        }

        // Under the policy clock an item done without ever starting is done with cycle time 0 (jira-flow-metrics).
        return _o.Clock == ClockPoints.PolicyStatuses && _c.Start[i] == None
            ? 0
            : _rules.Between(_c.Start[i], _c.StartDay[i], _c.Done[i], _c.DoneDay[i]);
    }

    private double? LeadTimeOf(int i) => _c.KeepWhole && _c.Done[i] != None
        ? DurationRules.Days(_c.WholeLead[i])
        : _rules.Between(_c.Created[i], _c.CreatedDay[i], _c.Done[i], _c.DoneDay[i]);

    private double? TimeToValueOf(int i) => _rules.Between(_c.Idea[i], _c.IdeaDay[i], _c.Value[i], _c.ValueDay[i]);

    private double? AgeOf(int i)
    {
        if (_c.State[i] != ItemState.InProgress)
        {
            return null;
        }

        // Age measures what cycle time measures: under process time only the time in process statuses up to as-of,
        // so a paused item's age stops growing (as jira-flow-metrics ages items).
        return _rules.ProcessTime
            ? _rules.Process(_c.Process[i], _c.ProcessDays[i])
            : _c.KeepWhole ? DurationRules.Days(_c.WholeAge[i])
            : _rules.Between(_c.Start[i], _c.StartDay[i], _acc.AsOfTicks, _acc.Today);
    }

    private List<double> CollectDone(Func<int, double?> figure)
    {
        var values = new List<double>();
        for (var i = 0; i < _c.Count; i++)
        {
            if (DoneInWindow(i) && figure(i) is { } v)
            {
                values.Add(v);
            }
        }

        return values;
    }

    private List<double> CollectValue()
    {
        var values = new List<double>();
        for (var i = 0; i < _c.Count; i++)
        {
            if (_c.Value[i] != None && InWindow(_c.ValueDay[i]) && TimeToValueOf(i) is { } v)
            {
                values.Add(v);
            }
        }

        return values;
    }

    private List<double> CollectAges()
    {
        var values = new List<double>();
        for (var i = 0; i < _c.Count; i++)
        {
            if (AgeOf(i) is { } v)
            {
                values.Add(v);
            }
        }

        return values;
    }

    private DistributionSummary Summary(string metric, List<double> values, bool keepSorted)
    {
        var sorted = values.ToArray();
        SortDays(sorted);
        if (keepSorted)
        {
            _sortedCycleTimes = sorted;
        }

        var method = _o.PercentileMethod == PercentileMethod.Linear ? "linear" : "nearest-rank";
        var ps = _o.PercentilesFor(sorted.Length).Select(p => new PercentileValue(p, Percentiles.Of(sorted, p, _o.PercentileMethod))).ToList();
        return sorted.Length == 0
            ? new DistributionSummary(metric, 0, null, null, null, method, ps)
            : new DistributionSummary(metric, sorted.Length, sorted.Average(), sorted[0], sorted[^1], method, ps);
    }

    // Day counts are small integers: a counting sort is linear where a comparison sort of a million values is not.
    private static void SortDays(double[] values)
    {
        if (values.Length < 4096)
        {
            Array.Sort(values);
            return;
        }

        double min = double.MaxValue, max = double.MinValue;
        foreach (var v in values)
        {
            if (v != Math.Floor(v))
            {
                Array.Sort(values);
                return;
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        if (max - min > 1 << 22)
        {
            Array.Sort(values);
            return;
        }

        var counts = new int[(int)(max - min) + 1];
        foreach (var v in values)
        {
            counts[(int)(v - min)]++;
        }

        var k = 0;
        for (var d = 0; d < counts.Length; d++)
        {
            for (var n = counts[d]; n > 0; n--)
            {
                values[k++] = min + d;
            }
        }
    }

    private LazyList<ItemMetrics> Items()
    {
        var c = _c;
        var slots = _layout.SlotCount;
        var types = _acc.TypeNames;
        var sorted = _sortedCycleTimes;
        return new LazyList<ItemMetrics>(c.Count, i =>
        {
            var age = AgeOf(i);
            var end = c.Done[i] != None ? c.Done[i] : c.RemovedAt[i] != None ? c.RemovedAt[i] : _acc.AsOfTicks;
            var flow = c.Done[i] != None ? c.Done[i] - c.Start[i] : 0;
            var stage = c.Stage[i];
            return new ItemMetrics(
                c.Keys[i],
                c.TypeIds[i] >= 0 ? types[c.TypeIds[i]] : null,
                c.Titles[i],
                Instant(c.Created[i]),
                Instant(c.Start[i]),
                Instant(c.Done[i]),
                Instant(c.Value[i]),
                CycleTimeOf(i),
                LeadTimeOf(i),
                TimeToValueOf(i),
                flow > 0 ? c.ActiveFlow[i] / (double)flow : null,
                DurationRules.Days(c.Blocked[i]),
                c.BackwardMoves[i],
                c.FirstBackward[i] != None ? DurationRules.Elapsed(c.FirstBackward[i], Math.Max(end, c.FirstBackward[i])) : null,
                c.Reopens[i],
                c.State[i],
                stage >= 0 ? _layout.StageNames[stage] : null,
                age,
                age is { } a ? Percentiles.RankOf(sorted, a) : null);
        });
    }

    private static DateTimeOffset? Instant(long ticks) =>
        ticks == None ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    private int WindowThroughput()
    {
        var total = 0;
        for (var d = _fromDay; d <= _toDay; d++)
        {
            total += _acc.Completions[d];
        }

        return total;
    }

    private List<DailyThroughput> ThroughputDaily()
    {
        var result = new List<DailyThroughput>();
        if (!HasItems)
        {
            return result;
        }

        var byType = _acc.CompletionsByType;
        for (var d = _seriesFrom; d <= _seriesTo; d++)
        {
            var types = new SortedDictionary<string, int>(StringComparer.Ordinal);
            for (var t = 0; t < byType.Count; t++)
            {
                var n = byType[t][d];
                if (n > 0)
                {
                    types[t == 0 ? "(none)" : _acc.TypeNames[t - 1]] = n;
                }
            }

            result.Add(new DailyThroughput(DateOnly.FromDayNumber(d), _acc.Completions[d], types));
        }

        return result;
    }

    private List<WeeklyThroughput> ThroughputWeekly(List<DailyThroughput> daily)
    {
        var result = new List<WeeklyThroughput>();
        var iso = _o.WeekEndsOn == DayOfWeek.Sunday;
        var i = 0;
        while (i < daily.Count)
        {
            var start = Weeks.WeekStart(daily[i].Date, _o.WeekEndsOn);
            var end = start.AddDays(6);
            var items = 0;
            var days = 0;
            var types = new SortedDictionary<string, int>(StringComparer.Ordinal);
            for (; i < daily.Count && daily[i].Date <= end; i++)
            {
                days++;
                items += daily[i].Items;
                foreach (var (type, n) in daily[i].ByType)
                {
                    types[type] = types.GetValueOrDefault(type) + n;
                }
            }

            result.Add(new WeeklyThroughput(start, end, iso ? Weeks.IsoLabel(start) : null, days, items, types));
        }

        return result;
    }

    private List<DailyWip> WipDaily()
    {
        var result = new List<DailyWip>();
        if (!HasItems)
        {
            return result;
        }

        if (_o.WipCountPoint is WipCountPoint.Status or WipCountPoint.LeadTime)
        {
            return StartOfDayWip(result);
        }

        // WIP is read off the same arrival tallies as the CFD, so WIP(d) = CFD(commitment, d) − CFD(delivery, d).
        var shift = _o.WipCountPoint == WipCountPoint.StartOfDay ? 1 : 0;
        var first = _seriesFrom - shift;
        var days = Math.Max(0, _seriesTo - _seriesFrom + 1);
        var bands = Enumerable.Range(_layout.Commitment, _layout.Delivery - _layout.Commitment + 1)
            .Where(s => !_layout.IsRemoved[s]).ToList();
        var cumulative = bands.Select(s =>
        {
            var a = new int[days];
            _acc.Reach[s].CumulativeInto(first, a);
            return a;
        }).ToList();
        for (var k = 0; k < days; k++)
        {
            var byStage = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var b = 0; b < bands.Count - 1; b++)
            {
                byStage[_layout.StageNames[bands[b]]] = cumulative[b][k] - cumulative[b + 1][k];
            }

            result.Add(new DailyWip(DateOnly.FromDayNumber(_seriesFrom + k), cumulative[0][k] - cumulative[^1][k], byStage));
        }

        return result;
    }

    // wip: status / lead-time (jira-flow-metrics' WIP at each day's start instant). byStage: items sitting in each stage
    // from the commitment point up to the delivery point at that instant.
    private List<DailyWip> StartOfDayWip(List<DailyWip> result)
    {
        var days = Math.Max(0, _seriesTo - _seriesFrom + 1);
        var inProgress = Enumerable.Range(0, _layout.StageCount)
            .Where(s => _layout.Category[s] is StageCategory.Active or StageCategory.Wait).ToList();
        var perStage = new Dictionary<int, int[]>();
        foreach (var s in inProgress)
        {
            var a = new int[days];
            _acc.StatusWip[s].CumulativeInto(_seriesFrom, a);
            perStage[s] = a;
        }

        var bands = Enumerable.Range(_layout.Commitment, _layout.Delivery - _layout.Commitment)
            .Where(s => !_layout.IsRemoved[s]).ToList();
        var lead = new int[days];
        if (_o.WipCountPoint == WipCountPoint.LeadTime)
        {
            _acc.LeadTimeWip.CumulativeInto(_seriesFrom, lead);
            foreach (var (stopDay, first, last) in _acc.StoppedLeadTimeWip)
            {
                // Left out when the last move back to to-do came before the series' first day.
                if (stopDay < _seriesFrom)
                {
                    continue;
                }

                for (var d = Math.Max(first, _seriesFrom); d <= Math.Min(last, _seriesTo); d++)
                {
                    lead[d - _seriesFrom]++;
                }
            }
        }

        for (var k = 0; k < days; k++)
        {
            var byStage = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var s in bands)
            {
                byStage[_layout.StageNames[s]] = perStage.TryGetValue(s, out var a) ? a[k] : 0;
            }

            var total = _o.WipCountPoint == WipCountPoint.LeadTime ? lead[k] : inProgress.Sum(s => perStage[s][k]);
            result.Add(new DailyWip(DateOnly.FromDayNumber(_seriesFrom + k), total, byStage));
        }

        return result;
    }

    private CfdData Cfd(int from, int to)
    {
        var current = _o.CfdMode == CfdMode.CurrentlyInStage;
        var mode = current ? "currently-in-stage" : "cumulative-arrivals";
        var stages = Enumerable.Range(0, _layout.StageCount).Where(s => !_layout.IsRemoved[s]).ToList();
        var names = stages.Select(s => _layout.StageNames[s]).ToList();
        var doneBands = stages.Count(s => s >= _layout.Delivery);
        if (_o.CfdRemovedBand)
        {
            names.Add("(removed)");
        }

        var rows = new List<CfdRow>();
        if (!HasItems)
        {
            return new CfdData(mode, names, rows) { DoneBands = doneBands, Before = new int[names.Count] };
        }

        var days = to - from + 1;
        var source = current ? _acc.Occupancy
            : _o.SkippedStages == SkippedStages.LeaveEmpty ? _acc.OwnEntries
            : _acc.Reach;
        var series = stages.Select(s =>
        {
            var a = new int[days];
            source[s].CumulativeInto(from, a);
            return a;
        }).ToList();
        var before = stages.Select(s => source[s].CumulativeTo(from - 1)).ToList();
        if (_o.CfdRemovedBand)
        {
            var removed = new int[days];
            _acc.RemovedBand.CumulativeInto(from, removed);
            series.Add(removed);
            before.Add(_acc.RemovedBand.CumulativeTo(from - 1));
        }

        for (var k = 0; k < days; k++)
        {
            var counts = new int[series.Count];
            for (var b = 0; b < series.Count; b++)
            {
                counts[b] = series[b][k];
            }

            rows.Add(new CfdRow(DateOnly.FromDayNumber(from + k), counts));
        }

        return new CfdData(mode, names, rows) { DoneBands = doneBands, Before = before };
    }

    private ArrivalSummary ArrivalsSummary()
    {
        var days = new List<DailyFlow>();
        if (!HasItems)
        {
            return new ArrivalSummary(null, null, null, null, null, days);
        }

        int arrivals = 0, departures = 0;
        for (var d = _fromDay; d <= _toDay; d++)
        {
            arrivals += _acc.Arrivals[d];
            departures += _acc.Completions[d];
        }

        // The rates and totals are the window's; the daily rows span the series (seriesStart / seriesEnd).
        for (var d = _seriesFrom; d <= _seriesTo; d++)
        {
            var a = _acc.Arrivals[d];
            var p = _acc.Completions[d];
            days.Add(new DailyFlow(DateOnly.FromDayNumber(d), a, p, a - p));
        }

        var n = (double)(_toDay - _fromDay + 1);
        return new ArrivalSummary(arrivals / n, departures / n, arrivals, departures, arrivals - departures, days);
    }

    private List<TypeShare> Distribution()
    {
        // Slot 0 counts items without a type; slot t + 1 counts type id t.
        var counts = new int[_acc.TypeNames.Count + 1];
        var total = 0;
        for (var i = 0; i < _c.Count; i++)
        {
            if (DoneInWindow(i))
            {
                counts[_c.TypeIds[i] + 1]++;
                total++;
            }
        }

        return [.. counts.Select((n, t) => (Type: t == 0 ? "(none)" : _acc.TypeNames[t - 1], Items: n))
            .Where(x => x.Items > 0)
            .Select(x => new TypeShare(x.Type, x.Items, x.Items / (double)total))
            .OrderByDescending(s => s.Items).ThenBy(s => s.Type, StringComparer.Ordinal)];
    }

    private static Dictionary<string, string> Conventions(FlowOptions o) => new(StringComparer.Ordinal)
    {
        ["timeResolution"] = o.TimeResolution switch
        {
            TimeResolution.WallClockDate => "wall-clock-date",
            TimeResolution.Continuous => "continuous",
            _ => "local-date",
        },
        ["dayCount"] = o.TimeResolution == TimeResolution.Continuous ? "elapsed"
            : o.DayCount == DayCount.Inclusive ? "inclusive" : "exclusive",
        ["cycleTime"] = o.CycleTimeMeasure == CycleTimeMeasure.ProcessTime
            ? "process-time(" + string.Join(", ", o.ProcessStatuses) + ")"
            : "start-to-done",
        ["stageReentry"] = o.StageReentry == StageReentry.KeepLatest ? "keep-latest" : "keep-first",
        ["backwardMove"] = o.BackwardMove == BackwardMove.EraseLaterEntries ? "erase-later-entries" : "keep-later-entries",
        ["skippedStages"] = o.SkippedStages == SkippedStages.LeaveEmpty ? "leave-empty" : "back-fill",
        ["wip"] = o.WipCountPoint switch
        {
            WipCountPoint.StartOfDay => "start-of-day",
            WipCountPoint.Status => "status",
            WipCountPoint.LeadTime => "lead-time",
            _ => "end-of-day",
        },
        ["clock"] = o.Clock == ClockPoints.PolicyStatuses ? "policy-statuses" : "stages",
        ["wholeSeconds"] = o.WholeSeconds && o.TimeResolution == TimeResolution.Continuous ? "true" : "false",
        ["cfd"] = (o.CfdMode == CfdMode.CurrentlyInStage ? "currently-in-stage" : "cumulative-arrivals")
            + (o.CfdEnd == CfdEnd.LastEvent ? ", ending at the last event" : ", ending today")
            + (o.CfdRemovedBand ? ", removed band" : string.Empty)
            + (o.CfdStart == CfdStart.Window ? ", from the window's start" : string.Empty)
            + (o.CfdDone == CfdDone.Hide ? ", done bands hidden" : string.Empty),
        ["throughputAnchor"] = o.ThroughputAnchor == ThroughputAnchor.LastCompletion ? "last-completion" : "today",
        ["week"] = o.WeekEndsOn == DayOfWeek.Sunday ? "iso" : "ends-" + o.WeekEndsOn.ToString().ToLowerInvariant(),
        ["percentiles"] = (o.PercentileMethod == PercentileMethod.Linear ? "linear" : "nearest-rank") + (o.AutoPercentiles ? ", auto" : string.Empty),
        ["series"] = (o.SeriesStart switch { SeriesStart.FirstEvent => "first-event", SeriesStart.FirstCompletion => "first-completion", _ => "window" })
            + ".." + (o.SeriesEnd switch { SeriesEnd.LastCompletion => "last-completion", SeriesEnd.LastEvent => "last-event", SeriesEnd.Today => "today", _ => "window" }),
        ["blockedDays"] = o.BlockedDays == BlockedDaysCount.WholeDaysInCommitment ? "whole-days-in-commitment" : "elapsed",
        ["sampling"] = o.Sampling == ThroughputSampling.ByWeekday ? "by-weekday" : "pooled",
        ["coldStart"] = o.ColdStart ? (o.ExcludeOutliers ? "true, outliers excluded" : "true") : "false",
        ["excludeDates"] = string.Join(",", o.ExcludedDates),
    };
}
