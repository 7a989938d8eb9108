using System.Globalization;
using System.Text.Json.Serialization;
using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Value;

/// <summary>Options of the initiative forecast.</summary>
public sealed record InitiativeForecastOptions
{
    /// <summary>The confidence whose date becomes the initiative's forecast date, in percent (default 85).</summary>
    public double Percentile { get; init; } = 85;

    /// <summary>How many initiatives are worked at once (default 1: one after another in priority order).</summary>
    public int WipLimit { get; init; } = 1;

    /// <summary>Trials, seed, horizon and engine of the underlying multi-feature forecast.</summary>
    public ForecastOptions Forecast { get; init; } = new();
}

/// <summary>Why an initiative has the forecast it has.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InitiativeForecastStatus>))]
public enum InitiativeForecastStatus
{
    /// <summary>A forecast date at the chosen percentile.</summary>
    [JsonStringEnumMemberName("forecast")]
    Forecast = 0,

    /// <summary>Every linked item is done: nothing left to forecast (<see cref="InitiativeForecast.CompletedOn"/> says when).</summary>
    [JsonStringEnumMemberName("done")]
    Done = 1,

    /// <summary>Linked to no work item: no scope to forecast.</summary>
    [JsonStringEnumMemberName("no_items")]
    NoItems = 2,

    /// <summary>The throughput cannot give a date (no completions, or beyond the horizon): see the reason.</summary>
    [JsonStringEnumMemberName("cannot_forecast")]
    CannotForecast = 3,
}

/// <summary>One initiative's forecast completion.</summary>
/// <param name="InitiativeId">The initiative.</param>
/// <param name="Priority">Its position in the priority (WSJF) order, 1-based.</param>
/// <param name="LinkedItems">Linked items (abandoned and removed items are not value items, so not counted).</param>
/// <param name="OpenItems">Linked items not done yet.</param>
/// <param name="ScopeInForecast">
/// Open items it brings into the shared forecast: an item linked to several initiatives is counted once, in the
/// first of them in priority order.
/// </param>
/// <param name="Status">Forecast, done, no items or cannot forecast.</param>
/// <param name="ForecastDate">The date at <see cref="Percentile"/>: that share of trials finished every open linked item on or before it.</param>
/// <param name="Percentile">The confidence of <see cref="ForecastDate"/>, in percent.</param>
/// <param name="CompletedOn">For a done initiative: the local date its last linked item was done.</param>
/// <param name="Reason">Why there is no date, when there is none.</param>
public sealed record InitiativeForecast(
    string InitiativeId,
    int Priority,
    int LinkedItems,
    int OpenItems,
    int ScopeInForecast,
    InitiativeForecastStatus Status,
    DateOnly? ForecastDate,
    double Percentile,
    DateOnly? CompletedOn,
    string? Reason);

