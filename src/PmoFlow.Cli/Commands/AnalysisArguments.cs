using System.CommandLine;
using System.Globalization;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Analysis;
using PmoFlow.Ingestion.Configuration;

namespace PmoFlow.Cli.Commands;

/// <summary>
/// The options every analysis command shares (<c>items</c>, <c>metrics</c>, <c>waste</c>, <c>quality</c>, <c>forecast</c>),
/// and how they turn into a <see cref="FlowAnalysis"/> from the database or straight from files.
/// </summary>
internal sealed class AnalysisArguments
{
    /// <summary>The shared options; <paramref name="itemsAlias"/> also accepts <c>--items F</c> for the items file
    /// (not on <c>forecast</c>, where <c>-n/--items N</c> is the count).</summary>
    public AnalysisArguments(bool itemsAlias = false)
    {
        Items = itemsAlias ? new("--items-file", "--items") : new("--items-file");
        Items.Description = "Items CSV to go with --events.";
    }

    public Option<string?> Config { get; } = CliOptions.Config();
    public Option<string?> Stream { get; } = CliOptions.Stream();
    public Option<OutputFormat> Format { get; } = CliOptions.Format();
    public Option<string?> Profile { get; } = CliOptions.Profile();
    public Option<string[]> Overrides { get; } = CliOptions.FlowOption();
    public Option<string?> Events { get; } = new("--events") { Description = "Analyse this canonical (or mapped) events CSV directly, without the database." };
    public Option<string?> Items { get; }
    public Option<string?> AsOf { get; } = new("--as-of") { Description = "Analyse as of this date (end of that local day) or ISO instant; default now." };
    public Option<DateOnly?> From { get; } = new("--from") { Description = "First local date of the window (inclusive)." };
    public Option<DateOnly?> To { get; } = new("--to") { Description = "Last local date of the window (inclusive)." };
    public Option<bool> Wide { get; } = new("--wide") { Description = "Tables: print every cell in full (default: long titles are cut to the terminal's width)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Stream);
        command.Options.Add(Format);
        command.Options.Add(Profile);
        command.Options.Add(Overrides);
        command.Options.Add(Events);
        command.Options.Add(Items);
        command.Options.Add(AsOf);
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(Wide);
    }

    /// <summary>Loads the stream's data and analyses it with the chosen conventions.</summary>
    public async Task<(FlowAnalysis Analysis, PmoFlowConfig Config, StreamConfig Stream, TimeProviderResult Now)> AnalyzeAsync(
        ParseResult parse, TextWriter stderr, CancellationToken ct)
    {
        var config = CommandSupport.LoadConfig(parse.GetValue(Config));
        var stream = config.Stream(parse.GetValue(Stream));
        var options = ResolveOptions(stream.Definition.Options, parse.GetValue(Profile), parse.GetValue(Overrides));
        var asOf = ParseAsOf(parse.GetValue(AsOf), stream.Definition.TimeZone);
        var query = StreamLoader.Query(asOf, parse.GetValue(From), parse.GetValue(To), options);
        FlowAnalysis analysis;
        if (parse.GetValue(Events) is { } eventsPath)
        {
            var (items, events, rejected) = StreamLoader.LoadFromFiles(config, stream, Path.GetFullPath(eventsPath), parse.GetValue(Items) is { } i ? Path.GetFullPath(i) : null);
            foreach (var r in rejected.Take(20))
            {
                await stderr.WriteLineAsync($"pmoflow: skipped {r.Location}: {r.Reason}");
            }

            if (rejected.Count > 20)
            {
                await stderr.WriteLineAsync($"pmoflow: ... and {rejected.Count - 20} more rows that could not be read.");
            }

            analysis = FlowAnalyzer.Analyze(stream.Definition, items, events, query);
        }
        else
        {
            await using var db = await CommandSupport.OpenDatabaseAsync(config, ct);
            analysis = await StreamLoader.AnalyzeFromDatabaseAsync(db, config, stream, query, ct);
        }

        return (analysis, config, stream, new TimeProviderResult(asOf));
    }

    public static FlowOptions ResolveOptions(FlowOptions streamOptions, string? profile, string[]? overrides)
    {
        var options = profile is null ? streamOptions : FlowOptions.Profile(profile);
        foreach (var o in overrides ?? [])
        {
            var eq = o.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--option '{o}' must be key=value, e.g. dayCount=exclusive.");
            }

            options = FlowOptionNames.Apply(options, o[..eq].Trim(), o[(eq + 1)..]);
        }

        return options;
    }

    /// <summary>A date means the end of that local day in the stream's zone; an instant is taken as given.</summary>
    public static DateTimeOffset ParseAsOf(string? text, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DateTimeOffset.UtcNow;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var nextMidnight = date.AddDays(1).ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(nextMidnight, zone.GetUtcOffset(nextMidnight)).AddTicks(-1).ToUniversalTime();
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.ToUniversalTime()
            : throw new UsageException($"--as-of '{text}' is neither a date (yyyy-MM-dd) nor an ISO 8601 instant.");
    }

    public static TableData ToTableData(Table t) => new(t.Name, t.Columns, t.Rows);
}

/// <summary>The as-of instant an analysis used.</summary>
internal sealed record TimeProviderResult(DateTimeOffset AsOf);
