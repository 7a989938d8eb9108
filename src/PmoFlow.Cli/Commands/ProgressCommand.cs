using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Flow;
using PmoFlow.Streams.Analysis;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow progress</c>: per parent (epic, feature) the children raised, in backlog, in progress, done, first started, last finished.</summary>
internal static class ProgressCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var args = new AnalysisArguments();
        var command = new Command("progress", "Progress per parent (epic / feature): raised, backlog, in_progress, done, removed, first_started, last_finished.");
        args.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var rows = StreamHistories.Progress(await args.LoadHistoriesAsync(parse, stderr, ct));
            new Printer(stdout, parse.GetValue(args.Format), Consoles.For(stdout)).Print(AnalysisArguments.ToTableData(ParentProgress.ToTable(rows)));
            return ExitCodes.Ok;
        });
        return command;
    }
}
