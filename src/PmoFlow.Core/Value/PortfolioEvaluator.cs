using System.Globalization;

namespace PmoFlow.Core.Value;

/// <summary>Evaluates a portfolio against the flow facts of its work items: the ranking and every KPI's status.</summary>
/// <remarks>Pure: the inputs are plain values (items' dates, forecast dates); thread-safe.</remarks>
public static class PortfolioEvaluator
{
    /// <summary>
    /// Validates the portfolio (throwing <see cref="ValueInputException"/> listing every error), then computes each
    /// initiative's figures, ranks them and evaluates every KPI.
    /// </summary>
    /// <param name="portfolio">Objectives and initiatives.</param>
    /// <param name="items">Work items of the value stream, with their value-point and completion dates.</param>
    /// <param name="forecastDates">Forecast completion date per initiative id (from the multi-feature forecast), if any.</param>
    /// <param name="options">Options; <see cref="ValueOptions.Default"/> when null.</param>
    public static PortfolioResult Evaluate(
        Portfolio portfolio,
        IReadOnlyList<ValueItem> items,
        IReadOnlyDictionary<string, DateOnly?>? forecastDates = null,
        ValueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(items);
        options ??= ValueOptions.Default;
        if (options.From is { } from && options.To is { } to && to < from)
        {
            throw new ArgumentException($"The value window ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(options));
        }

        var warnings = PortfolioValidator.ThrowOnErrors(PortfolioValidator.Validate(portfolio, options)).ToList();
        var forecasts = new Dictionary<string, DateOnly?>(StringComparer.OrdinalIgnoreCase);
        if (forecastDates is not null)
        {
            foreach (var (id, date) in forecastDates)
            {
                forecasts[id] = date;
                if (!portfolio.Initiatives.Any(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase)))
                {
                    warnings.Add(new ValueDiagnostic(ValueSeverity.Warning, id, null, "forecast_date",
                        "a forecast date was given for an initiative that is not in the portfolio."));
                }
            }
        }

        var rows = new List<InitiativeValue>();
        var kpisById = new Dictionary<string, List<KpiStatusResult>>(StringComparer.OrdinalIgnoreCase);
        foreach (var initiative in portfolio.Initiatives)
        {
            var kpis = initiative.Kpis.Select(k => KpiTrend.Evaluate(initiative.Id, k, options.KpiRule)).ToList();
            kpisById[initiative.Id] = kpis;
            rows.Add(EvaluateInitiative(portfolio, initiative, items, forecasts, options, kpis, warnings));
        }

        var ranking = WsjfRanking.Rank(rows);
        var kpiResults = ranking.SelectMany(r => kpisById[r.InitiativeId]).ToList();
        return new PortfolioResult(ranking, kpiResults, warnings);
    }

    private static InitiativeValue EvaluateInitiative(
        Portfolio portfolio,
        Initiative initiative,
        IReadOnlyList<ValueItem> items,
        Dictionary<string, DateOnly?> forecasts,
        ValueOptions options,
        List<KpiStatusResult> kpis,
        List<ValueDiagnostic> warnings)
    {
        var id = initiative.Id;
        var linked = items.Where(initiative.Link.Matches).ToList();
        decimal? delivered = null;
        var completed = 0;
        InitiativeTimeToValue? ttv = null;
        if (linked.Count == 0)
        {
            if (!initiative.Link.IsEmpty)
            {
                warnings.Add(Warn(id, "link", "linked to no work items: value delivered and time to value are not computed."));
            }
        }
        else
        {
            Func<ValueItem, decimal?> valueOf = initiative.BusinessValue is { } whole
                ? _ => whole / linked.Count
                : i => i.BusinessValue;
            var d = ValueDelivery.Delivered(linked, options.From, options.To, valueOf);
            delivered = d.Value;
            completed = d.CompletedItems;
            if (d.UnvaluedItems > 0)
            {
                warnings.Add(Warn(id, "business_value", string.Create(CultureInfo.InvariantCulture,
                    $"{d.UnvaluedItems} of {d.CompletedItems} completed linked item(s) carry no business value and are left out of value delivered.")));
            }

            ttv = TimeToValue.Compute(linked, initiative.StartDate, options.DayCount);
            if (ttv.Start is null)
            {
                warnings.Add(Warn(id, "start_date", "no start date and no creation date on its items: time to value is not computed."));
            }
            else if (ttv.FirstValue is { } first && first < ttv.Start.Value)
            {
                warnings.Add(Warn(id, "start_date",
                    $"a linked item reached the value point ({first:yyyy-MM-dd}) before the start date ({ttv.Start:yyyy-MM-dd})."));
            }
        }

        var f = initiative.Financials;
        double? npv = f?.CashFlows is { } flows ? FinancialMath.NetPresentValue(flows, f.DiscountRate!.Value) : null;
        double? ecv = f is { HasAnyEcvInput: true }
            ? FinancialMath.ExpectedCommercialValue(
                f.PresentValueOfEarnings!.Value, f.ProbabilityOfCommercialSuccess!.Value, f.CommercialisationCost!.Value,
                f.ProbabilityOfTechnicalSuccess!.Value, f.DevelopmentCost!.Value)
            : null;
        double? arr = f?.AnnualAccountingProfits is { } profits
            ? FinancialMath.AccountingRateOfReturn(profits, f.Investment!.Value, options.ArrBasis, f.ResidualValue ?? 0)
            : null;

        double? wsjf = null;
        if (initiative.CostOfDelayPerWeek is { } cod && initiative.JobDurationWeeks is { } duration)
        {
            wsjf = WsjfRanking.Wsjf(cod, duration);
        }
        else
        {
            warnings.Add(Warn(id, "cost_of_delay_per_week", "no cost of delay and job duration: not ranked by WSJF (listed after ranked initiatives)."));
        }

        var alignment = Alignment.Score(portfolio.Objectives, initiative, portfolio.ContributionScale);
        return new InitiativeValue
        {
            InitiativeId = id,
            Name = initiative.Name,
            PrimaryObjectiveId = alignment?.PrimaryObjectiveId,
            Wsjf = wsjf,
            CostOfDelayPerWeek = initiative.CostOfDelayPerWeek,
            JobDurationWeeks = initiative.JobDurationWeeks,
            Npv = npv,
            Ecv = ecv,
            Arr = arr,
            Alignment = alignment?.Score,
            ValueDelivered = delivered,
            LinkedItems = linked.Count,
            CompletedItems = completed,
            ForecastDate = forecasts.TryGetValue(id, out var fd) ? fd : null,
            KpiStatus = KpiTrend.Overall(kpis.Select(k => k.Status)),
            TimeToFirstValueDays = ttv?.DaysToFirstValue,
            TimeToLastValueDays = ttv?.DaysToLastValue,
        };
    }

    private static ValueDiagnostic Warn(string id, string field, string message) =>
        new(ValueSeverity.Warning, id, null, field, message);
}
