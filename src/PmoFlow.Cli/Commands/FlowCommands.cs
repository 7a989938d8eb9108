using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow items</c>, <c>metrics</c>, <c>waste</c> and <c>quality</c>.</summary>
internal static class FlowCommands
{
    public static IEnumerable<Command> Create(TextWriter stdout, TextWriter stderr)
    {
        yield return Build("items", "One row per item: key, type, title, created, start, done, cycle_time, lead_time, time_to_value, flow_efficiency, blocked_days, rework_moves, state, age (+ in-flight chances).",
            stdout, stderr, a => [InFlightOdds.ItemsTable(a)]);
        yield return Build("metrics", "Percentiles, throughput per day and week, WIP per day, CFD, arrivals and net flow, flow distribution, flow efficiency.",
            stdout, stderr, a =>
            [
                FlowTables.Percentiles(a), FlowTables.ThroughputDaily(a), FlowTables.ThroughputWeekly(a), FlowTables.WipDaily(a),
                FlowTables.Cfd(a), FlowTables.ArrivalsNetFlow(a), FlowTables.FlowDistribution(a), FlowTables.FlowEfficiencyByStage(a),
            ]);
        yield return Build("waste", "Waste per stage: waiting, blocked, rework, abandoned, ageing beyond the SLE, WIP over limits; and the value stream map.",
            stdout, stderr, a => [FlowTables.Waste(a), FlowTables.ValueStreamMap(a)]);
        yield return Build("quality", "Data-quality findings: unmapped statuses, events before creation, done without start, backward moves, duplicate timestamps, clock skew.",
            stdout, stderr, a => [FlowTables.DataQuality(a)]);
    }

    private static Command Build(string name, string description, TextWriter stdout, TextWriter stderr, Func<FlowAnalysis, IReadOnlyList<Table>> tables)
    {
        var args = new AnalysisArguments();
        var command = new Command(name, description);
        args.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var analysis = (await args.AnalyzeAsync(parse, stderr, ct)).Analysis;
            var printer = new Printer(stdout, parse.GetValue(args.Format), Consoles.For(stdout));
            printer.Print([.. tables(analysis).Select(AnalysisArguments.ToTableData)]);
            return ExitCodes.Ok;
        });
        return command;
    }
}
