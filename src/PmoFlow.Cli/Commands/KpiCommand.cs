using System.CommandLine;
using System.Globalization;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Value;
using PmoFlow.Streams.Portfolio;
using PmoFlow.Storage.Portfolio;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow kpi import</c> (append readings to PostgreSQL) and <c>pmoflow kpi status</c>.</summary>
internal static class KpiCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        new("kpi", "KPI readings: import them, and see each KPI's status against its target line.")
        {
            Import(stdout, stderr),
            Status(stdout, stderr),
        };

    private static Option<string?> PortfolioFile() => new("--portfolio")
    {
        Description = $"Portfolio file (default: {PortfolioSupport.DefaultFileName} beside the configuration file).",
    };

    private static Command Import(TextWriter stdout, TextWriter stderr)
    {
        var config = CliOptions.Config();
        var format = CliOptions.Format();
        var portfolio = PortfolioFile();
        var file = new Option<string>("--file") { Description = "KPI readings CSV: initiative,kpi,date,value.", Required = true };
        var command = new Command("import", "Append KPI readings from a CSV file to the database; readings already stored add nothing.")
        {
            config, format, portfolio, file,
        };
        command.SetAction((parse, ct) => PortfolioSupport.RunAsync(stderr, async () =>
        {
            var cfg = CommandSupport.TryLoadConfig(parse.GetValue(config));
            var path = PortfolioSupport.ResolvePortfolioPath(parse.GetValue(portfolio), cfg);
            var doc = PortfolioSupport.LoadPortfolio(path, parse.GetValue(portfolio) is not null);
            var csv = parse.GetValue(file)!;
            if (!File.Exists(csv))
            {
                throw new UsageException($"the readings file {csv} does not exist.");
            }

            await using var db = await CommandSupport.OpenDatabaseAsync(cfg, ct);
            var (rows, result) = await ImportReadingsAsync(doc, csv, db.DataSource, ct);
            new Printer(stdout, parse.GetValue(format), Consoles.For(stdout)).Print(new TableData(
                "kpi_import",
                ["file", "rows", "new_readings", "already_stored"],
                [[csv, rows.Count, result.Inserted, result.AlreadyStored]]));
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// Stores the portfolio's definition and appends the readings of a CSV file, all or nothing (what
    /// <c>pmoflow kpi import</c> and the demo run). Returns the rows read and what was stored.
    /// </summary>
    /// <exception cref="PortfolioFileException">A bad row, an unknown initiative or KPI, or a value disagreeing with the file or the database.</exception>
    internal static async Task<(IReadOnlyList<KpiReadingRow> Rows, KpiAppendResult Result)> ImportReadingsAsync(
        PortfolioDocument doc, string csv, Npgsql.NpgsqlDataSource dataSource, CancellationToken ct)
    {
        // Bad rows, unknown initiatives or KPIs, and values disagreeing with the file or each other: all reported
        // with file:line before anything is written.
        var rows = KpiReadingsCsvLoader.LoadFile(csv);
        PortfolioReadings.Merge(doc, rows);
        await new PortfolioRepository(dataSource).SaveDefinitionAsync(doc.Portfolio, doc.Options, doc.File, ct);
        var result = await new KpiReadingStore(dataSource).AppendAsync(
            [.. rows.Select(r => new NewKpiReading(r.InitiativeId, r.Kpi, r.Date, r.Value, r.Location.ToString()))], ct);
        if (!result.Succeeded)
        {
            throw new PortfolioFileException(csv, [.. Describe(result, rows)]);
        }

        return (rows, result);
    }

    private static Command Status(TextWriter stdout, TextWriter stderr)
    {
        var config = CliOptions.Config();
        var format = CliOptions.Format();
        var portfolio = PortfolioFile();
        var initiative = new Option<string?>("--initiative") { Description = "Only this initiative's KPIs." };
        var command = new Command("status", "Each KPI's status: the trend of its readings projected to the target date, against the target.")
        {
            config, format, portfolio, initiative,
        };
        command.SetAction((parse, ct) => PortfolioSupport.RunAsync(stderr, async () =>
        {
            var cfg = CommandSupport.TryLoadConfig(parse.GetValue(config));
            var path = PortfolioSupport.ResolvePortfolioPath(parse.GetValue(portfolio), cfg);
            var given = parse.GetValue(portfolio) is not null;
            PortfolioDocument? doc = given || File.Exists(path) ? PortfolioSupport.LoadPortfolio(path, given) : null;

            await using var db = await CommandSupport.OpenDatabaseAsync(cfg, ct);
            Core.Value.Portfolio definition;
            ValueOptions options;
            if (doc is not null)
            {
                (definition, options) = (doc.Portfolio, doc.Options);
            }
            else
            {
                // No file here: the definition last synchronised into the database.
                var stored = await new PortfolioRepository(db.DataSource).LoadDefinitionAsync(ct)
                    ?? throw new UsageException($"no portfolio file at {path} and none stored in the database: pass --portfolio.");
                (definition, options) = (stored.Portfolio, stored.Options);
            }

            var only = parse.GetValue(initiative);
            if (only is not null && !definition.Initiatives.Any(i => string.Equals(i.Id, only, StringComparison.OrdinalIgnoreCase)))
            {
                throw new UsageException($"no initiative '{only}'. Initiatives: {string.Join(", ", definition.Initiatives.Select(i => i.Id))}.");
            }

            var readings = await new KpiReadingStore(db.DataSource).ReadAsync(only, ct);
            PortfolioResult result;
            try
            {
                result = PortfolioEvaluator.Evaluate(StoredReadings.Apply(definition, readings), [], null, options);
            }
            catch (ValueInputException ex) when (doc is not null)
            {
                throw new PortfolioFileException(doc.File, [.. ex.Errors.Select(doc.Locate)]);
            }

            var kpis = result.Kpis.Where(k => only is null || string.Equals(k.InitiativeId, only, StringComparison.OrdinalIgnoreCase));
            new Printer(stdout, parse.GetValue(format), Consoles.For(stdout))
                .Print(PortfolioSupport.ToTable("kpis", PortfolioTables.KpiStatuses(kpis)));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static IEnumerable<ValueDiagnostic> Describe(KpiAppendResult result, IReadOnlyList<KpiReadingRow> rows)
    {
        var bySource = rows.ToDictionary(r => r.Location.ToString(), r => r.Location);
        foreach (var u in result.UnknownKpis)
        {
            // Only when the stored definition lost the KPI between the sync and the append (a concurrent sync).
            yield return new ValueDiagnostic(ValueSeverity.Error, u.InitiativeId, u.Kpi, "kpi", "this KPI is not stored in the database.")
            {
                Location = bySource.GetValueOrDefault(u.Source),
            };
        }

        foreach (var c in result.Conflicts)
        {
            yield return new ValueDiagnostic(ValueSeverity.Error, c.Reading.InitiativeId, c.Reading.Kpi, "value", string.Create(CultureInfo.InvariantCulture,
                $"{c.Reading.Date:yyyy-MM-dd} already has the reading {c.StoredValue} in the database (stored from {c.StoredSource}); this row gives {c.Reading.Value}. Readings are never changed."))
            {
                Location = bySource.GetValueOrDefault(c.Reading.Source),
            };
        }
    }
}
