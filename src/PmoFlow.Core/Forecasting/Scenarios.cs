namespace PmoFlow.Core.Forecasting;

/// <summary>A named what-if variation of a "when" forecast.</summary>
/// <param name="Name">Display name (unique among the scenarios; "baseline" is reserved).</param>
/// <remarks>
/// Applied in this order: every feature's scope low/high × <see cref="ScopeFactor"/> (rounded half away from zero),
/// then <see cref="ScopeAdd"/> items added to the last feature in priority order (new work joins the back), a new
/// feature order, a new WIP limit, and the throughput × <see cref="ThroughputFactor"/>.
/// </remarks>
public sealed record Scenario(string Name)
{
    /// <summary>Multiplies every feature's scope (1.2 = scope +20%).</summary>
    public double ScopeFactor { get; init; } = 1.0;

    /// <summary>Items added to the last feature (may be negative; scopes never go below 0).</summary>
    public int ScopeAdd { get; init; }

    /// <summary>Multiplies the daily throughput on top of the baseline's factor.</summary>
    public double ThroughputFactor { get; init; } = 1.0;

    /// <summary>A different priority order: every feature name exactly once.</summary>
    public IReadOnlyList<string>? FeatureOrder { get; init; }

    /// <summary>A different feature WIP limit.</summary>
    public int? WipLimit { get; init; }

    /// <summary>A team of <paramref name="people"/> gaining (<paramref name="delta"/> &gt; 0) or losing people: throughput × (people + delta) / people.</summary>
    /// <remarks>Assumes throughput proportional to headcount, the usual first approximation; say so when presenting it.</remarks>
    public static Scenario TeamChange(string name, int people, int delta)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(people);
        if (people + delta <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "The team must keep at least one person.");
        }

        return new Scenario(name) { ThroughputFactor = (double)(people + delta) / people };
    }

    /// <summary>Applies the scenario to a request and options.</summary>
    public (WhenRequest Request, ForecastOptions Options) Apply(WhenRequest request, ForecastOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (!(ScopeFactor >= 0) || !(ThroughputFactor > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"Scenario '{Name}': scope factor ≥ 0 and throughput factor > 0.");
        }

        var features = request.Features
            .Select(f => f with { ScopeLow = Scale(f.ScopeLow), ScopeHigh = Scale(f.ScopeHigh) })
            .ToList();
        if (ScopeAdd != 0)
        {
            var last = features[^1];
            features[^1] = last with { ScopeLow = Math.Max(0, last.ScopeLow + ScopeAdd), ScopeHigh = Math.Max(0, last.ScopeHigh + ScopeAdd) };
        }

        if (FeatureOrder is not null)
        {
            var byName = features.ToDictionary(f => f.Name, StringComparer.Ordinal);
            if (FeatureOrder.Count != features.Count || FeatureOrder.Distinct(StringComparer.Ordinal).Count() != features.Count
                || !FeatureOrder.All(byName.ContainsKey))
            {
                throw new ArgumentException(
                    $"Scenario '{Name}': the feature order must name every feature ({string.Join(", ", byName.Keys)}) exactly once.",
                    nameof(request));
            }

            features = [.. FeatureOrder.Select(n => byName[n])];
        }

        return (request with { Features = features, WipLimit = WipLimit ?? request.WipLimit },
            options with { ThroughputFactor = options.ThroughputFactor * ThroughputFactor });
    }

    private int Scale(int n) => ScopeFactor == 1.0 ? n : checked((int)Math.Round(n * ScopeFactor, MidpointRounding.AwayFromZero));
}

/// <summary>One column of a side-by-side comparison.</summary>
/// <param name="Name">"baseline" or the scenario's name.</param>
/// <param name="Scenario">The scenario (null for the baseline).</param>
/// <param name="Forecast">Its forecast.</param>
public sealed record ScenarioResult(string Name, Scenario? Scenario, WhenForecast Forecast);

/// <summary>What-if scenarios answered side by side with the baseline.</summary>
/// <remarks>
/// Every variant runs with the same seed, trials and percentiles. When the engine is Auto and any variant needs Monte
/// Carlo, every variant runs Monte Carlo, so the columns differ by the scenario and not by the engine.
/// </remarks>
public static class WhatIf
{
    /// <summary>The baseline first, then each scenario in the order given.</summary>
    public static IReadOnlyList<ScenarioResult> Compare(
        ThroughputSample sample, WhenRequest baseline, IReadOnlyList<Scenario> scenarios, ForecastOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(scenarios);
        options ??= new ForecastOptions();
        var names = new HashSet<string>(StringComparer.Ordinal) { "baseline" };
        foreach (var s in scenarios)
        {
            if (!names.Add(s.Name))
            {
                throw new ArgumentException($"Scenario name '{s.Name}' repeats or is reserved.", nameof(scenarios));
            }
        }

        var variants = new List<(string Name, Scenario? Scenario, WhenRequest Request, ForecastOptions Options)>
        {
            ("baseline", null, baseline, options),
        };
        variants.AddRange(scenarios.Select(s =>
        {
            var (r, o) = s.Apply(baseline, options);
            return (s.Name, (Scenario?)s, r, o);
        }));
        if (options.Engine == ForecastEngine.Auto && variants.Any(v => !Forecaster.AllowsExact(v.Request, v.Options)))
        {
            variants = [.. variants.Select(v => v with { Options = v.Options with { Engine = ForecastEngine.MonteCarlo } })];
        }

        return [.. variants.Select(v => new ScenarioResult(v.Name, v.Scenario, Forecaster.When(sample, v.Request, v.Options, cancellationToken)))];
    }
}
