using System.Text.Json.Serialization;
using MathNet.Numerics;

namespace PmoFlow.Core.Value;

/// <summary>A KPI's realisation status.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KpiStatus>))]
public enum KpiStatus
{
    /// <summary>The trend reaches the target by the target date.</summary>
    [JsonStringEnumMemberName("on_track")]
    OnTrack = 0,

    /// <summary>The trend falls a little short of the target.</summary>
    [JsonStringEnumMemberName("at_risk")]
    AtRisk = 1,

    /// <summary>The trend falls well short of the target (or moves the wrong way).</summary>
    [JsonStringEnumMemberName("off_track")]
    OffTrack = 2,

    /// <summary>Too few readings on distinct dates to fit a trend (one reading).</summary>
    [JsonStringEnumMemberName("not_enough_data")]
    NotEnoughData = 3,

    /// <summary>No readings at all.</summary>
    [JsonStringEnumMemberName("no_data")]
    NoData = 4,
}

/// <summary>The status of one KPI and the figures behind it.</summary>
/// <remarks>
/// The trend is the least-squares line value = Intercept + SlopePerDay × (date − BaselineDate in days).
/// Attainment is a fraction of the promised change: (projected − baseline) ÷ (target − baseline), so 1.0 reaches
/// the target exactly, in either direction. Figures are null when there are too few readings.
/// </remarks>
public sealed record KpiStatusResult
{
    /// <summary>The initiative's id.</summary>
    public required string InitiativeId { get; init; }

    /// <summary>The KPI's name.</summary>
    public required string Kpi { get; init; }

    /// <summary>The KPI's unit.</summary>
    public string? Unit { get; init; }

    /// <summary>Which way it improves.</summary>
    public KpiDirection Direction { get; init; }

    /// <summary>Baseline value.</summary>
    public double Baseline { get; init; }

    /// <summary>Target value.</summary>
    public double Target { get; init; }

    /// <summary>Baseline date.</summary>
    public DateOnly BaselineDate { get; init; }

    /// <summary>Target date.</summary>
    public DateOnly TargetDate { get; init; }

    /// <summary>Number of readings.</summary>
    public int ReadingCount { get; init; }

    /// <summary>Date of the latest reading, if any.</summary>
    public DateOnly? LatestDate { get; init; }

    /// <summary>Value of the latest reading (the mean when several share the latest date), if any.</summary>
    public double? LatestValue { get; init; }

    /// <summary>Fitted line's value at the baseline date.</summary>
    public double? Intercept { get; init; }

    /// <summary>Fitted line's slope, in KPI units per day.</summary>
    public double? SlopePerDay { get; init; }

    /// <summary>The fitted line's value at the target date.</summary>
    public double? ProjectedAtTargetDate { get; init; }

    /// <summary>(projected − baseline) ÷ (target − baseline).</summary>
    public double? Attainment { get; init; }

    /// <summary>The straight target line's value at the latest reading date (baseline → target, clamped to its ends).</summary>
    public double? PlannedAtLatestDate { get; init; }

    /// <summary>The fitted line's value at the latest reading date.</summary>
    public double? FittedAtLatestDate { get; init; }

    /// <summary>
    /// True when the fitted value at the latest reading date is worse than the target line there (below it when
    /// higher is better). Informational: the status follows the projection.
    /// </summary>
    public bool? BehindTargetLine { get; init; }

    /// <summary>The status.</summary>
    public KpiStatus Status { get; init; }
}

/// <summary>KPI status from the trend of its readings against its target line (METRICS §5 value realisation).</summary>
/// <remarks>
/// Rule: fit a least-squares line (MathNet <c>Fit.Line</c>) to (days since baseline date, value) of every reading;
/// project it to the target date; attainment = (projected − baseline) ÷ (target − baseline). Attainment ≥
/// <see cref="KpiStatusRule.OnTrackAttainment"/> (1.0) is on track, ≥ <see cref="KpiStatusRule.AtRiskAttainment"/> (0.8)
/// at risk, anything lower (including a trend moving the wrong way) off track. No readings: no data; readings on
/// fewer than <see cref="KpiStatusRule.MinimumReadings"/> distinct dates: not enough data. The baseline itself is not a
/// reading. Pure and thread-safe.
/// </remarks>
public static class KpiTrend
{
    /// <summary>Computes the status of one KPI. The KPI must be valid (see <see cref="PortfolioValidator"/>).</summary>
    public static KpiStatusResult Evaluate(string initiativeId, Kpi kpi, KpiStatusRule? rule = null)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        rule ??= new KpiStatusRule();
        var result = new KpiStatusResult
        {
            InitiativeId = initiativeId,
            Kpi = kpi.Name,
            Unit = kpi.Unit,
            Direction = kpi.Direction,
            Baseline = kpi.Baseline,
            Target = kpi.Target,
            BaselineDate = kpi.BaselineDate,
            TargetDate = kpi.TargetDate,
            ReadingCount = kpi.Readings.Count,
            Status = KpiStatus.NoData,
        };
        if (kpi.Readings.Count == 0)
        {
            return result;
        }

        var readings = kpi.Readings.OrderBy(r => r.Date).ToArray();
        var latestDate = readings[^1].Date;
        var latestValue = readings.Where(r => r.Date == latestDate).Average(r => r.Value);
        result = result with { LatestDate = latestDate, LatestValue = latestValue };

        var distinctDates = readings.Select(r => r.Date).Distinct().Count();
        if (distinctDates < Math.Max(2, rule.MinimumReadings))
        {
            return result with { Status = KpiStatus.NotEnoughData };
        }

        var xs = readings.Select(r => (double)(r.Date.DayNumber - kpi.BaselineDate.DayNumber)).ToArray();
        var ys = readings.Select(r => r.Value).ToArray();
        var (intercept, slope) = Fit.Line(xs, ys);

        double targetX = kpi.TargetDate.DayNumber - kpi.BaselineDate.DayNumber;
        double latestX = latestDate.DayNumber - kpi.BaselineDate.DayNumber;
        var projected = intercept + (slope * targetX);
        var change = kpi.Target - kpi.Baseline;
        var attainment = (projected - kpi.Baseline) / change;
        var planned = kpi.Baseline + (change * Math.Clamp(latestX / targetX, 0, 1));
        var fittedLatest = intercept + (slope * latestX);
        var behind = change > 0 ? fittedLatest < planned : fittedLatest > planned;

        var status = attainment >= rule.OnTrackAttainment ? KpiStatus.OnTrack
            : attainment >= rule.AtRiskAttainment ? KpiStatus.AtRisk
            : KpiStatus.OffTrack;

        return result with
        {
            Intercept = intercept,
            SlopePerDay = slope,
            ProjectedAtTargetDate = projected,
            Attainment = attainment,
            PlannedAtLatestDate = planned,
            FittedAtLatestDate = fittedLatest,
            BehindTargetLine = behind,
            Status = status,
        };
    }

    /// <summary>
    /// An initiative's overall KPI status: the first of off track, at risk, no data, not enough data, on track that any
    /// of its KPIs has (so missing data never hides behind "on track"); null when it has no KPIs.
    /// </summary>
    public static KpiStatus? Overall(IEnumerable<KpiStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var set = statuses.ToHashSet();
        if (set.Count == 0)
        {
            return null;
        }

        foreach (var s in (KpiStatus[])[KpiStatus.OffTrack, KpiStatus.AtRisk, KpiStatus.NoData, KpiStatus.NotEnoughData])
        {
            if (set.Contains(s))
            {
                return s;
            }
        }

        return KpiStatus.OnTrack;
    }
}
