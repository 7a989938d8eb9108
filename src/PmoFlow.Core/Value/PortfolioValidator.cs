using System.Globalization;

namespace PmoFlow.Core.Value;

/// <summary>
/// Checks a portfolio before anything is computed: every error names the initiative, the KPI and the field
/// (YAML key path), so a wrong input never turns into a silent zero.
/// </summary>
/// <remarks>
/// Errors: duplicate ids; negative or non-finite numbers where they make no sense; objective weights summing to 0;
/// a contribution to an unknown objective or outside [0, scale]; an empty cash-flow list; cash flows without a
/// discount rate; a discount rate ≤ −1; a probability outside [0, 1]; ECV inputs only partly given; accounting profits
/// without a positive investment (zero investment) or an empty profit list; the average ARR basis without a residual
/// value; a cost of delay without a job duration or the reverse; a job duration ≤ 0; a KPI whose target equals its
/// baseline, points against its direction, or whose target date is not after its baseline date; a non-finite reading.
/// Warnings: an initiative with no link rule, a KPI with no readings. Pure and thread-safe.
/// </remarks>
public static class PortfolioValidator
{
    /// <summary>All errors and warnings of the portfolio, in input order.</summary>
    public static IReadOnlyList<ValueDiagnostic> Validate(Portfolio portfolio, ValueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        options ??= ValueOptions.Default;
        var list = new List<ValueDiagnostic>();

        if (!double.IsFinite(portfolio.ContributionScale) || portfolio.ContributionScale <= 0)
        {
            list.Add(Error(null, null, "settings.contribution_scale", $"must be a number > 0, got {Num(portfolio.ContributionScale)}."));
        }

        var objectiveIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var o in portfolio.Objectives)
        {
            if (string.IsNullOrWhiteSpace(o.Id))
            {
                list.Add(Error(null, null, "objectives.id", "an objective has no id."));
                continue;
            }

            if (!objectiveIds.Add(o.Id))
            {
                list.Add(Error(null, null, $"objectives.{o.Id}.id", $"objective '{o.Id}' appears twice."));
            }

            if (!double.IsFinite(o.Weight) || o.Weight < 0)
            {
                list.Add(Error(null, null, $"objectives.{o.Id}.weight", $"must be a number ≥ 0, got {Num(o.Weight)}."));
            }
        }

        if (portfolio.Objectives.Count > 0 && portfolio.Objectives.All(o => double.IsFinite(o.Weight) && o.Weight >= 0)
            && portfolio.Objectives.Sum(o => o.Weight) <= 0)
        {
            list.Add(Error(null, null, "objectives", "the objective weights sum to 0: alignment cannot be normalised."));
        }

