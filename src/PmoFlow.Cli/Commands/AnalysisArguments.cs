using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Streams.Analysis;
using PmoFlow.Streams.Configuration;

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
    public Option<string?> AsOf { get; } = new("--as-of") { Description = "Analyse as of this date (end of that local day: yyyy-MM-dd, yesterday, -1w) or ISO instant; default now." };
    public Option<string?> From { get; } = new("--from") { Description = "First local date of the window (inclusive): yyyy-MM-dd or relative to the as-of date (-12w)." };
    public Option<string?> To { get; } = new("--to") { Description = "Last local date of the window (inclusive): yyyy-MM-dd or relative (-1d); default the as-of date." };
    public Option<bool> Wide { get; } = new("--wide") { Description = "Tables: print every cell in full (default: long titles are cut to the terminal's width)." };

    /// <summary>Whether <see cref="AnalyzeAsync"/> notes old data on stderr (<see cref="OldData"/>); forecasts say it in their own message.</summary>
    public bool OldDataNote { get; init; } = true;

    /// <summary>Switches a command adds from its own flags (e.g. <c>--exclude-outliers</c>), applied after <c>--option</c>.</summary>
    public Func<ParseResult, IEnumerable<string>>? ExtraOverrides { get; init; }

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

    /// <summary>The request these options describe (the application layer resolves and loads it).</summary>
    public AnalysisRequest Request(ParseResult parse) => new()
    {
        Stream = parse.GetValue(Stream),
        Profile = parse.GetValue(Profile),
        Overrides = [.. parse.GetValue(Overrides) ?? [], .. ExtraOverrides?.Invoke(parse) ?? []],
        AsOf = parse.GetValue(AsOf),
        From = parse.GetValue(From),
        To = parse.GetValue(To),
        EventsFile = parse.GetValue(Events),
        ItemsFile = parse.GetValue(Items),
    };

    /// <summary>Loads the stream's data and analyses it with the chosen conventions; rows that could not be read go to stderr.</summary>
    public async Task<StreamAnalysis> AnalyzeAsync(ParseResult parse, TextWriter stderr, CancellationToken ct)
    {
        var config = CommandSupport.LoadConfig(parse.GetValue(Config));
        var result = await StreamAnalyses.AnalyzeAsync(
            config, Request(parse), CommandSupport.Clock.GetUtcNow(), c => CommandSupport.OpenDatabaseAsync(config, c), ct);
        await ReportRejectedAsync(result.Rejected, stderr);
        if (OldDataNote && OldData.Of(result.Analysis) is { } old)
        {
            await stderr.WriteLineAsync($"pmoflow: old data: {old.Message()}.");
        }

        return result;
    }

    /// <summary>Loads the stream's item histories (files or database) for <c>history</c> and <c>progress</c>; unreadable rows go to stderr.</summary>
    public async Task<StreamHistoryLoad> LoadHistoriesAsync(ParseResult parse, TextWriter stderr, CancellationToken ct)
    {
        var config = CommandSupport.LoadConfig(parse.GetValue(Config));
        var load = await StreamHistories.LoadAsync(
            config, Request(parse), CommandSupport.Clock.GetUtcNow(), c => CommandSupport.OpenDatabaseAsync(config, c), ct);
        await ReportRejectedAsync(load.Rejected, stderr);
        return load;
    }

    private static async Task ReportRejectedAsync(IReadOnlyList<PmoFlow.Core.Events.QuarantineRecord> rejected, TextWriter stderr)
    {
        foreach (var r in rejected.Take(20))
        {
            await stderr.WriteLineAsync($"pmoflow: skipped {r.Location}: {r.Reason}");
        }

        if (rejected.Count > 20)
        {
            await stderr.WriteLineAsync($"pmoflow: ... and {rejected.Count - 20} more rows that could not be read.");
        }
    }

    public static TableData ToTableData(Table t) => new(t.Name, t.Columns, t.Rows);
}
