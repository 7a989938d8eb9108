using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Value;

/// <summary>A named what-if over the portfolio, compared with the baseline (the portfolio as it is).</summary>
/// <remarks>Every change is optional; an empty scenario gives the baseline's figures.</remarks>
public sealed record PortfolioScenario
{
    /// <summary>The scenario's name.</summary>
    public required string Name { get; init; }

    /// <summary>The stream's throughput × this factor (capacity moved to or from it; 1 = unchanged).</summary>
    public double ThroughputFactor { get; init; } = 1.0;

    /// <summary>Initiatives left out (ids, case-insensitive).</summary>
    public IReadOnlyList<string> Drop { get; init; } = [];

    /// <summary>Initiatives added (new ids).</summary>
    public IReadOnlyList<Initiative> Add { get; init; } = [];

    /// <summary>A priority order for the forecast: these ids first, in this order, then the rest in WSJF order; null = WSJF order.</summary>
    public IReadOnlyList<string>? Order { get; init; }

    /// <summary>Initiatives worked at once (the forecast's WIP limit); null = the baseline's.</summary>
    public int? WipLimit { get; init; }

    /// <summary>Initiatives whose start is delayed, by id → calendar days.</summary>
    public IReadOnlyDictionary<string, int> Delays { get; init; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One initiative in a scenario.</summary>
/// <param name="InitiativeId">Its id.</param>
/// <param name="Rank">Its WSJF rank in the scenario (null without a cost of delay).</param>
/// <param name="Priority">Its position in the forecast's priority order, 1-based.</param>
/// <param name="Status">Forecast, done, no items or cannot forecast.</param>
/// <param name="Date">When it is (forecast to be) complete: the forecast date (plus any delay), or the day its last item was done.</param>
/// <param name="DaysLate">Days later than in the baseline (negative = earlier); null when either has no date or it is not in the baseline.</param>
/// <param name="CostOfDelay">Cost of delay per week × <paramref name="DaysLate"/> ÷ 7; null without both.</param>
/// <param name="Npv">Its net present value (null without cash flows).</param>
/// <param name="BusinessValue">Its business value: the initiative's own, else the sum over its linked items; null when unknown.</param>
public sealed record ScenarioInitiative(
    string InitiativeId,
    int? Rank,
    int Priority,
    InitiativeForecastStatus Status,
    DateOnly? Date,
    int? DaysLate,
    double? CostOfDelay,
    double? Npv,
    decimal? BusinessValue);

/// <summary>A scenario's figures.</summary>
/// <param name="Name">The scenario (<c>baseline</c> for the portfolio as it is).</param>
/// <param name="Initiatives">Its initiatives in forecast priority order.</param>
/// <param name="WsjfOrder">The initiative ids in WSJF rank order (unranked last).</param>
/// <param name="ValueBy">The date of <paramref name="ValueDelivered"/>.</param>
/// <param name="ValueDelivered">Business value of the initiatives complete on or before <paramref name="ValueBy"/>.</param>
/// <param name="Npv">Σ NPV of its initiatives (those with cash flows); null when none has any.</param>
/// <param name="CostOfDelay">Σ cost of delay against the baseline (money or points; negative = gained by finishing earlier).</param>
public sealed record PortfolioScenarioResult(
    string Name,
    IReadOnlyList<ScenarioInitiative> Initiatives,
    IReadOnlyList<string> WsjfOrder,
    DateOnly ValueBy,
    decimal ValueDelivered,
    double? Npv,
    double CostOfDelay);

/// <summary>
/// Portfolio what-ifs beside the baseline: each scenario changes the portfolio (drop, add), the priority order, the
/// throughput (capacity), the WIP limit or an initiative's start, and is answered with the same forecast (seed,
/// trials, sample) as the baseline.
/// </summary>
/// <remarks>
/// <para>
/// The forecast is <see cref="InitiativeForecaster"/>'s (the initiatives' open items as features sharing the stream's
/// throughput, in priority order, P85 by default). WSJF ranks and NPV are <see cref="PortfolioEvaluator"/>'s.
/// </para>
/// <para>
/// A delayed start is modelled simply: the initiative's forecast date moves by the delay and nothing else is
/// re-planned (the capacity it does not use meanwhile is not given to others). Cost of delay against the baseline is
/// Σ cost of delay per week × days later ÷ 7 over the initiatives with a date in both.
/// </para>
/// <para>Pure; thread-safe.</para>
/// </remarks>
public static class PortfolioWhatIf
{
    /// <summary>The baseline's name.</summary>
    public const string Baseline = "baseline";

    /// <summary>Days after today "value delivered by" is counted on when no date is given (13 weeks).</summary>
    public const int DefaultValueByDays = 91;

    /// <summary>The date "value delivered by" is counted on when none is given: 13 weeks after <paramref name="today"/>.</summary>
    public static DateOnly DefaultValueBy(DateOnly today) => today.AddDays(DefaultValueByDays);

    /// <summary>The baseline, then each scenario.</summary>
    /// <param name="portfolio">The portfolio.</param>
    /// <param name="valueOptions">Its value options.</param>
    /// <param name="items">The stream's value items.</param>
    /// <param name="throughput">The stream's throughput sample.</param>
    /// <param name="valueBy">The date "value delivered by" is counted on.</param>
    /// <param name="scenarios">The scenarios.</param>
    /// <param name="options">The forecast's percentile, WIP limit, trials and seed (defaults when null).</param>
    /// <param name="cancellationToken">Cancels the forecasts.</param>
    /// <exception cref="ArgumentException">A scenario drops, orders or delays an unknown initiative, or adds an existing id.</exception>
    public static IReadOnlyList<PortfolioScenarioResult> Compare(
        Portfolio portfolio,
        ValueOptions valueOptions,
        IReadOnlyList<ValueItem> items,
        ThroughputSample throughput,
        DateOnly valueBy,
        IReadOnlyList<PortfolioScenario> scenarios,
        InitiativeForecastOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(throughput);
        ArgumentNullException.ThrowIfNull(scenarios);
        options ??= new InitiativeForecastOptions();
        var baseline = Evaluate(portfolio, valueOptions, items, throughput, valueBy, new PortfolioScenario { Name = Baseline }, options, null, cancellationToken);
        var dates = baseline.Initiatives.ToDictionary(i => i.InitiativeId, i => i.Date, StringComparer.OrdinalIgnoreCase);
        var results = new List<PortfolioScenarioResult>(scenarios.Count + 1) { baseline };
        foreach (var s in scenarios)
        {
            results.Add(Evaluate(portfolio, valueOptions, items, throughput, valueBy, s, options, dates, cancellationToken));
        }

        return results;
    }

    private static PortfolioScenarioResult Evaluate(
        Portfolio portfolio,
        ValueOptions valueOptions,
        IReadOnlyList<ValueItem> items,
        ThroughputSample throughput,
        DateOnly valueBy,
        PortfolioScenario scenario,
        InitiativeForecastOptions options,
        Dictionary<string, DateOnly?>? baseline,
        CancellationToken ct)
    {
        var known = portfolio.Initiatives.Select(i => i.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var id in scenario.Drop.Where(id => !known.Contains(id)))
        {
            throw new ArgumentException($"Scenario '{scenario.Name}': drop '{id}' is not an initiative of the portfolio.", nameof(scenario));
        }

        foreach (var add in scenario.Add.Where(a => known.Contains(a.Id)))
        {
            throw new ArgumentException($"Scenario '{scenario.Name}': add '{add.Id}' is already an initiative of the portfolio.", nameof(scenario));
        }

        var changed = portfolio with
        {
            Initiatives = [.. portfolio.Initiatives.Where(i => !scenario.Drop.Contains(i.Id, StringComparer.OrdinalIgnoreCase)), .. scenario.Add],
        };
        var present = changed.Initiatives.Select(i => i.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var id in (scenario.Order ?? []).Concat(scenario.Delays.Keys).Where(id => !present.Contains(id)))
        {
            throw new ArgumentException($"Scenario '{scenario.Name}': '{id}' is not an initiative of this scenario.", nameof(scenario));
        }

        if (!(scenario.ThroughputFactor > 0 && scenario.ThroughputFactor < 1000))
        {
            throw new ArgumentException($"Scenario '{scenario.Name}': throughputFactor must be in (0, 1000).", nameof(scenario));
        }

        if (scenario.WipLimit is < 1 || scenario.Delays.Values.Any(d => d < 0))
        {
            throw new ArgumentException($"Scenario '{scenario.Name}': wipLimit must be at least 1 and delays at least 0 days.", nameof(scenario));
        }

        var delays = new Dictionary<string, int>(scenario.Delays, StringComparer.OrdinalIgnoreCase);
        var ranking = PortfolioEvaluator.Evaluate(changed, items, null, valueOptions);
        var wsjf = InitiativeForecaster.PriorityOrder(changed, ranking);
        var order = scenario.Order is { } first
            ? [.. first.Select(id => wsjf.First(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase))),
                .. wsjf.Where(i => !first.Contains(i.Id, StringComparer.OrdinalIgnoreCase))]
            : wsjf;
        var forecastOptions = options with
        {
            WipLimit = scenario.WipLimit ?? options.WipLimit,
            Forecast = options.Forecast with { ThroughputFactor = options.Forecast.ThroughputFactor * scenario.ThroughputFactor },
        };
        var forecasts = InitiativeForecaster.Forecast(order, items, throughput, forecastOptions, ct);
        var values = ranking.Ranking.ToDictionary(r => r.InitiativeId, StringComparer.OrdinalIgnoreCase);
        var byId = changed.Initiatives.ToDictionary(i => i.Id, StringComparer.OrdinalIgnoreCase);
        var rows = new List<ScenarioInitiative>(forecasts.Initiatives.Count);
        decimal delivered = 0;
        double costOfDelay = 0;
        foreach (var f in forecasts.Initiatives)
        {
            var initiative = byId[f.InitiativeId];
            var delay = delays.TryGetValue(f.InitiativeId, out var d) ? d : 0;
            var date = f.ForecastDate is { } fd ? fd.AddDays(delay) : f.CompletedOn;
            int? late = baseline is not null && baseline.TryGetValue(f.InitiativeId, out var b) && b is { } bd && date is { } sd ? sd.DayNumber - bd.DayNumber : null;
            double? cod = late is { } l && initiative.CostOfDelayPerWeek is { } perWeek ? perWeek * l / 7.0 : null;
            costOfDelay += cod ?? 0;
            var value = initiative.BusinessValue ?? Sum(items.Where(initiative.Link.Matches).Select(i => i.BusinessValue));
            if (date is { } at && at <= valueBy)
            {
                delivered += value ?? 0;
            }

            values.TryGetValue(f.InitiativeId, out var v);
            rows.Add(new ScenarioInitiative(f.InitiativeId, v?.Rank, f.Priority, f.Status, date, late, cod, v?.Npv, value));
        }

        var npvs = ranking.Ranking.Where(r => r.Npv is not null).Select(r => r.Npv!.Value).ToList();
        return new PortfolioScenarioResult(
            scenario.Name, rows, [.. ranking.Ranking.Select(r => r.InitiativeId)], valueBy, delivered,
            npvs.Count > 0 ? npvs.Sum() : null, costOfDelay);
    }

    private static decimal? Sum(IEnumerable<decimal?> values)
    {
        decimal? total = null;
        foreach (var v in values)
        {
            if (v is { } x)
            {
                total = (total ?? 0) + x;
            }
        }

        return total;
    }
}
