using System.Text.Json.Serialization;

namespace PmoFlow.Core.Forecasting;

/// <summary>Whether a forecast could be made.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ForecastStatus>))]
public enum ForecastStatus
{
    /// <summary>Every requested percentile has an answer.</summary>
    Ok = 0,

    /// <summary>No honest answer (no completions, all-zero samples, horizon exceeded); see the reason.</summary>
    CannotForecast = 1,
}

/// <summary>The inputs of a forecast run, recorded so the run can be stored and repeated.</summary>
/// <param name="Today">The day the forecast stands on; simulated days start tomorrow.</param>
/// <param name="Sample">The throughput sample's figures.</param>
/// <param name="Engine">The engine that answered (<see cref="ForecastEngine.Exact"/> or <see cref="ForecastEngine.MonteCarlo"/>).</param>
/// <param name="Seed">The seed (meaningful for Monte Carlo).</param>
/// <param name="Trials">Monte Carlo trials (0 for the exact engine).</param>
/// <param name="Percentiles">The reported percentiles, in percent.</param>
/// <param name="HorizonYears">The horizon in years.</param>
/// <param name="HorizonEnd">The last simulated date (included).</param>
/// <param name="ThroughputFactor">Multiplier applied to the daily samples.</param>
/// <param name="ArrivalSample">The arrival sample's figures when backlog growth is on.</param>
/// <param name="Model">The forecast model's name (daily, weekly, block:N, rate-mix).</param>
public sealed record ForecastInputs(
    DateOnly Today,
    SampleSummary Sample,
    ForecastEngine Engine,
    ulong Seed,
    int Trials,
    IReadOnlyList<double> Percentiles,
    int HorizonYears,
    DateOnly HorizonEnd,
    double ThroughputFactor,
    SampleSummary? ArrivalSample = null,
    string Model = "daily");

/// <summary>A date at a confidence level: <paramref name="Percentile"/>% of trials finished on or before it.</summary>
/// <param name="Percentile">Confidence in percent.</param>
/// <param name="Date">The date, or null when that share of trials does not finish within the horizon.</param>
/// <param name="WorkingDays">Working days from tomorrow to the date, both included (0: already done today).</param>
/// <param name="CalendarDays">Calendar days from today to the date.</param>
public sealed record PercentileDate(double Percentile, DateOnly? Date, int? WorkingDays, int? CalendarDays);

/// <summary>One point of a date distribution.</summary>
/// <param name="Date">A working day (or today, for scope already done).</param>
/// <param name="WorkingDay">Its index: 0 = today, 1 = the first working day after today.</param>
/// <param name="Probability">Probability of finishing on that day.</param>
/// <param name="Cumulative">Probability of finishing on or before that day.</param>
public sealed record DatePoint(DateOnly Date, int WorkingDay, double Probability, double Cumulative);

/// <summary>The distribution of a finish date and its summary.</summary>
/// <param name="Status">Ok, or CannotForecast when the highest percentile is not reached within the horizon.</param>
/// <param name="Reason">Why it cannot be forecast, with the figures; null when Ok.</param>
/// <param name="Percentiles">The date at each requested percentile.</param>
/// <param name="DeadlineProbability">P(finished on or before the deadline) when a deadline was given; a lower bound when the deadline lies beyond the horizon.</param>
/// <param name="ProbabilityWithinHorizon">P(finished on or before the horizon's end).</param>
/// <param name="Distribution">Every day with a non-zero probability, in date order.</param>
public sealed record DateDistribution(
    ForecastStatus Status,
    string? Reason,
    IReadOnlyList<PercentileDate> Percentiles,
    double? DeadlineProbability,
    double ProbabilityWithinHorizon,
    IReadOnlyList<DatePoint> Distribution);

/// <summary>One feature's finish-date distribution.</summary>
/// <param name="Name">The feature's name.</param>
/// <param name="Priority">Its position in priority order (0 = first).</param>
/// <param name="Result">Its date distribution.</param>
public sealed record FeatureForecast(string Name, int Priority, DateDistribution Result);

/// <summary>The answer to "when will N items (or these features) be done?".</summary>
/// <param name="Status">Ok or CannotForecast (the overall answer's status).</param>
/// <param name="Reason">Why it cannot be forecast, with the figures.</param>
/// <param name="Inputs">The recorded inputs.</param>
/// <param name="Warnings">Sample and run warnings.</param>
/// <param name="Deadline">The deadline asked about, if any.</param>
/// <param name="WipLimit">The feature WIP limit used (1 = sequential).</param>
/// <param name="Overall">When everything is done (null only when no forecast could be made at all).</param>
/// <param name="Features">Each feature's own distribution, in priority order.</param>
public sealed record WhenForecast(
    ForecastStatus Status,
    string? Reason,
    ForecastInputs Inputs,
    IReadOnlyList<ForecastWarning> Warnings,
    DateOnly? Deadline,
    int WipLimit,
    DateDistribution? Overall,
    IReadOnlyList<FeatureForecast> Features);

/// <summary>A count at a confidence level: <paramref name="Percentile"/>% of trials completed at least <paramref name="Items"/> items.</summary>
/// <param name="Percentile">Confidence in percent.</param>
/// <param name="Items">The count.</param>
public sealed record PercentileCount(double Percentile, long Items);

/// <summary>One point of a count distribution.</summary>
/// <param name="Items">Items completed.</param>
/// <param name="Probability">Probability of exactly that many.</param>
/// <param name="AtLeast">Probability of at least that many.</param>
public sealed record CountPoint(long Items, double Probability, double AtLeast);

/// <summary>The answer to "how many items will be done by date D?".</summary>
/// <param name="Status">Ok or CannotForecast.</param>
/// <param name="Reason">Why it cannot be forecast.</param>
/// <param name="Inputs">The recorded inputs.</param>
/// <param name="Warnings">Sample warnings.</param>
/// <param name="By">The date D (included).</param>
/// <param name="WorkingDays">Working days from tomorrow to D, both included.</param>
/// <param name="Percentiles">The count at each requested confidence.</param>
/// <param name="Distribution">Every count with a non-zero probability, ascending.</param>
public sealed record HowManyForecast(
    ForecastStatus Status,
    string? Reason,
    ForecastInputs Inputs,
    IReadOnlyList<ForecastWarning> Warnings,
    DateOnly By,
    int WorkingDays,
    IReadOnlyList<PercentileCount> Percentiles,
    IReadOnlyList<CountPoint> Distribution);
