using System.Globalization;

namespace PmoFlow.Core.Forecasting;

/// <summary>One step of a Kaplan–Meier survival curve.</summary>
/// <param name="Time">An observed time (cycle time or age), in days.</param>
/// <param name="AtRisk">Items whose time is ≥ this one.</param>
/// <param name="Events">Items completed at this time.</param>
/// <param name="Censored">Items still open at this age.</param>
/// <param name="Survival">S(t) = P(cycle time &gt; t) just after this time.</param>
public sealed record SurvivalStep(double Time, int AtRisk, int Events, int Censored, double Survival);

/// <summary>
/// Kaplan–Meier estimate of the cycle-time survival function S(t) = P(T &gt; t), with still-open items as censored
/// observations (METRICS.md §4 "in-flight items").
/// </summary>
/// <remarks>
/// Times and ages must use one day-count convention (both inclusive by default). An open item of age a is censored at
/// a: it is known not to have finished by age a. At a tie, completions are counted before censorings (the usual
/// convention). Immutable and thread-safe.
/// </remarks>
public sealed class KaplanMeier
{
    private KaplanMeier(IReadOnlyList<SurvivalStep> steps, double[] allTimes)
    {
        Steps = steps;
        AllTimesSorted = allTimes;
    }

    /// <summary>The steps of the curve, one per distinct observed time, ascending.</summary>
    public IReadOnlyList<SurvivalStep> Steps { get; }

    /// <summary>The largest observed time (completed or open), or null without data.</summary>
    public double? LastObservation => AllTimesSorted.Length == 0 ? null : AllTimesSorted[^1];

    private double[] AllTimesSorted { get; }

    /// <summary>Fits the curve.</summary>
    /// <param name="completedCycleTimes">Cycle times of completed items (≥ 0).</param>
    /// <param name="openAges">Ages of items still in progress (≥ 0), counted as censored.</param>
    public static KaplanMeier Fit(IEnumerable<double> completedCycleTimes, IEnumerable<double> openAges)
    {
        ArgumentNullException.ThrowIfNull(completedCycleTimes);
        ArgumentNullException.ThrowIfNull(openAges);
        var obs = completedCycleTimes.Select(t => (Time: t, Event: true))
            .Concat(openAges.Select(t => (Time: t, Event: false)))
            .ToList();
        if (obs.Any(o => !(o.Time >= 0) || double.IsInfinity(o.Time)))
        {
            throw new ArgumentException("Times and ages must be finite and ≥ 0.");
        }

        var steps = new List<SurvivalStep>();
        var survival = 1.0;
        var atRisk = obs.Count;
        foreach (var group in obs.GroupBy(o => o.Time).OrderBy(g => g.Key))
        {
            var events = group.Count(o => o.Event);
            var censored = group.Count() - events;
            if (events > 0)
            {
                survival *= 1 - (double)events / atRisk;
            }

            steps.Add(new SurvivalStep(group.Key, atRisk, events, censored, survival));
            atRisk -= events + censored;
        }

        return new KaplanMeier(steps, [.. obs.Select(o => o.Time).Order()]);
    }

    /// <summary>S(t) = P(T &gt; t); null when t lies beyond the last observation and the curve has not reached 0 (unknown).</summary>
    public double? Survival(double t)
    {
        if (Steps.Count == 0)
        {
            return null;
        }

        var s = 1.0;
        foreach (var step in Steps)
        {
            if (step.Time > t)
            {
                break;
            }

            s = step.Survival;
        }

        return t > Steps[^1].Time && s > 0 ? null : s;
    }

    /// <summary>Observations (completed or open) with a time strictly greater than <paramref name="age"/>.</summary>
    public int ObservedBeyond(double age)
    {
        var i = Array.BinarySearch(AllTimesSorted, age);
        if (i < 0)
        {
            return AllTimesSorted.Length - ~i;
        }

        while (i < AllTimesSorted.Length && AllTimesSorted[i] <= age)
        {
            i++;
        }

        return AllTimesSorted.Length - i;
    }

    /// <summary>
    /// P(an item of age <paramref name="age"/> finishes within <paramref name="days"/> more days) = 1 − S(a + d) / S(a),
    /// or null with a reason when the data cannot say.
    /// </summary>
    /// <param name="age">The item's current age.</param>
    /// <param name="days">More days.</param>
    /// <param name="minObservedBeyond">At least this many observations must lie beyond the age (default 5).</param>
    public InFlightChance ChanceWithin(double age, int days, int minObservedBeyond = 5)
    {
        if (Steps.Count == 0)
        {
            return new InFlightChance(days, null, "No completed or open item to learn from.");
        }

        var sa = Survival(age);
        if (sa is null or 0)
        {
            return new InFlightChance(days, null, string.Create(CultureInfo.InvariantCulture, $"No item has been observed beyond age {age:0.##}."));
        }

        var beyond = ObservedBeyond(age);
        if (beyond < minObservedBeyond)
        {
            return new InFlightChance(days, null, string.Create(CultureInfo.InvariantCulture,
                $"Only {beyond} item(s) observed beyond age {age:0.##}; at least {minObservedBeyond} are needed."));
        }

        var sad = Survival(age + days);
        if (sad is null)
        {
            return new InFlightChance(days, null, string.Create(CultureInfo.InvariantCulture,
                $"Survival beyond age {LastObservation:0.##} (the longest observation) is unknown."));
        }

        return new InFlightChance(days, Math.Clamp(1 - sad.Value / sa.Value, 0, 1), null);
    }

    /// <summary>The chances of finishing within each of <paramref name="horizons"/> days (default 7, 14, 30).</summary>
    public InFlightEstimate Estimate(double age, IReadOnlyList<int>? horizons = null, int minObservedBeyond = 5)
    {
        horizons ??= [7, 14, 30];
        return new InFlightEstimate(age, [.. horizons.Select(d => ChanceWithin(age, d, minObservedBeyond))]);
    }
}

/// <summary>The chance an in-flight item finishes within <paramref name="Days"/> more days.</summary>
/// <param name="Days">More days.</param>
/// <param name="Probability">The probability, or null when the data cannot say.</param>
/// <param name="Reason">Why it is null ("not enough data ...").</param>
public sealed record InFlightChance(int Days, double? Probability, string? Reason);

/// <summary>The chances for one in-flight item of a given age.</summary>
/// <param name="Age">Its current age in days.</param>
/// <param name="Chances">One entry per horizon.</param>
public sealed record InFlightEstimate(double Age, IReadOnlyList<InFlightChance> Chances);
