using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Streams.Configuration;
using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Csv;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Streams.Ingest;
using PmoFlow.Storage;
using Spectre.Console;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow import csv</c>: imports the configured CSV sources into the database.</summary>
internal static class ImportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = CliOptions.Config();
        var format = CliOptions.Format();
        var source = new Option<string?>("--source") { Description = "Import only this source (default: every csv source)." };
        var events = new Option<string?>("--events") { Description = "Read events from this file instead of the source's configured one." };
        var items = new Option<string?>("--items") { Description = "Read items from this file instead of the source's configured one." };
        var full = new Option<bool>("--full") { Description = "Read the files from the top even when a saved cursor says they were imported." };
        var batch = new Option<int>("--batch-size") { Description = "Rows per transaction.", DefaultValueFactory = _ => 20_000 };
        var csv = new Command("csv", "Import CSV events (and items) of the configured csv sources; re-importing adds nothing.")
        {
            config, format, source, events, items, full, batch,
        };
        csv.SetAction(async (parse, ct) =>
        {
            var cfg = CommandSupport.LoadConfig(parse.GetValue(config));
            var chosen = parse.GetValue(source) is { } name
                ? [cfg.Source(name)]
                : cfg.Sources.Where(s => s.Kind == "csv").ToList();
            if (chosen.Count == 0)
            {
                throw new UsageException($"{cfg.File} has no csv source to import.");
            }

            var sources = chosen.Select(s => s.Csv is null
                ? throw new UsageException($"source '{s.Name}' is a {s.Kind} source; use `pmoflow ingest` for trackers.")
                : (s, s.Csv with
                {
                    EventsPath = parse.GetValue(events) is { } e ? Path.GetFullPath(e) : s.Csv.EventsPath,
                    ItemsPath = parse.GetValue(items) is { } i ? Path.GetFullPath(i) : s.Csv.ItemsPath,
                })).ToList();

            // Check every header first: a file that does not fit writes nothing.
            foreach (var (_, options) in sources)
            {
                CsvSourceImporter.Validate(options);
            }

            await using var db = await CommandSupport.OpenDatabaseAsync(cfg, ct);
            var summaries = await ImportAsync(cfg, db, sources, parse.GetValue(full), parse.GetValue(batch), stderr, ct);
            new Printer(stdout, parse.GetValue(format), Consoles.For(stdout)).Print(SummaryTable(summaries));
            return summaries.All(s => s.Outcome == IngestOutcome.Succeeded) ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return new Command("import", "Import data files.") { csv };
    }

    /// <summary>
    /// Imports CSV sources through the application layer's ingest (<see cref="SourceIngestService"/>, the same
    /// orchestration as <c>pmoflow ingest</c> and the scheduled job), with a progress bar per source.
    /// </summary>
    public static async Task<List<IngestSummary>> ImportAsync(
        PmoFlowConfig config,
        PmoFlowDatabase db,
        IReadOnlyList<(SourceConfig Source, CsvSourceOptions Csv)> sources,
        bool full,
        int batchSize,
        TextWriter progressWriter,
        CancellationToken ct)
    {
        var service = new SourceIngestService(config, db.DataSource);
        var summaries = new List<IngestSummary>();
        var console = Consoles.For(progressWriter);
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                foreach (var (source, csv) in sources)
                {
                    var task = progress.AddTask(Markup.Escape(source.Name), maxValue: Math.Max(1, new FileInfo(csv.EventsPath).Length));
                    var reporter = new Progress<IngestProgress>(p => task.Description = Markup.Escape($"{source.Name}: {p.EventsRead:N0} events"));
                    var prepared = new PreparedSource(source with { Csv = csv }, null);
                    var summary = await service.IngestAsync(prepared, new IngestOptions { Full = full, BatchSize = batchSize, Progress = reporter }, ct);
                    task.Value = task.MaxValue;
                    summaries.Add(summary);
                    if (summary.Error is not null)
                    {
                        await progressWriter.WriteLineAsync($"pmoflow: {source.Name}: {summary.Error}");
                    }
                }
            });
        return summaries;
    }

    public static TableData SummaryTable(IReadOnlyList<IngestSummary> summaries) => new(
        "import",
        ["source", "events_read", "new_events", "duplicates_skipped", "items_upserted", "quarantined", "duration_s", "events_per_s", "outcome"],
        [.. summaries.Select(s => (IReadOnlyList<object?>)
        [
            s.Source, s.EventsRead, s.EventsInserted, s.Duplicates, s.ItemsUpserted, s.Quarantined,
            Math.Round(s.Duration.TotalSeconds, 2), Math.Round(s.EventsPerSecond), s.Outcome,
        ])]);
}
