using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Ingestion.Connectors;
using PmoFlow.Core.Events;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Streams.Ingest;
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
            // Read every source's settings first, so a configuration error stops before anything is fetched.
            var prepared = chosen.Select(s => SourceIngestService.Prepare(cfg, s)).ToList();
            await using var db = await CommandSupport.OpenDatabaseAsync(cfg, ct);
            var service = new SourceIngestService(cfg, db.DataSource);
            var summaries = await IngestAsync(service, prepared, stderr, ct);
            new Printer(stdout, parse.GetValue(format), Consoles.For(stdout)).Print(ImportCommand.SummaryTable(summaries) with { Name = "ingest" });
            return summaries.All(s => s.Outcome == IngestOutcome.Succeeded) ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static async Task<List<IngestSummary>> IngestAsync(
        SourceIngestService service, IReadOnlyList<PreparedSource> sources, TextWriter stderr, CancellationToken ct)
    {
        var summaries = new List<IngestSummary>();
        await Consoles.For(stderr).Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                foreach (var source in sources)
                {
                    var name = source.Config.Name;
                    var task = progress.AddTask(Markup.Escape(name), maxValue: 1);
                    var pages = new Progress<ConnectorProgress>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.TotalPages ?? p.Pages + 1);
                        task.Value = p.Pages;
                        task.Description = Markup.Escape($"{name}: {p.Pages} pages, {p.Items} items, {p.Events} events");
                    });

                    // A failing source is recorded as failed with its reason; the other sources still run.
                    var summary = await service.IngestAsync(source, pages, ct);
                    summaries.Add(summary);
                    if (summary.Error is not null)
                    {
                        await stderr.WriteLineAsync($"pmoflow: {name}: {summary.Error}");
                    }

                    task.Value = task.MaxValue;
                }
            });
        return summaries;
    }
}
