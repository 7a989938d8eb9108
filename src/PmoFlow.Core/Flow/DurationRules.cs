using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>How a duration between two instants becomes a figure in days under the §7 switches.</summary>
internal sealed class DurationRules
{
    private readonly bool _continuous;
    private readonly int _plus;

    public DurationRules(FlowOptions options)
    {
        _continuous = options.TimeResolution == TimeResolution.Continuous;
        _plus = options.DayCount == DayCount.Inclusive ? 1 : 0;
        ProcessTime = options.CycleTimeMeasure == CycleTimeMeasure.ProcessTime;
    }

    public bool ProcessTime { get; }

    /// <summary>Inclusive: date(end) − date(start) + 1; exclusive: without the +1; continuous: fractional days.</summary>
    public double? Between(long start, int startDay, long end, int endDay)
    {
        if (start == TimelineKernel.NoTicks || end == TimelineKernel.NoTicks)
        {
            return null;
        }

        return _continuous ? Elapsed(start, end) : endDay - startDay + _plus;
    }

    /// <summary>Process time: elapsed under continuous time, else distinct local days touched (minus one when exclusive).</summary>
    public double Process(long ticks, int days) =>
        _continuous ? ticks / (double)TimeSpan.TicksPerDay : Math.Max(0, days - 1 + _plus);

    /// <summary>Exact elapsed time in fractional days.</summary>
    public static double Elapsed(long start, long end) => (end - start) / (double)TimeSpan.TicksPerDay;

    public static double Days(long ticks) => ticks / (double)TimeSpan.TicksPerDay;
}
