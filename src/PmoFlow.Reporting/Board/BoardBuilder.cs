using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Reporting.Streams;
using PmoFlow.Reporting.Tables;

namespace PmoFlow.Reporting.Board;

/// <summary>Draws a stream's kanban board from its histories as of an instant.</summary>
/// <remarks>
/// Pure (no clock, no I/O) and thread-safe. The figures are the flow analysis' own (stage, state, age, SLE,
/// percentiles) and the report's blocked rule (<see cref="FlowMapping.Blocked"/>); the board adds only the days since
/// an item entered its current stage.
/// </remarks>
public static class BoardBuilder
{
    /// <summary>Days of completions behind the board's P50/P85 bands (the dashboard's default window).</summary>
    public const int SampleDays = 90;

    /// <summary>
    /// The analysis a board is drawn from: as of <paramref name="asOf"/>, over the <see cref="SampleDays"/> days ending on
    /// its local date, with P50 and P85 among the percentiles.
    /// </summary>
    public static FlowAnalysis Analyze(StreamDefinition stream, IReadOnlyList<ItemHistory> histories, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(histories);
        var today = StreamCalendar.Of(stream).DateOf(asOf);
        return FlowAnalyzer.Analyze(stream, histories, new FlowQuery
        {
            AsOf = asOf,
            From = today.AddDays(1 - SampleDays),
            To = today,
            Options = StreamReportFactory.WithHeadlinePercentiles(stream.Options),
        });
    }

