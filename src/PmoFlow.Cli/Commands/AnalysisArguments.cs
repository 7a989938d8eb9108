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
    public Option<string?> Config { get; } = CliOptions.Config();
    public Option<string?> Stream { get; } = CliOptions.Stream();
    public Option<OutputFormat> Format { get; } = CliOptions.Format();
    public Option<string?> Profile { get; } = CliOptions.Profile();
    public Option<string[]> Overrides { get; } = CliOptions.FlowOption();
    public Option<string?> Events { get; } = new("--events") { Description = "Analyse this canonical (or mapped) events CSV directly, without the database." };
    public Option<string?> Items { get; } = new("--items") { Description = "Items CSV to go with --events." };
    public Option<string?> AsOf { get; } = new("--as-of") { Description = "Analyse as of this date (end of that local day: yyyy-MM-dd, yesterday, -1w) or ISO instant; default now." };
    public Option<string?> From { get; } = new("--from") { Description = "First local date of the window (inclusive): yyyy-MM-dd or relative to the as-of date (-12w)." };
    public Option<string?> To { get; } = new("--to") { Description = "Last local date of the window (inclusive): yyyy-MM-dd or relative (-1d); default the as-of date." };

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
    }

    /// <summary>The request these options describe (the application layer resolves and loads it).</summary>
    public AnalysisRequest Request(ParseResult parse) => new()
    {
        Stream = parse.GetValue(Stream),
        Profile = parse.GetValue(Profile),
        Overrides = parse.GetValue(Overrides) ?? [],
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
            config, Request(parse), DateTimeOffset.UtcNow, c => CommandSupport.OpenDatabaseAsync(config, c), ct);
        foreach (var r in result.Rejected.Take(20))
        {
            await stderr.WriteLineAsync($"pmoflow: skipped {r.Location}: {r.Reason}");
        }

        if (result.Rejected.Count > 20)
        {
            await stderr.WriteLineAsync($"pmoflow: ... and {result.Rejected.Count - 20} more rows that could not be read.");
        }

        return result;
    }

    public static TableData ToTableData(Table t) => new(t.Name, t.Columns, t.Rows);
}
