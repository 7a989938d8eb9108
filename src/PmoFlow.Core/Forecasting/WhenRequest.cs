namespace PmoFlow.Core.Forecasting;

/// <summary>A risk that may add work to a feature: with probability <paramref name="Likelihood"/> per trial it adds a uniform number of items in [<paramref name="ImpactLow"/>, <paramref name="ImpactHigh"/>].</summary>
/// <param name="Name">Display name.</param>
/// <param name="Likelihood">Probability in [0, 1] that the risk happens in a trial.</param>
/// <param name="ImpactLow">Fewest items added when it happens (≥ 0).</param>
/// <param name="ImpactHigh">Most items added when it happens (≥ low).</param>
public sealed record RiskSpec(string Name, double Likelihood, int ImpactLow, int ImpactHigh);

/// <summary>One feature (or the whole backlog) to deliver: a scope, optional splitting and risks.</summary>
/// <param name="Name">Display name (unique within a request).</param>
/// <param name="ScopeLow">Fewest remaining items (≥ 0).</param>
/// <param name="ScopeHigh">Most remaining items (≥ low); each trial draws the scope uniformly in [low, high].</param>
/// <remarks>
/// Per trial: scope ~ U{low..high}; × split multiplier ~ U[SplitLow, SplitHigh] rounded half away from zero;
/// + the impacts of the risks that happen.
/// </remarks>
public sealed record FeatureSpec(string Name, int ScopeLow, int ScopeHigh)
{
    /// <summary>Lowest split multiplier (1 = items do not split; 1.2 = 20% more items once split).</summary>
    public double SplitLow { get; init; } = 1.0;

    /// <summary>Highest split multiplier.</summary>
    public double SplitHigh { get; init; } = 1.0;

    /// <summary>Risks that may add items.</summary>
    public IReadOnlyList<RiskSpec> Risks { get; init; } = [];

    /// <summary>Whether new arrivals (backlog growth) join this feature while it is unfinished.</summary>
    public bool ReceivesArrivals { get; init; }

    /// <summary>A feature of exactly <paramref name="items"/> items.</summary>
    public static FeatureSpec Exactly(string name, int items) => new(name, items, items);

    internal bool IsPlain => ScopeLow == ScopeHigh && SplitLow == 1.0 && SplitHigh == 1.0 && Risks.Count == 0 && !ReceivesArrivals;
}

/// <summary>A "when" question: when will these features (in priority order) be done?</summary>
/// <remarks>
/// Features share the throughput of one team. With <see cref="WipLimit"/> = 1 (default) they are worked one after
/// another; with a WIP limit k the first k unfinished features are active and each day's completions are handed out one
/// item at a time, round robin over the active features in priority order (the turn carries over from day to day), so the
/// throughput is split evenly; a finished feature's place goes to the next feature in priority order, the same day.
/// </remarks>
public sealed record WhenRequest
{
    /// <summary>Features in priority order (at least one).</summary>
    public required IReadOnlyList<FeatureSpec> Features { get; init; }

    /// <summary>How many features are worked at once (default 1: sequential).</summary>
    public int WipLimit { get; init; } = 1;

    /// <summary>Optional deadline: the result includes P(all done on or before it) and per feature.</summary>
    public DateOnly? Deadline { get; init; }

    /// <summary>Optional daily arrival samples (items committed per working day) for backlog growth; drawn per simulated day.</summary>
    /// <remarks>Each simulated day draws one arrival count (independently of the throughput draw) and adds it, after the day's deliveries, to the first unfinished feature that receives arrivals.</remarks>
    public ThroughputSample? Arrivals { get; init; }

    /// <summary>A request for exactly <paramref name="items"/> items.</summary>
    public static WhenRequest Items(int items, DateOnly? deadline = null) =>
        new() { Features = [FeatureSpec.Exactly("backlog", items)], Deadline = deadline };

    /// <summary>True when the exact engine can answer: one plain feature, no growth.</summary>
    internal bool IsPlain => Features.Count == 1 && Features[0].IsPlain && Arrivals is null;

    internal void Validate()
    {
        if (Features is null || Features.Count == 0)
        {
            throw new ArgumentException("A when-forecast needs at least one feature.", nameof(Features));
        }

        if (WipLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WipLimit), WipLimit, "The feature WIP limit must be at least 1.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in Features)
        {
            if (!names.Add(f.Name))
            {
                throw new ArgumentException($"Feature name '{f.Name}' repeats.", nameof(Features));
            }

            if (f.ScopeLow < 0 || f.ScopeHigh < f.ScopeLow)
            {
                throw new ArgumentException($"Feature '{f.Name}': scope needs 0 ≤ low ≤ high.", nameof(Features));
            }

            if (!(f.SplitLow > 0) || f.SplitHigh < f.SplitLow)
            {
                throw new ArgumentException($"Feature '{f.Name}': split multipliers need 0 < low ≤ high.", nameof(Features));
            }

            foreach (var r in f.Risks)
            {
                if (!(r.Likelihood >= 0 && r.Likelihood <= 1) || r.ImpactLow < 0 || r.ImpactHigh < r.ImpactLow)
                {
                    throw new ArgumentException($"Risk '{r.Name}': likelihood in [0, 1] and 0 ≤ impact low ≤ high.", nameof(Features));
                }
            }
        }
    }
}