    /// <summary>Builds the board of <paramref name="analysis"/> (computed from <paramref name="histories"/>, see <see cref="Analyze"/>).</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="histories">The histories the analysis was computed from (labels, parents, blocks, stage entries).</param>
    /// <param name="analysis">The analysis.</param>
    /// <param name="options">Filters, collapsed-column size and tracker links.</param>
    public static KanbanBoard Build(StreamDefinition stream, IReadOnlyList<ItemHistory> histories, FlowAnalysis analysis, BoardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentNullException.ThrowIfNull(analysis);
        options ??= new BoardOptions();
        var filter = options.Filter;
        var asOf = analysis.AsOf;
        var p50 = FlowMapping.PercentileOf(analysis.CycleTime, 50);
        var p85 = FlowMapping.PercentileOf(analysis.CycleTime, 85);
        var blocked = FlowMapping.Blocked(analysis, histories, asOf, stream.TimeZone).ToDictionary(b => b.Key, StringComparer.Ordinal);
        var workflow = stream.Workflow;
        var stages = workflow.Stages;
        var lists = new List<(BoardCard Card, DateTimeOffset? Order)>[stages.Count + 1];
        var wip = new int[stages.Count + 1];
        for (var i = 0; i < lists.Length; i++)
        {
            lists[i] = [];
        }

        var aligned = analysis.Items.Count == histories.Count;
        Dictionary<string, ItemHistory>? byKey = null;
        var types = new SortedSet<string>(StringComparer.Ordinal);
        var labels = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var parents = new SortedSet<string>(StringComparer.Ordinal);
        var matching = 0;
        for (var i = 0; i < analysis.Items.Count; i++)
        {
            var item = analysis.Items[i];
            ItemHistory? history;
            if (aligned && string.Equals(histories[i].Item.Key, item.Key, StringComparison.Ordinal))
            {
                history = histories[i];
            }
            else
            {
                byKey ??= histories.GroupBy(h => h.Item.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                history = byKey.GetValueOrDefault(item.Key);
            }

            var work = history?.Item;
            var itemLabels = work?.Labels ?? [];
            var parent = string.IsNullOrWhiteSpace(work?.Parent) ? null : work.Parent.Trim();
            if (item.Type is { } t)
            {
                types.Add(t);
            }

            foreach (var l in itemLabels)
            {
                labels.Add(l);
            }

            if (parent is not null)
            {
                parents.Add(parent);
            }

            var column = item.Stage is { } s ? workflow.IndexOfStage(s) : -1;
            if (column < 0)
            {
                column = stages.Count;
            }

            wip[column]++;
            if (!Matches(filter, item.Type, itemLabels, parent))
            {
                continue;
            }

            matching++;
            var inProgress = item.State == ItemState.InProgress;
            BlockedItem? block = blocked.TryGetValue(item.Key, out var found) ? found : null;
            AgeBand? band = inProgress && item.Age is { } age && p50 is { } lo && p85 is { } hi
                ? age <= lo ? AgeBand.WithinP50 : age <= hi ? AgeBand.P50ToP85 : AgeBand.BeyondP85
                : null;
            var entered = history is null || column == stages.Count ? null : EnteredCurrentStage(workflow, history.Events, asOf, column);
            var card = new BoardCard(
                item.Key,
                item.Title,
                item.Type,
                item.State.Name(),
                parent,
                itemLabels,
                inProgress ? item.Age : null,
                band,
                inProgress && item.Age is { } a && analysis.SleDays is { } sle && a > sle,
                block is not null,
                block?.Reason,
                block?.BlockedDays,
                entered is { } e ? DaysSince(e, analysis, stream) : null,
                work is null ? null : options.ItemUrl?.Invoke(work.Source, item.Key));
            DateTimeOffset? order = item.State switch
            {
                ItemState.Done => item.Done,
                ItemState.InProgress => item.Start,
                _ => item.Created,
            };
            lists[column].Add((card, order));
        }

        var columns = new List<BoardColumn>(stages.Count + 1);
        for (var c = 0; c <= stages.Count; c++)
        {
            if (c == stages.Count && wip[c] == 0)
            {
                break;
            }

            var stage = c < stages.Count ? stages[c] : null;
            var category = stage?.Category switch
            {
                null => "unmapped",
                StageCategory cat => cat.ToString().ToLowerInvariant(),
            };
            var collapsed = stage?.Category is StageCategory.Backlog or StageCategory.Done or StageCategory.Removed;
            var list = lists[c];
            IEnumerable<(BoardCard Card, DateTimeOffset? Order)> ordered = collapsed
                ? list.OrderByDescending(x => x.Order ?? DateTimeOffset.MinValue).ThenBy(x => x.Card.Key, StringComparer.Ordinal).Take(Math.Max(0, options.CollapsedCardLimit))
                : list.OrderBy(x => x.Order ?? DateTimeOffset.MaxValue).ThenBy(x => x.Card.Key, StringComparer.Ordinal);
            columns.Add(new BoardColumn(
                stage?.Name ?? "(unmapped)",
                category,
                collapsed,
                stage?.WipLimit,
                wip[c],
                stage?.WipLimit is { } limit && wip[c] > limit,
                list.Count,
                [.. ordered.Select(x => x.Card)]));
        }

        return new KanbanBoard(
            analysis.Stream, asOf, analysis.Today, p50, p85, analysis.SleDays, filter, columns,
            analysis.Items.Count, matching, [.. types], [.. labels], [.. parents]);
    }

    private static bool Matches(BoardFilter filter, string? type, IReadOnlyList<string> labels, string? parent)
    {
        if (filter.Type is { } t && !string.Equals(t.Trim(), type, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (filter.Label is { } l && !labels.Any(x => string.Equals(x, l.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return filter.Parent is not { } p || string.Equals(p.Trim(), parent, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The instant the item last moved into <paramref name="stage"/> from another stage, by its status events up to
    /// <paramref name="asOf"/> (a status that maps to no stage leaves the item where it was); null when its events do
    /// not end there (e.g. a convention re-stamped the stage).
    /// </summary>
    internal static DateTimeOffset? EnteredCurrentStage(Workflow workflow, IReadOnlyList<FlowEvent> events, DateTimeOffset asOf, int stage)
    {
        var current = -1;
        DateTimeOffset? since = null;
        foreach (var e in events.Where(e => e.At <= asOf && e.Kind is EventKind.Status or EventKind.Created && e.ToStatus is not null)
                     .OrderBy(e => e.At).ThenBy(e => e.EventKey, StringComparer.Ordinal))
        {
            var s = workflow.StageOf(e.ToStatus);
            if (s >= 0 && s != current)
            {
                current = s;
                since = e.At;
            }
        }

        return current == stage ? since : null;
    }

    private static double DaysSince(DateTimeOffset entered, FlowAnalysis analysis, StreamDefinition stream)
    {
        var o = stream.Options;
        if (o.TimeResolution == TimeResolution.Continuous)
        {
            return Math.Round((analysis.AsOf - entered).TotalDays, 1, MidpointRounding.AwayFromZero);
        }

        var days = analysis.Today.DayNumber - FlowMapping.DayOf(entered, stream).DayNumber;
        return days + (o.DayCount == DayCount.Inclusive ? 1 : 0);
    }
}
