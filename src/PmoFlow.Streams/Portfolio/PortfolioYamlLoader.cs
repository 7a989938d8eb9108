using System.Globalization;
using System.Text;
using PmoFlow.Core.Model;
using PmoFlow.Core.Value;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Streams.Portfolio;

/// <summary>
/// Reads <c>portfolio.yaml</c> (settings, objectives, initiatives with their links, financials, cost of delay and KPIs)
/// into a <see cref="PortfolioDocument"/>.
/// </summary>
/// <remarks>
/// Every problem is reported at once in a <see cref="PortfolioFileException"/>: YAML syntax errors, unknown or repeated
/// keys, values of the wrong type, then the rules of <see cref="PortfolioValidator"/>, each with file:line:column from
/// the parser's marks. The file is UTF-8 with or without a byte order mark. Thread-safe (no shared state).
/// </remarks>
public static class PortfolioYamlLoader
{
    private static readonly string[] TopKeys = ["settings", "objectives", "initiatives"];
    private static readonly string[] SettingsKeys =
        ["contribution_scale", "arr_basis", "day_count", "kpi_on_track", "kpi_at_risk", "kpi_min_readings"];

    private static readonly string[] ObjectiveKeys = ["id", "name", "weight"];

    private static readonly string[] InitiativeKeys =
    [
        "id", "name", "start_date", "business_value", "contributions", "link", "cost_of_delay_per_week",
        "job_duration_weeks", "financials", "kpis",
    ];

    private static readonly string[] LinkKeys = ["epics", "labels", "filter"];
    private static readonly string[] FilterKeys = ["types", "key_prefixes"];

    private static readonly string[] FinancialKeys =
    [
        "cash_flows", "discount_rate", "present_value_of_earnings", "probability_commercial_success",
        "probability_technical_success", "commercialisation_cost", "development_cost", "investment", "residual_value",
        "annual_accounting_profits",
    ];

    private static readonly string[] KpiKeys =
        ["name", "unit", "direction", "baseline", "target", "baseline_date", "target_date", "readings"];

    private static readonly string[] ReadingKeys = ["date", "value"];

