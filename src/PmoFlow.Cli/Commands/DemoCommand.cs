using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Simulation;
using PmoFlow.Ingestion.Analysis;
using PmoFlow.Ingestion.Configuration;
using PmoFlow.Ingestion.Portfolio;
using PmoFlow.Ingestion.Samples;
using PmoFlow.Storage.Embedded;

namespace PmoFlow.Cli.Commands;

/// <summary>
/// <c>pmoflow demo</c>: the first thing a new user runs. Database (PmoFlow's own unless one is configured) →
/// sample data → import → summary → report file.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var folder = new Option<string?>("--out") { Description = "Folder for the sample data and the report (default: <PmoFlow home>/demo)." };
        var format = CliOptions.Format();
        var replace = new Option<bool>("--replace") { Description = "The source 'sample' holds another file's data: delete it and import the demo's." };
        var command = new Command("demo", "Generate sample data, import it, print a summary and write a report.") { folder, format, replace };
        command.SetAction(async (parse, ct) =>
        {
            var dir = Path.GetFullPath(parse.GetValue(folder) ?? Path.Combine(PmoFlowHome.Resolve(), "demo"));
            var parameters = new SimulationParameters();
            await stderr.WriteLineAsync($"Generating sample data ({parameters.Teams} teams, {parameters.Days} days, seed {parameters.Seed}) in {dir} ...");
            var configPath = SampleDataWriter.Write(dir, parameters);
            var config = ConfigLoader.Load(configPath);
            var stream = config.Streams[0];

            await using var db = await CommandSupport.OpenDatabaseAsync(config, ct);
            await stderr.WriteLineAsync($"Database: {db.SafeDescription}");
            var sources = config.Sources.Where(s => s.Csv is not null).Select(s => (s, s.Csv!)).ToList();
            var imported = await ImportCommand.ImportAsync(config, db, sources, full: false, batchSize: 20_000, stderr, ct, parse.GetValue(replace));

            // The sample portfolio and its KPI readings feed the report's "Value" section.
            var portfolio = PortfolioYamlLoader.LoadFile(Path.Combine(dir, SampleDataWriter.PortfolioFileName));
            var (_, readings) = await KpiCommand.ImportReadingsAsync(portfolio, Path.Combine(dir, SampleDataWriter.KpiReadingsFileName), db.DataSource, ct);
            await stderr.WriteLineAsync($"Portfolio: {portfolio.Portfolio.Initiatives.Count} initiatives, {readings.Inserted} new KPI readings stored.");

            // The sample data ends on its last simulated day: look at it as of the end of that day.
            var lastDay = parameters.Start.AddDays(parameters.Days - 1);
            var asOf = AnalysisArguments.ParseAsOf(lastDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), stream.Definition.TimeZone);
            var analysis = await StreamLoader.AnalyzeFromDatabaseAsync(db, config, stream, StreamLoader.Query(asOf, null, null, null), ct);
            var summary = Summarise(analysis, stream.Definition);

            var printer = new Printer(stdout, parse.GetValue(format), Consoles.For(stdout));
            printer.Print(ImportCommand.SummaryTable(imported), summary);
            // The report of the sample's last full week, as of the end of its last day.
            var files = await ReportCommand.WriteStreamReportAsync(config, stream.Definition.Name, db.DataSource, lastDay.AddDays(-7), Path.Combine(dir, "report"), asOf, ct);
            await stdout.WriteLineAsync($"Report: {files.Html}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The stream calendar's holidays the forecast skipped: after today, up to the P85 date.</summary>
    private static string HolidaysUntil(Core.Model.StreamDefinition stream, DateOnly today, DateOnly? until) =>
        until is not { } end
            ? string.Empty
            : string.Join(", ", stream.Calendar.Holidays.Where(h => h > today && h <= end).Order()
                .Select(h => h.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The demo's summary: items, throughput of the last 4 weeks, P50/P85 cycle time, WIP, and a "when" forecast for the open backlog.</summary>
    public static TableData Summarise(FlowAnalysis a, Core.Model.StreamDefinition stream)
    {
        var from = a.Today.AddDays(-27);
        var throughput4w = a.ThroughputDaily.Where(d => d.Date >= from && d.Date <= a.Today).Sum(d => d.Items);
        var p50 = a.CycleTime.Percentiles.FirstOrDefault(p => p.Percentile == 50)?.Value;
        var p85 = a.CycleTime.Percentiles.FirstOrDefault(p => p.Percentile == 85)?.Value;
        var wip = a.Items.Count(i => i.State == ItemState.InProgress);
        var backlog = ForecastCommand.OpenBacklog(a, null);
        var sample = ThroughputSampler.Sample(a.CompletionDates, a.Today, new SamplingOptions { Calendar = stream.Calendar });
        var when = Forecaster.When(sample, WhenRequest.Items(Math.Max(1, backlog)));
        string Date(double p) => when.Overall?.Percentiles.FirstOrDefault(x => x.Percentile == p)?.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            ?? $"cannot forecast: {when.Reason}";
        return new TableData("summary", ["figure", "value"],
        [
            ["stream", a.Stream],
            ["as_of", a.Today],
            ["items", a.Items.Count],
            ["done", a.Items.Count(i => i.State == ItemState.Done)],
            ["throughput_last_4_weeks", throughput4w],
            ["cycle_time_p50_days", p50],
            ["cycle_time_p85_days", p85],
            ["wip", wip],
            ["open_backlog", backlog],
            ["backlog_done_p50", Date(50)],
            ["backlog_done_p85", Date(85)],
            ["holidays_skipped", HolidaysUntil(stream, a.Today, when.Overall?.Percentiles.FirstOrDefault(x => x.Percentile == 85)?.Date)],
        ]);
    }
}
