using PmoFlow.Core.Model;

namespace PmoFlow.Core.Value;

/// <summary>Business value delivered by the items completed in a window.</summary>
/// <param name="From">First local date (inclusive); null: unbounded.</param>
/// <param name="To">Last local date (inclusive); null: unbounded.</param>
/// <param name="Value">Sum of the business value of completed items that carry one; null when no completed item carries a value.</param>
/// <param name="CompletedItems">Items completed in the window.</param>
/// <param name="UnvaluedItems">Completed items without a business value (left out of the sum, never counted as 0).</param>
public sealed record ValueDelivered(DateOnly? From, DateOnly? To, decimal? Value, int CompletedItems, int UnvaluedItems);

/// <summary>The length of a value-delivery period.</summary>
public enum ValuePeriod
{
    /// <summary>Weeks ending on a configured weekday (Sunday: ISO weeks, Monday to Sunday).</summary>
    Week = 0,

    /// <summary>Calendar months.</summary>
    Month = 1,
}

/// <summary>Value delivered: sum of business value of items completed in a window (METRICS §5).</summary>
/// <remarks>
/// An item counts in a window when its completion date lies in it (both ends inclusive). A window with no completed
/// item delivers 0; a window whose completed items all lack a value delivers null ("unknown"), never 0. Pure and
/// thread-safe.
/// </remarks>
public static class ValueDelivery
{
    /// <summary>Value delivered by the items completed between <paramref name="from"/> and <paramref name="to"/>.</summary>
    /// <param name="items">The items.</param>
    /// <param name="from">First date (inclusive), or null.</param>
    /// <param name="to">Last date (inclusive), or null.</param>
    /// <param name="valueOf">The value of an item (default: its own business value).</param>
    public static ValueDelivered Delivered(
        IEnumerable<ValueItem> items, DateOnly? from, DateOnly? to, Func<ValueItem, decimal?>? valueOf = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        valueOf ??= i => i.BusinessValue;
        var completed = 0;
        var unvalued = 0;
        var sum = 0m;
        foreach (var item in items)
        {
            if (item.Completed is not { } done || (from is { } f && done < f) || (to is { } t && done > t))
            {
                continue;
            }

            completed++;
            if (valueOf(item) is { } v)
            {
                sum += v;
            }
            else
            {
                unvalued++;
            }
        }

        decimal? value = completed == 0 ? 0m : completed == unvalued ? null : sum;
        return new ValueDelivered(from, to, value, completed, unvalued);
    }

    /// <summary>Value delivered per period over [<paramref name="from"/>, <paramref name="to"/>], zero periods included.</summary>
    /// <remarks>The first and last periods are cut to the range, so every day of the range lies in exactly one period.</remarks>
    public static IReadOnlyList<ValueDelivered> ByPeriod(
        IReadOnlyList<ValueItem> items,
        DateOnly from,
        DateOnly to,
        ValuePeriod period = ValuePeriod.Week,
        DayOfWeek weekEndsOn = DayOfWeek.Sunday,
        Func<ValueItem, decimal?>? valueOf = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (to < from)
        {
            throw new ArgumentException($"The range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        }

        var result = new List<ValueDelivered>();
        var start = from;
        while (start <= to)
        {
            var end = period == ValuePeriod.Month
                ? new DateOnly(start.Year, start.Month, DateTime.DaysInMonth(start.Year, start.Month))
                : start.AddDays(((int)weekEndsOn - (int)start.DayOfWeek + 7) % 7);
            if (end > to)
            {
                end = to;
            }

            result.Add(Delivered(items, start, end, valueOf));
            start = end.AddDays(1);
        }

        return result;
    }

    /// <summary>Day count between two local dates under a convention (inclusive adds 1).</summary>
    internal static int Days(DateOnly start, DateOnly end, DayCount dayCount) =>
        end.DayNumber - start.DayNumber + (dayCount == DayCount.Inclusive ? 1 : 0);
}
