using PmoFlow.Core.Model;

namespace PmoFlow.Core.Value;

/// <summary>The denominator of the accounting rate of return.</summary>
public enum ArrBasis
{
    /// <summary>Initial investment (default; METRICS §5).</summary>
    InitialInvestment = 0,

    /// <summary>Average investment = (initial investment + residual value) / 2 (ACCA / CIMA convention).</summary>
    AverageInvestment = 1,
}

/// <summary>The thresholds that turn a KPI's projected attainment into a status.</summary>
/// <remarks>Attainment is a fraction: 1.0 means the projection reaches the target exactly.</remarks>
public sealed record KpiStatusRule
{
    /// <summary>Projected attainment at or above which a KPI is on track (default 1.0 = 100 %).</summary>
    public double OnTrackAttainment { get; init; } = 1.0;

    /// <summary>Projected attainment at or above which a KPI is at risk, below which it is off track (default 0.8).</summary>
    public double AtRiskAttainment { get; init; } = 0.8;

    /// <summary>Readings on distinct dates needed to fit a trend (default 2; at least 2).</summary>
    public int MinimumReadings { get; init; } = 2;
}

/// <summary>Options of the value computations.</summary>
public sealed record ValueOptions
{
    /// <summary>ARR denominator.</summary>
    public ArrBasis ArrBasis { get; init; } = ArrBasis.InitialInvestment;

    /// <summary>Day count of time to value (inclusive by default, as METRICS §3).</summary>
    public DayCount DayCount { get; init; } = DayCount.Inclusive;

    /// <summary>KPI status thresholds.</summary>
    public KpiStatusRule KpiRule { get; init; } = new();

    /// <summary>First local date of the value-delivered window (inclusive); null: no lower bound.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last local date of the value-delivered window (inclusive); null: no upper bound.</summary>
    public DateOnly? To { get; init; }

    /// <summary>The defaults.</summary>
    public static ValueOptions Default { get; } = new();
}