    /// <summary>Reads a portfolio file.</summary>
    public static PortfolioDocument LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Load(reader, path);
    }

    /// <summary>Reads a portfolio from text; <paramref name="file"/> names it in errors.</summary>
    public static PortfolioDocument Load(TextReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(file);
        var text = reader.ReadToEnd();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
            throw SyntaxError(file, "invalid YAML: " + message, ex.Start);
        }
        catch (InvalidOperationException ex)
        {
            // The parser gives up on some malformed input (an unclosed flow list at the end of the file) without a
            // mark: point at the last event it could still read.
            throw SyntaxError(file, "invalid YAML near here: " + ex.Message, LastGoodMark(text));
        }

        if (stream.Documents.Count == 0 || YamlReader.IsNull(stream.Documents[0].RootNode))
        {
            throw new PortfolioFileException(file,
                [new ValueDiagnostic(ValueSeverity.Error, null, null, "yaml", "the file is empty.") { Location = new SourceLocation(file, 1) }]);
        }

        var y = new YamlReader(file);
        var root = y.Entries(stream.Documents[0].RootNode, null, null, string.Empty, TopKeys);
        var options = root.TryGetValue("settings", out var settings) ? ReadSettings(y, settings.Value, out var scale) : Defaults(out scale);
        var objectives = root.TryGetValue("objectives", out var o) ? ReadObjectives(y, o.Value) : [];
        var initiatives = root.TryGetValue("initiatives", out var i) ? ReadInitiatives(y, i.Value) : [];
        var portfolio = new Core.Value.Portfolio { Objectives = objectives, Initiatives = initiatives, ContributionScale = scale };
        var document = new PortfolioDocument(file, portfolio, options, y.Locations);

        var errors = y.Errors.ToList();
        if (errors.Count == 0)
        {
            errors.AddRange(PortfolioValidator.Validate(portfolio, options)
                .Where(d => d.Severity == ValueSeverity.Error)
                .Select(document.Locate));
        }

        if (errors.Count > 0)
        {
            throw new PortfolioFileException(file, errors);
        }

        return document;
    }

    private static PortfolioFileException SyntaxError(string file, string message, Mark mark) =>
        new(file, [new ValueDiagnostic(ValueSeverity.Error, null, null, "yaml", message)
        {
            Location = new SourceLocation(file, checked((int)Math.Max(1, mark.Line)), checked((int)Math.Max(1, mark.Column))),
        }]);

    private static Mark LastGoodMark(string text)
    {
        var last = Mark.Empty;
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                last = parser.Current!.End;
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
        }

        return last;
    }

    private static ValueOptions Defaults(out double scale)
    {
        scale = 1.0;
        return ValueOptions.Default;
    }

    private static ValueOptions ReadSettings(YamlReader y, YamlNode node, out double scale)
    {
        var e = y.Entries(node, null, null, "settings", SettingsKeys);
        scale = e.TryGetValue("contribution_scale", out var s) ? y.Double(s.Value, null, null, "settings.contribution_scale") ?? 1.0 : 1.0;
        var options = new ValueOptions();
        if (e.TryGetValue("arr_basis", out var arr))
        {
            switch (y.String(arr.Value, null, null, "settings.arr_basis")?.ToLowerInvariant())
            {
                case null or "initial" or "initial_investment":
                    break;
                case "average" or "average_investment":
                    options = options with { ArrBasis = ArrBasis.AverageInvestment };
                    break;
                default:
                    y.Error(arr.Value, null, null, "settings.arr_basis", "expected 'initial' or 'average'.");
                    break;
            }
        }

        if (e.TryGetValue("day_count", out var dc))
        {
            switch (y.String(dc.Value, null, null, "settings.day_count")?.ToLowerInvariant())
            {
                case null or "inclusive":
                    break;
                case "exclusive":
                    options = options with { DayCount = DayCount.Exclusive };
                    break;
                default:
                    y.Error(dc.Value, null, null, "settings.day_count", "expected 'inclusive' or 'exclusive'.");
                    break;
            }
        }

        var rule = options.KpiRule;
        if (e.TryGetValue("kpi_on_track", out var ot) && y.Double(ot.Value, null, null, "settings.kpi_on_track") is { } onTrack)
        {
            rule = rule with { OnTrackAttainment = onTrack };
        }

        if (e.TryGetValue("kpi_at_risk", out var ar) && y.Double(ar.Value, null, null, "settings.kpi_at_risk") is { } atRisk)
        {
            rule = rule with { AtRiskAttainment = atRisk };
        }

        if (e.TryGetValue("kpi_min_readings", out var mr) && y.Int(mr.Value, null, null, "settings.kpi_min_readings") is { } min)
        {
            rule = rule with { MinimumReadings = min };
        }

        if (rule.AtRiskAttainment > rule.OnTrackAttainment)
        {
            y.Error(node, null, null, "settings.kpi_at_risk", "the at-risk threshold is above the on-track threshold.");
        }

        if (rule.MinimumReadings < 2)
        {
            y.Error(node, null, null, "settings.kpi_min_readings", "a trend needs at least 2 readings.");
        }

        return options with { KpiRule = rule };
    }

    private static List<StrategicObjective> ReadObjectives(YamlReader y, YamlNode node)
    {
        var list = new List<StrategicObjective>();
        foreach (var item in y.Sequence(node, null, null, "objectives") ?? [])
        {
            var e = y.Entries(item, null, null, "objectives", ObjectiveKeys);
            var id = e.TryGetValue("id", out var idNode) ? y.String(idNode.Value, null, null, "objectives.id") : null;
            if (id is null)
            {
                y.Error(item, null, null, "objectives.id", "an objective needs an id.");
                continue;
            }

            y.Remember(null, null, $"objectives.{id}", item);
            foreach (var (key, (keyNode, _)) in e)
            {
                y.Remember(null, null, $"objectives.{id}.{key}", keyNode);
            }

            var name = e.TryGetValue("name", out var n) ? y.String(n.Value, null, null, $"objectives.{id}.name") : null;
            double? weight = e.TryGetValue("weight", out var w) ? y.Double(w.Value, null, null, $"objectives.{id}.weight") : null;
            if (weight is null)
            {
                y.Error(item, null, null, $"objectives.{id}.weight", $"objective '{id}' needs a weight (a number ≥ 0).");
                continue;
            }

            list.Add(new StrategicObjective(id, name ?? id, weight.Value));
        }

        return list;
    }

    private static List<Initiative> ReadInitiatives(YamlReader y, YamlNode node)
    {
        var list = new List<Initiative>();
        var index = 0;
        foreach (var item in y.Sequence(node, null, null, "initiatives") ?? [])
        {
            index++;
            var probe = item is YamlMappingNode m
                ? m.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == "id").Value
                : null;
            var id = probe is null ? null : y.String(probe, null, null, "id");
            if (id is null)
            {
                y.Error(item, null, null, "initiatives.id", string.Create(CultureInfo.InvariantCulture, $"initiative number {index} needs an id."));
                continue;
            }

            y.Remember(id, null, string.Empty, item);
            var e = y.Entries(item, id, null, string.Empty, InitiativeKeys);
            var initiative = new Initiative
            {
                Id = id,
                Name = Get(e, "name", v => y.String(v, id, null, "name")),
                StartDate = Get(e, "start_date", v => y.Date(v, id, null, "start_date")),
                BusinessValue = Get(e, "business_value", v => y.Decimal(v, id, null, "business_value")),
                CostOfDelayPerWeek = Get(e, "cost_of_delay_per_week", v => y.Double(v, id, null, "cost_of_delay_per_week")),
                JobDurationWeeks = Get(e, "job_duration_weeks", v => y.Double(v, id, null, "job_duration_weeks")),
                Contributions = e.TryGetValue("contributions", out var c) ? ReadContributions(y, id, c.Value) : new Dictionary<string, double>(),
                Link = e.TryGetValue("link", out var l) ? ReadLink(y, id, l.Value) : new InitiativeLink(),
                Financials = e.TryGetValue("financials", out var f) && !YamlReader.IsNull(f.Value) ? ReadFinancials(y, id, f.Value) : null,
                Kpis = e.TryGetValue("kpis", out var k) ? ReadKpis(y, id, k.Value) : [],
            };
            list.Add(initiative);
        }

        return list;
    }

    private static T? Get<T>(Dictionary<string, (YamlNode Key, YamlNode Value)> e, string key, Func<YamlNode, T?> read)
        where T : struct =>
        e.TryGetValue(key, out var entry) ? read(entry.Value) : null;

    private static string? Get(Dictionary<string, (YamlNode Key, YamlNode Value)> e, string key, Func<YamlNode, string?> read) =>
        e.TryGetValue(key, out var entry) ? read(entry.Value) : null;

    private static Dictionary<string, double> ReadContributions(YamlReader y, string id, YamlNode node)
    {
        var result = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        if (YamlReader.IsNull(node))
        {
            return result;
        }

        if (node is not YamlMappingNode mapping)
        {
            y.Error(node, id, null, "contributions", "expected a mapping of objective id: contribution.");
            return result;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var objective = (keyNode as YamlScalarNode)?.Value?.Trim() ?? string.Empty;
            var field = $"contributions.{objective}";
            y.Remember(id, null, field, keyNode);
            if (y.Double(valueNode, id, null, field) is { } v && !result.TryAdd(objective, v))
            {
                y.Error(keyNode, id, null, field, $"objective '{objective}' appears twice.");
            }
            else if (YamlReader.IsNull(valueNode))
            {
                y.Error(valueNode, id, null, field, "the contribution is empty: write a number (0 for none).");
            }
        }

        return result;
    }

    private static InitiativeLink ReadLink(YamlReader y, string id, YamlNode node)
    {
        var e = y.Entries(node, id, null, "link", LinkKeys);
        var link = new InitiativeLink
        {
            ParentKeys = e.TryGetValue("epics", out var ep) ? y.Strings(ep.Value, id, null, "link.epics") : [],
            Labels = e.TryGetValue("labels", out var lb) ? y.Strings(lb.Value, id, null, "link.labels") : [],
        };
        if (e.TryGetValue("filter", out var f))
        {
            var fe = y.Entries(f.Value, id, null, "link.filter", FilterKeys);
            link = link with
            {
                ItemTypes = fe.TryGetValue("types", out var t) ? y.Strings(t.Value, id, null, "link.filter.types") : [],
                KeyPrefixes = fe.TryGetValue("key_prefixes", out var k) ? y.Strings(k.Value, id, null, "link.filter.key_prefixes") : [],
            };
        }

        return link;
    }

    private static InitiativeFinancials ReadFinancials(YamlReader y, string id, YamlNode node)
    {
        var e = y.Entries(node, id, null, "financials", FinancialKeys);
        double? D(string key) => e.TryGetValue(key, out var v) ? y.Double(v.Value, id, null, "financials." + key) : null;
        List<double>? L(string key) => e.TryGetValue(key, out var v) ? y.Doubles(v.Value, id, null, "financials." + key) : null;
        var cashFlows = L("cash_flows");
        if (cashFlows is null && e.TryGetValue("cash_flows", out _))
        {
            // `cash_flows:` with nothing after it is an empty list, not an absent one: the user meant to give flows.
            cashFlows = [];
        }

        var profits = L("annual_accounting_profits");
        if (profits is null && e.TryGetValue("annual_accounting_profits", out _))
        {
            profits = [];
        }

        return new InitiativeFinancials
        {
            CashFlows = cashFlows,
            DiscountRate = D("discount_rate"),
            PresentValueOfEarnings = D("present_value_of_earnings"),
            ProbabilityOfCommercialSuccess = D("probability_commercial_success"),
            ProbabilityOfTechnicalSuccess = D("probability_technical_success"),
            CommercialisationCost = D("commercialisation_cost"),
            DevelopmentCost = D("development_cost"),
            Investment = D("investment"),
            ResidualValue = D("residual_value"),
            AnnualAccountingProfits = profits,
        };
    }

    private static List<Kpi> ReadKpis(YamlReader y, string id, YamlNode node)
    {
        var list = new List<Kpi>();
        foreach (var item in y.Sequence(node, id, null, "kpis") ?? [])
        {
            var probe = item is YamlMappingNode m
                ? m.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == "name").Value
                : null;
            var name = probe is null ? null : y.String(probe, id, null, "kpis.name");
            if (name is null)
            {
                y.Error(item, id, null, "kpis.name", "a KPI needs a name.");
                continue;
            }

            y.Remember(id, name, string.Empty, item);
            var e = y.Entries(item, id, name, string.Empty, KpiKeys);
            double? baseline = e.TryGetValue("baseline", out var b) ? y.Double(b.Value, id, name, "baseline") : null;
            double? target = e.TryGetValue("target", out var t) ? y.Double(t.Value, id, name, "target") : null;
            DateOnly? baselineDate = e.TryGetValue("baseline_date", out var bd) ? y.Date(bd.Value, id, name, "baseline_date") : null;
            DateOnly? targetDate = e.TryGetValue("target_date", out var td) ? y.Date(td.Value, id, name, "target_date") : null;
            var direction = KpiDirection.HigherIsBetter;
            if (e.TryGetValue("direction", out var dn))
            {
                switch (y.String(dn.Value, id, name, "direction")?.ToLowerInvariant())
                {
                    case null or "higher_is_better" or "higher":
                        break;
                    case "lower_is_better" or "lower":
                        direction = KpiDirection.LowerIsBetter;
                        break;
                    default:
                        y.Error(dn.Value, id, name, "direction", "expected 'higher_is_better' or 'lower_is_better'.");
                        break;
                }
            }

            var missing = new List<string>();
            if (baseline is null)
            {
                missing.Add("baseline");
            }

            if (target is null)
            {
                missing.Add("target");
            }

            if (baselineDate is null)
            {
                missing.Add("baseline_date");
            }

            if (targetDate is null)
            {
                missing.Add("target_date");
            }

            foreach (var field in missing.Where(f => !e.ContainsKey(f)))
            {
                y.Error(item, id, name, field, $"missing: a KPI needs baseline, target, baseline_date and target_date.");
            }

            foreach (var field in missing.Where(e.ContainsKey))
            {
                if (YamlReader.IsNull(e[field].Value))
                {
                    y.Error(e[field].Value, id, name, field, "is empty.");
                }
            }

            var readings = e.TryGetValue("readings", out var r) ? ReadReadings(y, id, name, r.Value) : [];
            if (missing.Count > 0)
            {
                continue;
            }

            list.Add(new Kpi
            {
                Name = name,
                Unit = e.TryGetValue("unit", out var u) ? y.String(u.Value, id, name, "unit") : null,
                Direction = direction,
                Baseline = baseline!.Value,
                Target = target!.Value,
                BaselineDate = baselineDate!.Value,
                TargetDate = targetDate!.Value,
                Readings = readings,
            });
        }

        return list;
    }

    private static List<KpiReading> ReadReadings(YamlReader y, string id, string kpi, YamlNode node)
    {
        var list = new List<KpiReading>();
        foreach (var item in y.Sequence(node, id, kpi, "readings") ?? [])
        {
            var e = y.Entries(item, id, kpi, "readings", ReadingKeys);
            var hasDate = e.TryGetValue("date", out var d) && !YamlReader.IsNull(d.Value);
            var hasValue = e.TryGetValue("value", out var v) && !YamlReader.IsNull(v.Value);
            if (!hasDate || !hasValue)
            {
                y.Error(item, id, kpi, "readings", "a reading needs both a date and a value.");
                continue;
            }

            var date = y.Date(d.Value, id, kpi, "readings.date");
            var value = y.Double(v.Value, id, kpi, "readings.value");
            if (date is null || value is null)
            {
                continue;
            }

            list.Add(new KpiReading(date.Value, value.Value));
        }

        return list;
    }
}
