using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Value;
using PmoFlow.Streams.Portfolio;
using PmoFlow.Storage.Portfolio;

namespace PmoFlow.Cli.Commands;

/// <summary>
/// <c>pmoflow portfolio</c>: initiatives ranked by WSJF with value, cost of delay, alignment, forecast date and KPI
/// status, from the portfolio file, the stored KPI readings and the stream's stored flow.
/// </summary>
internal static class PortfolioCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TimeProvider? clock = null)
    {
        clock ??= CommandSupport.Clock;
        var config = CliOptions.Config();
        var format = CliOptions.Format();
        var stream = CliOptions.Stream();
        var file = new Option<string?>("--file") { Description = $"Portfolio file (default: {PortfolioSupport.DefaultFileName} beside the configuration file)." };
        var readings = new Option<string?>("--readings") { Description = "A KPI readings CSV (initiative,kpi,date,value) to add to the stored readings for this run." };
        var asOf = PortfolioSupport.AsOf();
        var percentile = new Option<double>("--percentile") { Description = "Confidence of the forecast date, in percent.", DefaultValueFactory = _ => 85 };
        var wip = new Option<int>("--wip-limit") { Description = "Initiatives worked at once in the forecast (1: one after another in WSJF order).", DefaultValueFactory = _ => 1 };
        var trials = new Option<int>("--trials") { Description = "Monte Carlo trials.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<ulong>("--seed") { Description = "Forecast seed.", DefaultValueFactory = _ => ForecastOptions.DefaultSeed };
        var whatIf = new Option<string[]>("--what-if")
        {
            Description = "A portfolio scenario beside the baseline, repeatable: name:key=value,... with throughputFactor, throughput.<stream>, drop=A|B, order=C|A, wipLimit, delay=B@14, add=ID/label/costOfDelayPerWeek/jobWeeks[/value].",
        };
        var valueBy = new Option<DateOnly?>("--value-by") { Description = "The date 'value delivered by' is counted on (default: 13 weeks after the as-of day)." };
        var command = new Command("portfolio", "Rank the portfolio's initiatives (WSJF) with their value, alignment, forecast date and KPI status.")
        {
            config, format, stream, file, readings, asOf, percentile, wip, trials, seed, whatIf, valueBy,
        };
        command.SetAction((parse, ct) => PortfolioSupport.RunAsync(stderr, async () =>
        {
            var cfg = CommandSupport.LoadConfig(parse.GetValue(config));
            var s = cfg.Stream(parse.GetValue(stream));
            var path = PortfolioSupport.ResolvePortfolioPath(parse.GetValue(file), cfg);
            var doc = PortfolioSupport.LoadPortfolio(path, parse.GetValue(file) is not null);
            if (parse.GetValue(readings) is { } readingsFile)
            {
                doc = PortfolioReadings.Merge(doc, KpiReadingsCsvLoader.LoadFile(readingsFile));
            }

            var when = PortfolioSupport.ParseAsOf(parse.GetValue(asOf), s.Definition.TimeZone, clock);
            var options = new PortfolioFlowOptions
            {
                Forecast = new InitiativeForecastOptions
                {
                    Percentile = parse.GetValue(percentile),
                    WipLimit = parse.GetValue(wip),
                    Forecast = new ForecastOptions { Trials = parse.GetValue(trials), Seed = parse.GetValue(seed) },
                },
            };

            await using var db = await CommandSupport.OpenDatabaseAsync(cfg, ct);
            // The file is the definition: keep the stored copy current for `kpi import`, `kpi status` and the API.
            await new PortfolioRepository(db.DataSource).SaveDefinitionAsync(doc.Portfolio, doc.Options, path, ct);
            StreamPortfolioResult evaluated;
            try
            {
                evaluated = await new StoredStreamPortfolio(db.DataSource).EvaluateAsync(
                    doc.Portfolio, doc.Options, s.Definition, [.. cfg.SourcesOf(s).Select(x => x.Name)], when, options, ct);
            }
            catch (ValueInputException ex)
            {
                throw new PortfolioFileException(doc.File, [.. ex.Errors.Select(doc.Locate)]);
            }

            var result = evaluated.Flow.Result with { Warnings = [.. evaluated.Flow.Result.Warnings.Select(doc.Locate)] };
            var printer = new Printer(stdout, parse.GetValue(format), Consoles.For(stdout));
            var tables = new List<TableData>
            {
                PortfolioSupport.ToTable("ranking", PortfolioTables.Ranking(result)),
                ForecastTable(evaluated.Flow.Forecasts),
                PortfolioSupport.ToTable("kpis", PortfolioTables.KpiStatuses(result)),
            };
            if (parse.GetValue(whatIf) is { Length: > 0 } specs)
            {
                var scenarios = specs.Select(x => PortfolioScenarioSpec.Parse(x, s.Definition.Name)).ToList();
                var by = parse.GetValue(valueBy) ?? PortfolioWhatIf.DefaultValueBy(evaluated.Flow.Throughput.Today);
                var compared = PortfolioWhatIf.Compare(
                    evaluated.Portfolio, doc.Options, evaluated.Flow.Inputs.Items, evaluated.Flow.Throughput, by, scenarios, options.Forecast, ct);
                tables.AddRange(WhatIfTables(compared));
            }

            if (printer.Format == OutputFormat.Json)
            {
                tables.Add(PortfolioSupport.WarningsTable(result.Warnings));
            }
            else
            {
                PortfolioSupport.WriteWarnings(stderr, result.Warnings);
            }

            printer.Print([.. tables]);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Columns of the <c>what_if</c> table.</summary>
    public static IReadOnlyList<string> WhatIfColumns { get; } = ["scenario", "value_by", "value_delivered", "npv", "cost_of_delay", "wsjf_order"];

    /// <summary>Columns of the <c>what_if_initiatives</c> table.</summary>
    public static IReadOnlyList<string> WhatIfInitiativeColumns { get; } =
        ["scenario", "priority", "initiative", "wsjf_rank", "status", "date", "days_late", "cost_of_delay", "npv", "business_value"];

    /// <summary>The baseline and each scenario side by side, then each scenario's initiatives.</summary>
    public static IEnumerable<TableData> WhatIfTables(IReadOnlyList<PortfolioScenarioResult> compared)
    {
        yield return new TableData("what_if", WhatIfColumns, [.. compared.Select(r => (IReadOnlyList<object?>)
            [r.Name, r.ValueBy, r.ValueDelivered, r.Npv is { } n ? Math.Round(n, 2) : null, Math.Round(r.CostOfDelay, 2), string.Join(" > ", r.WsjfOrder)])]);
        yield return new TableData("what_if_initiatives", WhatIfInitiativeColumns, [.. compared.SelectMany(r => r.Initiatives.Select(i => (IReadOnlyList<object?>)
            [r.Name, i.Priority, i.InitiativeId, i.Rank, Status(i.Status), i.Date, i.DaysLate, i.CostOfDelay is { } c ? Math.Round(c, 2) : null,
                i.Npv is { } v ? Math.Round(v, 2) : null, i.BusinessValue]))]);
    }

    /// <summary>Each initiative's forecast, in priority order.</summary>
    public static TableData ForecastTable(InitiativeForecastResult forecasts) => new(
        "forecasts",
        ["priority", "initiative", "status", "linked_items", "open_items", "scope_in_forecast", "percentile", "forecast_date", "completed_on", "reason"],
        [.. forecasts.Initiatives.Select(f => (IReadOnlyList<object?>)
        [
            f.Priority, f.InitiativeId, Status(f.Status), f.LinkedItems, f.OpenItems, f.ScopeInForecast, f.Percentile, f.ForecastDate,
            f.CompletedOn, f.Reason,
        ])]);

    private static string Status(InitiativeForecastStatus s) => PortfolioTables.Status(s);
}
