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
            stdout, stderr, (a, _) => [InFlightOdds.ItemsTable(a)]);
        var binDays = new Option<int>("--bin-days")
        {
            Description = "Width of the cycle_time_histogram bins in whole days (default 1: one bin per day from 0 to the largest cycle time).",
            DefaultValueFactory = _ => 1,
        };
        yield return Build("metrics", "Percentiles, cycle time histogram, throughput per day and week, WIP per day, CFD, arrivals and net flow, flow distribution, flow efficiency.",
            stdout, stderr, (a, parse) =>
            [
                FlowTables.Percentiles(a), FlowTables.CycleTimeHistogram(a, BinDays(parse.GetValue(binDays))), FlowTables.ThroughputDaily(a), FlowTables.ThroughputWeekly(a), FlowTables.WipDaily(a),
                FlowTables.Cfd(a), FlowTables.ArrivalsNetFlow(a), FlowTables.FlowDistribution(a), FlowTables.FlowEfficiencyByStage(a),
            ], binDays);
        yield return Build("waste", "Waste per stage: waiting, blocked, rework, abandoned, ageing beyond the SLE, WIP over limits; the value stream map; and the impediments (blocked spells).",
            stdout, stderr, (a, _) => [FlowTables.Waste(a), FlowTables.ValueStreamMap(a), FlowTables.Impediments(a)]);
        yield return Build("quality", "Data-quality findings: unmapped statuses, events before creation, done without start, backward moves, duplicate timestamps, clock skew.",
            stdout, stderr, (a, _) => [FlowTables.DataQuality(a)]);
    }

    private static int BinDays(int days) =>
        days >= 1 ? days : throw new UsageException($"--bin-days {days}: a histogram bin is a whole number of days, at least 1.");

    private static Command Build(
        string name, string description, TextWriter stdout, TextWriter stderr, Func<FlowAnalysis, ParseResult, IReadOnlyList<Table>> tables,
        params Option[] extra)
    {
        var args = new AnalysisArguments();
        var command = new Command(name, description);
        args.AddTo(command);
        foreach (var option in extra)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var analysis = (await args.AnalyzeAsync(parse, stderr, ct)).Analysis;
            var printer = new Printer(stdout, parse.GetValue(args.Format), Consoles.For(stdout));
            printer.Print([.. tables(analysis, parse).Select(AnalysisArguments.ToTableData)]);
            return ExitCodes.Ok;
        });
        return command;
    }
}
