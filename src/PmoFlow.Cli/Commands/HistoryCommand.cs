using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Flow;
using PmoFlow.Streams.Analysis;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow history [--item KEY]</c>: every stage and raw status each item entered, with times (the "time in status" view).</summary>
internal static class HistoryCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var args = new AnalysisArguments();
        var item = new Option<string?>("--item") { Description = "Only this item's key (case-insensitive)." };
        var command = new Command("history", "Stage histories: per item every stage and status entered, entered/left instants, days spent, is_current, is_first.");
        args.AddTo(command);
        command.Options.Add(item);
        command.SetAction(async (parse, ct) =>
        {
            var stays = StreamHistories.Stays(await args.LoadHistoriesAsync(parse, stderr, ct), parse.GetValue(item));
            new Printer(stdout, parse.GetValue(args.Format), Consoles.For(stdout)).Print(AnalysisArguments.ToTableData(StageHistory.ToTable(stays)));
            return ExitCodes.Ok;
        });
        return command;
    }
}
