using System.Text.Json.Serialization;

namespace PmoFlow.Core.Value;

/// <summary>Which way a KPI improves.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KpiDirection>))]
public enum KpiDirection
{
    /// <summary>Higher values are better (target above baseline).</summary>
    [JsonStringEnumMemberName("higher_is_better")]
    HigherIsBetter = 0,

    /// <summary>Lower values are better (target below baseline).</summary>
    [JsonStringEnumMemberName("lower_is_better")]
    LowerIsBetter = 1,
}

/// <summary>One dated reading of a KPI.</summary>
/// <param name="Date">The local date the value was measured.</param>
/// <param name="Value">The measured value, in the KPI's unit.</param>
public sealed record KpiReading(DateOnly Date, double Value);

/// <summary>
/// A key performance indicator an initiative promises to move: from <see cref="Baseline"/> on
/// <see cref="BaselineDate"/> to <see cref="Target"/> by <see cref="TargetDate"/>, with dated readings.
/// </summary>
public sealed record Kpi
{
    /// <summary>Name, unique within its initiative (matched case-insensitively).</summary>
    public required string Name { get; init; }

    /// <summary>Unit for display (%, ms, £, ...).</summary>
    public string? Unit { get; init; }

    /// <summary>Value at <see cref="BaselineDate"/>.</summary>
    public required double Baseline { get; init; }

    /// <summary>Value promised at <see cref="TargetDate"/>; must differ from the baseline in the KPI's direction.</summary>
    public required double Target { get; init; }

    /// <summary>Date of the baseline (start of the target line).</summary>
    public required DateOnly BaselineDate { get; init; }

    /// <summary>Date the target should be reached (end of the target line); after the baseline date.</summary>
    public required DateOnly TargetDate { get; init; }

    /// <summary>Which way the KPI improves.</summary>
    public KpiDirection Direction { get; init; } = KpiDirection.HigherIsBetter;

    /// <summary>Dated readings, in any order.</summary>
    public IReadOnlyList<KpiReading> Readings { get; init; } = [];
}
