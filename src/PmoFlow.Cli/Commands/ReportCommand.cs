using System.CommandLine;
using System.Globalization;
using Npgsql;
using PmoFlow.Ingestion.Configuration;
using PmoFlow.Reporting;
using PmoFlow.Reporting.Rendering;
using PmoFlow.Reporting.Streams;
using PmoFlow.Server.Data;

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
            Description = "The week to report on: any date in it (yyyy-MM-dd) or an ISO week (yyyy-Www). Default: the last full week.",
        };
        var output = new Option<string>("--out", "-o")
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
            Description = "Compute as of this instant (ISO 8601, e.g. 2024-02-05T08:00:00Z). Default: now.",
        };
        var pdf = new Option<bool>("--pdf")
        {
            Description = "Also print report.pdf (charts included) with headless chromium (/usr/bin/chromium, or $PMOFLOW_CHROMIUM).",
        };
        var command = new Command("report", "Write a value stream's weekly report: HTML with charts, Markdown, JSON and a CSV per table.")
        {
            config, stream, week, output, formats, asOf, pdf,
        };
        command.SetAction(async (parse, ct) =>
        {
            var cfg = CommandSupport.LoadConfig(parse.GetValue(config));
            var streamConfig = cfg.Stream(parse.GetValue(stream));
            var instant = ParseAsOf(parse.GetValue(asOf)) ?? DateTimeOffset.UtcNow;
            var day = ParseWeek(parse.GetValue(week), streamConfig, instant);
            var chosen = ParseFormats(parse.GetValue(formats));
            await using var db = await CommandSupport.OpenDatabaseAsync(cfg, ct);
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            var paths = await WriteAsync(cfg, streamConfig, db.DataSource, day, directory, parse.GetValue(pdf) ? chosen | ReportFormats.Html : chosen, instant, ct);
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

    /// <summary>
    /// Builds a stream's report for the week holding <paramref name="week"/> from the stored events and writes every
    /// format into <paramref name="outputDirectory"/> (the demo calls this).
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="streamName">The stream (null when the configuration has one).</param>
    /// <param name="dataSource">The database holding the events.</param>
    /// <param name="week">Any date of the week.</param>
    /// <param name="outputDirectory">The folder for report.html, report.md, report.json and the CSV files.</param>
    /// <param name="asOf">The instant to compute as of (default: now).</param>
    /// <param name="ct">Cancels the work.</param>
    public static async Task<ReportFiles> WriteStreamReportAsync(
        PmoFlowConfig config,
        string? streamName,
        NpgsqlDataSource dataSource,
        DateOnly week,
        string outputDirectory,
        DateTimeOffset? asOf = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var report = await StreamReports.BuildAsync(config, config.Stream(streamName), dataSource, week, asOf ?? DateTimeOffset.UtcNow, ct);
        return await ReportWriter.WriteAsync(report.Model, outputDirectory, "report", ct);
    }

    private static async Task<IReadOnlyList<string>> WriteAsync(
        PmoFlowConfig config, StreamConfig stream, NpgsqlDataSource dataSource, DateOnly week, string directory,
        ReportFormats formats, DateTimeOffset asOf, CancellationToken ct)
    {
        var report = await StreamReports.BuildAsync(config, stream, dataSource, week, asOf, ct);
        return await ReportWriter.WriteAsync(report.Model, directory, formats, "report", ct);
    }

    /// <summary>The day to report on: the one given, else a day of the last full week in the stream's zone.</summary>
    internal static DateOnly ParseWeek(string? text, StreamConfig stream, DateTimeOffset asOf)
    {
        if (text is null)
        {
            var today = ReportClock.LocalDate(asOf, stream.Definition.TimeZone);
            return ReportClock.PreviousWeek(ReportClock.WeekOf(today, stream.Definition.Options.WeekEndsOn), stream.Definition.Options.WeekEndsOn).To;
        }

        return ReportClock.TryParseWeek(text, out var day)
            ? day
            : throw new UsageException($"--week '{text}' is neither a date (yyyy-MM-dd) nor an ISO week (yyyy-Www).");
    }

    internal static DateTimeOffset? ParseAsOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : throw new UsageException($"--as-of '{text}' is not an ISO 8601 instant (e.g. 2024-02-05T08:00:00Z).");
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
