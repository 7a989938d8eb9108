using System.CommandLine;
using System.Globalization;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Model;
using PmoFlow.Core.Simulation;
using PmoFlow.Reporting;
using PmoFlow.Storage;
using PmoFlow.Storage.Embedded;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Portfolio;
using PmoFlow.Streams.Reports;
using PmoFlow.Streams.Samples;

namespace PmoFlow.Cli.Commands;

/// <summary>
/// <c>pmoflow demo</c>: the first thing a new user runs. Database (PmoFlow's own unless one is configured) →
/// live sample data ending yesterday → import → report of the current week → its summary.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var folder = new Option<string?>("--out") { Description = "Folder for the sample data and the report (default: <PmoFlow home>/demo)." };
        var format = CliOptions.Format();
        var replace = new Option<bool>("--replace") { Description = "The source 'sample' holds another file's data: delete it and import the demo's." };
        var command = new Command("demo", "Generate live sample data (ending yesterday), import it, write a report and print its summary.") { folder, format, replace };
        command.SetAction(async (parse, ct) =>
        {
            var dir = Path.GetFullPath(parse.GetValue(folder) ?? Path.Combine(PmoFlowHome.Resolve(), "demo"));
            var now = CommandSupport.Clock.GetUtcNow();
            var defaults = new SimulationParameters();
            var (parameters, previousEnd) = LiveSample.For(dir, LiveSample.Today(defaults, now), defaults);
            var lastDay = parameters.Start.AddDays(parameters.Days - 1);
            await stderr.WriteLineAsync(previousEnd switch
            {
                null => $"Generating sample data ({parameters.Teams} teams, {parameters.Start:yyyy-MM-dd}..{lastDay:yyyy-MM-dd}, seed {parameters.Seed}) in {dir} ...",
                { } e when e == lastDay => $"Sample data in {dir} already ends yesterday ({lastDay:yyyy-MM-dd}); checking it is all imported ...",
                { } e => $"The sample data in {dir} ended {e:yyyy-MM-dd}: generating the year to yesterday ({parameters.Start:yyyy-MM-dd}..{lastDay:yyyy-MM-dd}); the stored sample will be replaced ...",
            });
            var configPath = SampleDataWriter.Write(dir, parameters);
            LiveSample.Record(dir, parameters);
            var config = ConfigLoader.Load(configPath);
            var stream = config.Streams[0];

            await using var db = await CommandSupport.OpenDatabaseAsync(config, ct);
            await stderr.WriteLineAsync($"Database: {db.SafeDescription}");
            var sources = config.Sources.Where(s => s.Csv is not null).Select(s => (s, s.Csv!)).ToList();
            if (previousEnd is { } ended && ended != lastDay)
            {
                var catalog = new SourceCatalog(db.DataSource);
                foreach (var (source, _) in sources)
                {
                    // The one deletion of a source's data (the same as `source remove` and `import --replace`).
                    var removed = await catalog.RemoveAsync(source.Name, ct);
                    await stderr.WriteLineAsync($"Replaced the stored '{source.Name}' sample ({removed?.Events ?? 0:N0} events ending {ended:yyyy-MM-dd}).");
                }
            }

            var imported = await ImportCommand.ImportAsync(config, db, sources, full: false, batchSize: 20_000, stderr, ct, parse.GetValue(replace));

            // The sample portfolio and its KPI readings feed the report's "Value" section.
            var portfolio = PortfolioYamlLoader.LoadFile(Path.Combine(dir, SampleDataWriter.PortfolioFileName));
            var (_, readings) = await KpiCommand.ImportReadingsAsync(portfolio, Path.Combine(dir, SampleDataWriter.KpiReadingsFileName), db.DataSource, ct);
            await stderr.WriteLineAsync($"Portfolio: {portfolio.Portfolio.Initiatives.Count} initiatives, {readings.Inserted} new KPI readings stored.");

            // One as-of for everything the demo shows: the end of the sample's last day (yesterday). The summary is read
            // off the report it writes, so the two always agree.
            var asOf = StreamCalendar.Of(stream.Definition).EndOfDay(lastDay);
            var report = await StreamReports.BuildAsync(config, stream, db.DataSource, lastDay, asOf, ct);
            var files = await ReportWriter.WriteAsync(report.Model, Path.Combine(dir, "report"), "report", ct);
            var printer = new Printer(stdout, parse.GetValue(format), Consoles.For(stdout));
            printer.Print(ImportCommand.SummaryTable(imported), SummaryTable(StreamSummary.Of(report, stream.Definition.Calendar)));
            await stdout.WriteLineAsync($"Report: {files.Html}");
            await stderr.WriteLineAsync($"Next: pmoflow serve --config {configPath}   (or pmoflow forecast when --config {configPath} --deadline +12w)");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The demo's summary as a two-column table.</summary>
    public static TableData SummaryTable(StreamSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? $"cannot forecast: {s.CannotForecast}";
        return new TableData("summary", ["figure", "value"],
        [
            ["stream", s.Stream],
            ["as_of", s.Today],
            ["week", s.PartialWeek ? $"{s.Week} (to date)" : s.Week],
            ["items", s.Items],
            ["done", s.Done],
            ["throughput_week", s.Throughput],
            ["cycle_time_p50_days", s.CycleTimeP50],
            ["cycle_time_p85_days", s.CycleTimeP85],
            ["wip", s.Wip],
            ["open_backlog", s.OpenBacklog],
            ["backlog_done_p50", Date(s.BacklogDoneP50)],
            ["backlog_done_p85", Date(s.BacklogDoneP85)],
            ["holidays_skipped", s.HolidaysSkipped.Count == 0 ? "none" : string.Join(", ", s.HolidaysSkipped)],
            ["forecast_calibration", s.Calibration ?? string.Empty],
        ]);
    }
}
