using System.CommandLine;
using PmoFlow.Streams.Configuration;
using PmoFlow.Reporting;
using PmoFlow.Reporting.Rendering;
using PmoFlow.Reporting.Model;
using PmoFlow.Streams.Dashboards;
using PmoFlow.Streams.Reports;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow report --stream S --week D --out DIR</c>: writes a stream's weekly report files.</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter stdout)
    {
        var config = CliOptions.Config();
        var stream = CliOptions.Stream();
        var week = new Option<string>("--week", "-w")
        {
            Description = "The week to report on: last (the last complete week), this, a date in it (yyyy-MM-dd, -1w) or an ISO week (yyyy-Www). Default: the last complete week that has data.",
        };
        var output = new Option<string>("--out")
        {
            Description = "Folder to write the report files into (created if missing).",
            Required = true,
        };
        var formats = new Option<string[]>("--format", "-f")
        {
            Description = "Files to write: all (default), html, md, json, csv; repeat or separate with commas.",
            AllowMultipleArgumentsPerToken = true,
        };
        var asOf = new Option<string?>("--as-of")
        {
            Description = "Compute as of this date (end of that local day: yyyy-MM-dd, yesterday, -1w) or ISO 8601 instant. Default: now.",
        };
        var pdf = new Option<bool>("--pdf")
        {
            Description = "Also print report.pdf (charts included) with headless chromium (/usr/bin/chromium, or $PMOFLOW_CHROMIUM).",
        };
        var dashboard = new Option<string?>("--dashboard")
        {
            Description = "Render from this saved dashboard (its panels, in its order) instead of the default sections (see `pmoflow dashboard list`).",
        };
        var keyFile = DashboardCommand.KeyFile();
        var command = new Command("report", "Write a value stream's weekly report: HTML with charts, Markdown, JSON and a CSV per table.")
        {
            config, stream, week, output, formats, asOf, pdf, dashboard, keyFile,
        };
        command.SetAction(async (parse, ct) =>
        {
            var cfg = CommandSupport.LoadConfig(parse.GetValue(config));
            var streamConfig = cfg.Stream(parse.GetValue(stream));
            var chosen = ParseFormats(parse.GetValue(formats));
            await using var db = await CommandSupport.OpenDatabaseAsync(cfg, ct);
            var now = CommandSupport.Clock.GetUtcNow();
            ReportModel report;
            if (parse.GetValue(dashboard) is { } name)
            {
                var saved = await new DashboardLibrary(db.DataSource).FindAsync(name, DashboardCommand.Key(parse.GetValue(keyFile)), ct)
                    ?? throw new UsageException($"no dashboard is named '{name}'; `pmoflow dashboard list` shows the saved ones.");
                report = await DashboardReports.BuildAsync(
                    cfg, streamConfig, saved.Dashboard, parse.GetValue(week), parse.GetValue(asOf), now, new StoredDashboardData(cfg, db.DataSource), ct);
            }
            else
            {
                report = (await StreamReports.BuildAsync(cfg, streamConfig, db.DataSource, parse.GetValue(week), parse.GetValue(asOf), now, ct)).Model;
            }

            var directory = Path.GetFullPath(parse.GetValue(output)!);
            IReadOnlyList<string> paths = [.. await ReportWriter.WriteAsync(report, directory, parse.GetValue(pdf) ? chosen | ReportFormats.Html : chosen, "report", ct)];
            if (parse.GetValue(pdf))
            {
                var html = paths.First(p => p.EndsWith(".html", StringComparison.Ordinal));
                var pdfPath = Path.Combine(directory, "report.pdf");
                try
                {
                    await ChromiumPdf.PrintAsync(html, pdfPath, null, ct);
                }
                catch (InvalidOperationException ex)
                {
                    throw new UsageException(ex.Message);
                }

                paths = !chosen.HasFlag(ReportFormats.Html) ? [.. paths.Where(p => p != html), pdfPath] : [.. paths, pdfPath];
                if (!chosen.HasFlag(ReportFormats.Html))
                {
                    File.Delete(html);
                }
            }

            foreach (var path in paths)
            {
                await stdout.WriteLineAsync(path);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal static ReportFormats ParseFormats(string[]? values)
    {
        var result = ReportFormats.None;
        foreach (var token in (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            result |= token.ToLowerInvariant() switch
            {
                "all" => ReportFormats.All,
                "html" => ReportFormats.Html,
                "md" or "markdown" => ReportFormats.Markdown,
                "json" => ReportFormats.Json,
                "csv" => ReportFormats.Csv,
                _ => throw new UsageException($"--format '{token}' is not one of all, html, md, json, csv."),
            };
        }

        return result == ReportFormats.None ? ReportFormats.All : result;
    }
}
