using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Ingestion.Configuration;
using PmoFlow.Ingestion.Connectors;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Storage;
using Spectre.Console;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow ingest [--source NAME]</c>: pulls every configured source (trackers and CSV) from its saved cursor.</summary>
internal static class IngestCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CliOptions.Config();
        var format = CliOptions.Format();
        var source = new Option<string?>("--source") { Description = "Ingest only this source (default: all)." };
        var command = new Command("ingest", "Ingest every configured source from its saved cursor: new events, duplicates skipped, quarantined, duration.")
        {
            config, format, source,
        };
        command.SetAction(async (parse, ct) =>
        {
            var cfg = CommandSupport.LoadConfig(parse.GetValue(config));
            var chosen = parse.GetValue(source) is { } name ? [cfg.Source(name)] : cfg.Sources.ToList();
            // Read every tracker's options first, so a configuration error stops before anything is fetched.
            var trackers = chosen.Where(s => s.Csv is null).ToDictionary(s => s.Name, s => TrackerOptionsReader.Read(cfg, s));
            foreach (var csv in chosen.Where(s => s.Csv is not null))
            {
                CsvSourceImporter.Validate(csv.Csv!);
            }

            await using var db = await CommandSupport.OpenDatabaseAsync(cfg, ct);
            var summaries = await IngestAsync(cfg, db, chosen, trackers, stderr, ct);
            new Printer(stdout, parse.GetValue(format), Consoles.For(stdout)).Print(ImportCommand.SummaryTable(summaries));
            return summaries.All(s => s.Outcome == IngestOutcome.Succeeded) ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static async Task<List<IngestSummary>> IngestAsync(
        PmoFlowConfig cfg, PmoFlowDatabase db, IReadOnlyList<SourceConfig> sources, Dictionary<string, TrackerSourceOptions> trackers,
        TextWriter stderr, CancellationToken ct)
    {
        var store = new EventStore(db.DataSource);
        var summaries = new List<IngestSummary>();
        await Consoles.For(stderr).Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                foreach (var source in sources)
                {
                    var task = progress.AddTask(Markup.Escape(source.Name), maxValue: 1);
                    var cursor = await store.GetCursorAsync(source.Name, ct);
                    try
                    {
                        if (source.Csv is { } csv)
                        {
                            var batches = CsvSourceImporter.Read(source.Name, csv, CommandSupport.ZoneOf(cfg, source), cursor);
                            summaries.Add(await IngestPipeline.RunAsync(store, source.Name, "csv", IngestPipeline.AsAsync(batches), null, ct));
                        }
                        else
                        {
                            using var connector = TrackerConnectors.Create(trackers[source.Name]);
                            var pages = new Progress<ConnectorProgress>(p =>
                            {
                                task.MaxValue = Math.Max(1, p.TotalPages ?? p.Pages + 1);
                                task.Value = p.Pages;
                                task.Description = Markup.Escape($"{source.Name}: {p.Pages} pages, {p.Items} items, {p.Events} events");
                            });
                            summaries.Add(await IngestPipeline.RunAsync(store, source.Name, connector.Kind, connector.ReadAsync(cursor, pages, ct), null, ct));
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // The run is recorded as failed with its reason; the other sources still run.
                        summaries.Add(new IngestSummary(source.Name, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, IngestOutcome.Failed, ex.Message));
                        await stderr.WriteLineAsync($"pmoflow: {source.Name}: {ex.Message}");
                    }

                    task.Value = task.MaxValue;
                }
            });
        return summaries;
    }
}