/// <summary>Every initiative's forecast and the shared forecast behind them.</summary>
/// <param name="Initiatives">In priority order.</param>
/// <param name="Forecast">The multi-feature forecast (one feature per initiative with scope), or null when no initiative has open items.</param>
public sealed record InitiativeForecastResult(IReadOnlyList<InitiativeForecast> Initiatives, WhenForecast? Forecast)
{
    /// <summary>Initiative id → forecast date (null when there is none), for <see cref="PortfolioEvaluator.Evaluate"/>.</summary>
    public IReadOnlyDictionary<string, DateOnly?> Dates =>
        Initiatives.ToDictionary(i => i.InitiativeId, i => i.ForecastDate, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Forecasts each initiative's completion with the multi-feature forecast (METRICS §4 "several features in priority
/// order"): each initiative's open linked items form one feature, the features share the stream's throughput in WSJF
/// priority order, and the date at the chosen percentile (default P85) is the initiative's forecast date.
/// </summary>
/// <remarks>
/// <para>
/// Open items are linked items without a Done date. An item linked to several initiatives is counted once, in the
/// first of them in priority order (the team does it once). An initiative's date is the latest percentile date among
/// the features holding its open items (its own and the earlier ones it shares items with). With the default
/// sequential order (WIP limit 1) features finish in priority order in every trial, so that date is exact; with a
/// higher WIP limit it is a lower bound of the percentile of the latest finish.
/// </para>
/// <para>Pure: today and the calendar come from the throughput sample, randomness from the seed. Thread-safe.</para>
/// </remarks>
public static class InitiativeForecaster
{
    /// <summary>Forecasts every initiative.</summary>
    /// <param name="initiativesInPriorityOrder">Initiatives, highest priority first (e.g. the order of <see cref="PortfolioResult.Ranking"/>).</param>
    /// <param name="items">The stream's value items.</param>
    /// <param name="throughput">The stream's throughput sample (its today and calendar drive the simulation).</param>
    /// <param name="options">Percentile, WIP limit and forecast options (defaults when null).</param>
    /// <param name="cancellationToken">Cancels a long Monte Carlo run.</param>
    public static InitiativeForecastResult Forecast(
        IReadOnlyList<Initiative> initiativesInPriorityOrder,
        IReadOnlyList<ValueItem> items,
        ThroughputSample throughput,
        InitiativeForecastOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initiativesInPriorityOrder);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(throughput);
        options ??= new InitiativeForecastOptions();
        if (!(options.Percentile > 0 && options.Percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Percentile, "The forecast percentile must be in (0, 100].");
        }

        // Each open item is counted in the feature of the first initiative (in priority order) that links it.
        var holderOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var plans = new List<Plan>(initiativesInPriorityOrder.Count);
        var features = new List<FeatureSpec>();
        foreach (var initiative in initiativesInPriorityOrder)
        {
            var linked = items.Where(initiative.Link.Matches).ToList();
            var open = linked.Where(i => i.Completed is null).ToList();
            var own = open.Count(i => !holderOf.ContainsKey(i.Key));
            var feature = own > 0 ? features.Count : -1;
            var holders = new HashSet<int>();
            foreach (var item in open)
            {
                if (!holderOf.TryGetValue(item.Key, out var holder))
                {
                    holderOf[item.Key] = holder = feature;
                }

                holders.Add(holder);
            }

            if (own > 0)
            {
                features.Add(FeatureSpec.Exactly(initiative.Id, own));
            }

            plans.Add(new Plan(initiative, linked, open, own, holders));
        }

        WhenForecast? forecast = null;
        if (features.Count > 0)
        {
            var percentiles = options.Forecast.Percentiles.Contains(options.Percentile)
                ? options.Forecast.Percentiles
                : [.. options.Forecast.Percentiles, options.Percentile];
            forecast = Forecaster.When(
                throughput,
                new WhenRequest { Features = features, WipLimit = options.WipLimit },
                options.Forecast with { Percentiles = percentiles },
                cancellationToken);
        }

        var result = new List<InitiativeForecast>(plans.Count);
        for (var p = 0; p < plans.Count; p++)
        {
            result.Add(Describe(plans[p], p + 1, forecast, options.Percentile));
        }

        return new InitiativeForecastResult(result, forecast);
    }

    /// <summary>The initiatives of a portfolio in the order of an evaluated ranking (its WSJF priority order).</summary>
    public static IReadOnlyList<Initiative> PriorityOrder(Portfolio portfolio, PortfolioResult ranking)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(ranking);
        var byId = portfolio.Initiatives.ToDictionary(i => i.Id, StringComparer.OrdinalIgnoreCase);
        return [.. ranking.Ranking.Select(r => byId[r.InitiativeId])];
    }

    private static InitiativeForecast Describe(Plan plan, int priority, WhenForecast? forecast, double percentile)
    {
        var id = plan.Initiative.Id;
        if (plan.Linked.Count == 0)
        {
            return new InitiativeForecast(id, priority, 0, 0, 0, InitiativeForecastStatus.NoItems, null, percentile, null,
                "linked to no work items: no scope to forecast.");
        }

        if (plan.Open.Count == 0)
        {
            var completed = plan.Linked.Max(i => i.Completed);
            return new InitiativeForecast(id, priority, plan.Linked.Count, 0, 0, InitiativeForecastStatus.Done, null, percentile, completed,
                null);
        }

        var linkedCount = plan.Linked.Count;
        if (forecast is null || forecast.Features.Count == 0)
        {
            return Cannot(forecast?.Reason ?? "no forecast could be made.");
        }

        // Its date is the latest percentile date among the features holding its open items.
        DateOnly? latest = null;
        foreach (var f in plan.Holders)
        {
            var dist = forecast.Features[f].Result;
            var at = dist.Percentiles.FirstOrDefault(x => x.Percentile == percentile)?.Date;
            if (at is null)
            {
                return Cannot(dist.Reason ?? string.Create(CultureInfo.InvariantCulture,
                    $"fewer than {percentile}% of trials finish within the {forecast.Inputs.HorizonYears}-year horizon."));
            }

            latest = latest is null || at > latest ? at : latest;
        }

        return new InitiativeForecast(id, priority, linkedCount, plan.Open.Count, plan.Own, InitiativeForecastStatus.Forecast, latest, percentile, null, null);

        InitiativeForecast Cannot(string reason) => new(
            id, priority, linkedCount, plan.Open.Count, plan.Own, InitiativeForecastStatus.CannotForecast, null, percentile, null, reason);
    }

    private sealed record Plan(Initiative Initiative, List<ValueItem> Linked, List<ValueItem> Open, int Own, HashSet<int> Holders);
}
