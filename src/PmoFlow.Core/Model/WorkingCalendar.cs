namespace PmoFlow.Core.Model;

/// <summary>
/// The days a team works: working weekdays minus holidays. The default works every day
/// (as ActionableAgile and jira-agile-metrics count).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class WorkingCalendar
{
    private readonly bool[] _workingWeekday = new bool[7];
    private readonly HashSet<DateOnly> _holidays;

    /// <summary>Builds a calendar from working weekdays and holiday dates.</summary>
    public WorkingCalendar(IEnumerable<DayOfWeek> workingDays, IEnumerable<DateOnly>? holidays = null)
    {
        ArgumentNullException.ThrowIfNull(workingDays);
        foreach (var d in workingDays)
        {
            _workingWeekday[(int)d] = true;
        }

        _holidays = holidays is null ? [] : [.. holidays];
        if (Array.TrueForAll(_workingWeekday, w => !w))
        {
            throw new ArgumentException("A working calendar needs at least one working weekday.", nameof(workingDays));
        }
    }

    /// <summary>Every day is a working day.</summary>
    public static WorkingCalendar EveryDay { get; } = new(Enum.GetValues<DayOfWeek>());

    /// <summary>Monday to Friday, no holidays.</summary>
    public static WorkingCalendar Weekdays { get; } = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday]);

    /// <summary>The holidays of the calendar.</summary>
    public IReadOnlyCollection<DateOnly> Holidays => _holidays;

    /// <summary>The working weekdays.</summary>
    public IEnumerable<DayOfWeek> WorkingDays => Enum.GetValues<DayOfWeek>().Where(d => _workingWeekday[(int)d]);

    /// <summary>True when every day is a working day.</summary>
    public bool IsEveryDay => _holidays.Count == 0 && Array.TrueForAll(_workingWeekday, w => w);

    /// <summary>Whether the local date is a working day.</summary>
    public bool IsWorkingDay(DateOnly date) => _workingWeekday[(int)date.DayOfWeek] && !_holidays.Contains(date);
}
