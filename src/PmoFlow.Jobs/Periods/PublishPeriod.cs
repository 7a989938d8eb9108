namespace PmoFlow.Jobs.Periods;

/// <summary>What a scheduled report covers.</summary>
public enum PeriodGranularity
{
    /// <summary>The local calendar day before the fire (key <c>2026-03-29</c>).</summary>
    Day,

    /// <summary>The ISO week (Monday to Sunday, local) before the fire's week (key <c>2026-W13</c>). The default.</summary>
    Week,

    /// <summary>The calendar month before the fire's month (key <c>2026-03</c>).</summary>
    Month,

    /// <summary>
    /// From the schedule's previous fire time to this one (key: the end instant in UTC, <c>20260330T060000Z</c>);
    /// for cadences that are not days, weeks or months, and for fast schedules in tests.
    /// </summary>
    Schedule,
}

/// <summary>One report period: a stable key and the instants it spans.</summary>
/// <param name="Key">Identifies the period within its stream (part of the delivery key and the folder name).</param>
/// <param name="Start">First instant included (UTC).</param>
/// <param name="End">First instant after the period (exclusive, UTC).</param>
public sealed record PublishPeriod(string Key, DateTimeOffset Start, DateTimeOffset End);
