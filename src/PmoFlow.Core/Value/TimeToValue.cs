using PmoFlow.Core.Model;

namespace PmoFlow.Core.Value;

/// <summary>How long an initiative took to deliver its first and its last value.</summary>
/// <param name="Start">The date counted from: the initiative's start date, else its first linked item's creation.</param>
/// <param name="FirstValue">Date the first linked item reached the value point, if any did.</param>
/// <param name="LastValue">Date the last linked item reached the value point, once every linked item has.</param>
/// <param name="DaysToFirstValue">Start → first value, in days under the day count; null when unknown.</param>
/// <param name="DaysToLastValue">Start → last value; null while any linked item has not reached the value point.</param>
/// <param name="ItemsAtValue">Linked items that reached the value point.</param>
/// <param name="Items">Linked items.</param>
public sealed record InitiativeTimeToValue(
    DateOnly? Start,
    DateOnly? FirstValue,
    DateOnly? LastValue,
    int? DaysToFirstValue,
    int? DaysToLastValue,
    int ItemsAtValue,
    int Items);

/// <summary>Time to value per initiative (METRICS §3 "time to value", lifted to initiatives).</summary>
/// <remarks>
/// Days follow the day count: inclusive (default) is date(value) − date(start) + 1, so value on the start day is 1
/// day. Pure and thread-safe.
/// </remarks>
public static class TimeToValue
{
    /// <summary>Computes time to value over an initiative's linked items.</summary>
    public static InitiativeTimeToValue Compute(IReadOnlyList<ValueItem> linkedItems, DateOnly? initiativeStart, DayCount dayCount = DayCount.Inclusive)
    {
        ArgumentNullException.ThrowIfNull(linkedItems);
        var start = initiativeStart;
        if (start is null)
        {
            var created = linkedItems.Where(i => i.Created.HasValue).Select(i => i.Created!.Value).ToList();
            start = created.Count > 0 ? created.Min() : null;
        }

        var reached = linkedItems.Where(i => i.ValueReached.HasValue).Select(i => i.ValueReached!.Value).ToList();
        DateOnly? first = reached.Count > 0 ? reached.Min() : null;
        DateOnly? last = reached.Count > 0 && reached.Count == linkedItems.Count ? reached.Max() : null;
        int? daysFirst = start is { } s1 && first is { } f ? ValueDelivery.Days(s1, f, dayCount) : null;
        int? daysLast = start is { } s2 && last is { } l ? ValueDelivery.Days(s2, l, dayCount) : null;
        return new InitiativeTimeToValue(start, first, last, daysFirst, daysLast, reached.Count, linkedItems.Count);
    }
}