        var initiativeIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var initiative in portfolio.Initiatives)
        {
            if (string.IsNullOrWhiteSpace(initiative.Id))
            {
                list.Add(Error(null, null, "initiatives.id", "an initiative has no id."));
                continue;
            }

            if (!initiativeIds.Add(initiative.Id))
            {
                list.Add(Error(initiative.Id, null, "id", $"initiative '{initiative.Id}' appears twice."));
            }

            ValidateInitiative(initiative, objectiveIds, portfolio.ContributionScale, options, list);
        }

        return list;
    }

    /// <summary>Throws <see cref="ValueInputException"/> when <paramref name="diagnostics"/> hold errors; returns the warnings.</summary>
    public static IReadOnlyList<ValueDiagnostic> ThrowOnErrors(IReadOnlyList<ValueDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var errors = diagnostics.Where(d => d.Severity == ValueSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new ValueInputException(errors);
        }

        return diagnostics.Where(d => d.Severity == ValueSeverity.Warning).ToList();
    }

    private static void ValidateInitiative(
        Initiative initiative, HashSet<string> objectiveIds, double scale, ValueOptions options, List<ValueDiagnostic> list)
    {
        var id = initiative.Id;
        foreach (var (objective, c) in initiative.Contributions)
        {
            if (!objectiveIds.Contains(objective))
            {
                list.Add(Error(id, null, $"contributions.{objective}", $"objective '{objective}' is not defined under objectives."));
            }

            if (!double.IsFinite(c) || c < 0 || (double.IsFinite(scale) && c > scale))
            {
                list.Add(Error(id, null, $"contributions.{objective}",
                    $"contribution must lie in [0, {Num(scale)}] (settings.contribution_scale), got {Num(c)}."));
            }
        }

        if (initiative.Link.IsEmpty)
        {
            list.Add(Warning(id, null, "link", "no link rule (epics, labels or filter): no work item can be linked."));
        }

        if (initiative.BusinessValue is < 0)
        {
            list.Add(Error(id, null, "business_value", $"must be ≥ 0, got {initiative.BusinessValue}."));
        }

        ValidateCostOfDelay(initiative, list);
        if (initiative.Financials is { } f)
        {
            ValidateNpv(id, f, list);
            ValidateEcv(id, f, list);
            ValidateArr(id, f, options, list);
        }

        var kpiNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var kpi in initiative.Kpis)
        {
            if (string.IsNullOrWhiteSpace(kpi.Name))
            {
                list.Add(Error(id, null, "kpis.name", "a KPI has no name."));
                continue;
            }

            if (!kpiNames.Add(kpi.Name))
            {
                list.Add(Error(id, kpi.Name, "name", $"KPI '{kpi.Name}' appears twice in the initiative."));
            }

            ValidateKpi(id, kpi, list);
        }
    }

    private static void ValidateCostOfDelay(Initiative initiative, List<ValueDiagnostic> list)
    {
        var id = initiative.Id;
        if (initiative.CostOfDelayPerWeek is { } cod && (!double.IsFinite(cod) || cod < 0))
        {
            list.Add(Error(id, null, "cost_of_delay_per_week", $"must be a number ≥ 0, got {Num(cod)}."));
        }

        if (initiative.JobDurationWeeks is { } d && (!double.IsFinite(d) || d <= 0))
        {
            list.Add(Error(id, null, "job_duration_weeks", $"must be a number > 0 (WSJF divides by it), got {Num(d)}."));
        }

        if (initiative.CostOfDelayPerWeek.HasValue && !initiative.JobDurationWeeks.HasValue)
        {
            list.Add(Error(id, null, "job_duration_weeks", "missing: WSJF needs the job duration beside cost_of_delay_per_week."));
        }

        if (!initiative.CostOfDelayPerWeek.HasValue && initiative.JobDurationWeeks.HasValue)
        {
            list.Add(Error(id, null, "cost_of_delay_per_week", "missing: WSJF needs the cost of delay beside job_duration_weeks."));
        }
    }

    private static void ValidateNpv(string id, InitiativeFinancials f, List<ValueDiagnostic> list)
    {
        if (f.CashFlows is { } flows)
        {
            if (flows.Count == 0)
            {
                list.Add(Error(id, null, "financials.cash_flows", "the cash flow list is empty: NPV needs at least CF_0."));
            }

            for (var t = 0; t < flows.Count; t++)
            {
                if (!double.IsFinite(flows[t]))
                {
                    list.Add(Error(id, null, "financials.cash_flows", $"CF_{t} is not a finite number."));
                }
            }

            if (!f.DiscountRate.HasValue)
            {
                list.Add(Error(id, null, "financials.discount_rate", "missing: NPV of the cash flows needs a discount rate (0.08 for 8 %)."));
            }
        }

        if (f.DiscountRate is { } r && (!double.IsFinite(r) || r <= -1))
        {
            list.Add(Error(id, null, "financials.discount_rate", $"must be a fraction > -1 (0.08 for 8 %), got {Num(r)}."));
        }
    }

    private static void ValidateEcv(string id, InitiativeFinancials f, List<ValueDiagnostic> list)
    {
        Probability(id, "financials.probability_commercial_success", f.ProbabilityOfCommercialSuccess, list);
        Probability(id, "financials.probability_technical_success", f.ProbabilityOfTechnicalSuccess, list);
        NonNegative(id, "financials.commercialisation_cost", f.CommercialisationCost, list);
        NonNegative(id, "financials.development_cost", f.DevelopmentCost, list);
        if (f.PresentValueOfEarnings is { } pv && !double.IsFinite(pv))
        {
            list.Add(Error(id, null, "financials.present_value_of_earnings", "is not a finite number."));
        }

        if (!f.HasAnyEcvInput)
        {
            return;
        }

        (string Field, bool Given)[] inputs =
        [
            ("financials.present_value_of_earnings", f.PresentValueOfEarnings.HasValue),
            ("financials.probability_commercial_success", f.ProbabilityOfCommercialSuccess.HasValue),
            ("financials.commercialisation_cost", f.CommercialisationCost.HasValue),
            ("financials.probability_technical_success", f.ProbabilityOfTechnicalSuccess.HasValue),
            ("financials.development_cost", f.DevelopmentCost.HasValue),
        ];
        foreach (var (field, given) in inputs)
        {
            if (!given)
            {
                list.Add(Error(id, null, field, "missing: expected commercial value needs PV, Ps, C, Pt and D together (write 0 for a real zero)."));
            }
        }
    }

    private static void ValidateArr(string id, InitiativeFinancials f, ValueOptions options, List<ValueDiagnostic> list)
    {
        if (f.Investment is { } inv && (!double.IsFinite(inv) || inv < 0))
        {
            list.Add(Error(id, null, "financials.investment", $"must be a number > 0, got {Num(inv)}."));
        }

        NonNegative(id, "financials.residual_value", f.ResidualValue, list);
        if (f.AnnualAccountingProfits is not { } profits)
        {
            return;
        }

        if (profits.Count == 0)
        {
            list.Add(Error(id, null, "financials.annual_accounting_profits", "the list is empty: ARR needs at least one year of profit."));
        }

        if (profits.Any(p => !double.IsFinite(p)))
        {
            list.Add(Error(id, null, "financials.annual_accounting_profits", "holds a number that is not finite."));
        }

        if (f.Investment is null)
        {
            list.Add(Error(id, null, "financials.investment", "missing: ARR divides the average annual profit by the investment."));
        }
        else if (f.Investment == 0)
        {
            list.Add(Error(id, null, "financials.investment", "is zero: ARR divides by the investment, so it has no value."));
        }

        if (options.ArrBasis == ArrBasis.AverageInvestment && f.ResidualValue is null)
        {
            list.Add(Error(id, null, "financials.residual_value",
                "missing: the average-investment ARR basis needs (investment + residual_value) / 2 (write 0 for no residual value)."));
        }
    }

    private static void ValidateKpi(string id, Kpi kpi, List<ValueDiagnostic> list)
    {
        var name = kpi.Name;
        var finite = true;
        if (!double.IsFinite(kpi.Baseline))
        {
            list.Add(Error(id, name, "baseline", "is not a finite number."));
            finite = false;
        }

        if (!double.IsFinite(kpi.Target))
        {
            list.Add(Error(id, name, "target", "is not a finite number."));
            finite = false;
        }

        if (finite && kpi.Target == kpi.Baseline)
        {
            list.Add(Error(id, name, "target", $"equals the baseline ({Num(kpi.Baseline)}): there is no change to attain."));
        }
        else if (finite && kpi.Direction == KpiDirection.HigherIsBetter && kpi.Target < kpi.Baseline)
        {
            list.Add(Error(id, name, "direction",
                $"is higher_is_better but the target ({Num(kpi.Target)}) is below the baseline ({Num(kpi.Baseline)})."));
        }
        else if (finite && kpi.Direction == KpiDirection.LowerIsBetter && kpi.Target > kpi.Baseline)
        {
            list.Add(Error(id, name, "direction",
                $"is lower_is_better but the target ({Num(kpi.Target)}) is above the baseline ({Num(kpi.Baseline)})."));
        }

        if (kpi.TargetDate <= kpi.BaselineDate)
        {
            list.Add(Error(id, name, "target_date",
                $"{kpi.TargetDate:yyyy-MM-dd} is not after the baseline date {kpi.BaselineDate:yyyy-MM-dd}."));
        }

        foreach (var r in kpi.Readings)
        {
            if (!double.IsFinite(r.Value))
            {
                list.Add(Error(id, name, "readings", $"the reading of {r.Date:yyyy-MM-dd} is not a finite number."));
            }
        }

        if (kpi.Readings.Count == 0)
        {
            list.Add(Warning(id, name, "readings", "no readings: status is no_data."));
        }
        else if (kpi.Readings.Select(r => r.Date).Distinct().Count() == 1)
        {
            list.Add(Warning(id, name, "readings", "readings on one date only: a trend needs two dates, status is not_enough_data."));
        }
    }

    private static void Probability(string id, string field, double? p, List<ValueDiagnostic> list)
    {
        if (p is { } v && (!double.IsFinite(v) || v < 0 || v > 1))
        {
            list.Add(Error(id, null, field, $"a probability must lie in [0, 1], got {Num(v)}."));
        }
    }

    private static void NonNegative(string id, string field, double? value, List<ValueDiagnostic> list)
    {
        if (value is { } v && (!double.IsFinite(v) || v < 0))
        {
            list.Add(Error(id, null, field, $"must be a number ≥ 0, got {Num(v)}."));
        }
    }

    private static ValueDiagnostic Error(string? initiative, string? kpi, string field, string message) =>
        new(ValueSeverity.Error, initiative, kpi, field, message);

    private static ValueDiagnostic Warning(string? initiative, string? kpi, string field, string message) =>
        new(ValueSeverity.Warning, initiative, kpi, field, message);

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
