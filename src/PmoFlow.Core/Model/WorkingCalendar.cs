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
    private readonly Dictionary<DateOnly, string> _names = [];

    /// <summary>Builds a calendar from working weekdays and holiday dates.</summary>
    public WorkingCalendar(IEnumerable<DayOfWeek> workingDays, IEnumerable<DateOnly>? holidays = null)
        : this(workingDays, [.. (holidays ?? []).Select(h => new Holiday(h, null))])
    {
    }

    private WorkingCalendar(IEnumerable<DayOfWeek> workingDays, List<Holiday> holidays)
    {
        ArgumentNullException.ThrowIfNull(workingDays);
        foreach (var d in workingDays)
        {
            _workingWeekday[(int)d] = true;
        }

        _holidays = [];
        foreach (var h in holidays)
        {
            _holidays.Add(h.Date);
            if (!string.IsNullOrWhiteSpace(h.Name))
            {
                _names[h.Date] = h.Name.Trim();
            }
        }

        if (Array.TrueForAll(_workingWeekday, w => !w))
        {
            throw new ArgumentException("A working calendar needs at least one working weekday.", nameof(workingDays));
        }
    }

    /// <summary>A calendar from working weekdays and holidays, some of them named (<c>calendar.holidays</c>: "2026-12-25 Christmas Day").</summary>
    public static WorkingCalendar Of(IEnumerable<DayOfWeek> workingDays, IEnumerable<Holiday> holidays)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        return new WorkingCalendar(workingDays, [.. holidays]);
    }

    /// <summary>Every day is a working day.</summary>
    public static WorkingCalendar EveryDay { get; } = new(Enum.GetValues<DayOfWeek>());

    /// <summary>Monday to Friday, no holidays.</summary>
    public static WorkingCalendar Weekdays { get; } = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday]);

    /// <summary>The holidays of the calendar.</summary>
    public IReadOnlyCollection<DateOnly> Holidays => _holidays;

    /// <summary>The holiday's name, or null when the calendar does not name it (or it is not a holiday).</summary>
    public string? NameOf(DateOnly holiday) => _names.GetValueOrDefault(holiday);

    /// <summary>
    /// The holidays after <paramref name="after"/> up to and including <paramref name="through"/>, in date order, with
    /// their names: the days a forecast starting the day after <paramref name="after"/> steps over up to that date.
    /// </summary>
    public IReadOnlyList<Holiday> HolidaysBetween(DateOnly after, DateOnly through) =>
        [.. _holidays.Where(h => h > after && h <= through).Order().Select(h => new Holiday(h, NameOf(h)))];

    /// <summary>The working weekdays.</summary>
    public IEnumerable<DayOfWeek> WorkingDays => Enum.GetValues<DayOfWeek>().Where(d => _workingWeekday[(int)d]);

    /// <summary>True when every day is a working day.</summary>
    public bool IsEveryDay => _holidays.Count == 0 && Array.TrueForAll(_workingWeekday, w => w);

    /// <summary>Whether the local date is a working day.</summary>
    public bool IsWorkingDay(DateOnly date) => _workingWeekday[(int)date.DayOfWeek] && !_holidays.Contains(date);
}

/// <summary>A holiday of a <see cref="WorkingCalendar"/>.</summary>
/// <param name="Date">The local date.</param>
/// <param name="Name">Its name (e.g. "Christmas Day"), or null.</param>
public sealed record Holiday(DateOnly Date, string? Name)
{
    /// <summary>"2026-12-25 Christmas Day", or the date alone when the holiday has no name.</summary>
    public override string ToString() =>
        Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + (Name is null ? string.Empty : " " + Name);
}
