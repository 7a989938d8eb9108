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
        var table = new Option<string[]>("--table")
        {
            Description = $"Print only this table; repeatable: {string.Join(", ", MetricsTables)}.",
            HelpName = "name",
        };
        yield return Build("metrics", "Percentiles, throughput per day and week, WIP per day, CFD, arrivals and net flow, flow distribution, flow efficiency. The daily tables show the last 12 weeks unless --from/--to are given.",
            stdout, stderr, a =>
            [
                FlowTables.Percentiles(a), FlowTables.ThroughputDaily(a), FlowTables.ThroughputWeekly(a), FlowTables.WipDaily(a),
                FlowTables.Cfd(a), FlowTables.ArrivalsNetFlow(a), FlowTables.FlowDistribution(a), FlowTables.FlowEfficiencyByStage(a),
            ], table);
        yield return Build("waste", "Waste per stage: waiting, blocked, rework, abandoned, ageing beyond the SLE, WIP over limits; and the value stream map.",
            stdout, stderr, a => [FlowTables.Waste(a), FlowTables.ValueStreamMap(a)]);
        yield return Build("quality", "Data-quality findings: unmapped statuses, events before creation, done without start, backward moves, duplicate timestamps, clock skew.",
            stdout, stderr, a => [FlowTables.DataQuality(a)]);
    }

    /// <summary>The tables <c>pmoflow metrics</c> prints, in order; <c>--table</c> picks among them.</summary>
    public static IReadOnlyList<string> MetricsTables { get; } =
        ["percentiles", "throughput_daily", "throughput_weekly", "wip_daily", "cfd", "arrivals", "flow_distribution", "flow_efficiency"];

    private static Command Build(
        string name, string description, TextWriter stdout, TextWriter stderr, Func<FlowAnalysis, IReadOnlyList<Table>> tables, Option<string[]>? pick = null)
    {
        var args = new AnalysisArguments(itemsAlias: true);
        var command = new Command(name, description);
        args.AddTo(command);
        if (pick is not null)
        {
            command.Options.Add(pick);
        }

        command.SetAction(async (parse, ct) =>
        {
            var wanted = pick is null ? [] : parse.GetValue(pick) ?? [];
            foreach (var w in wanted.Where(w => !MetricsTables.Contains(w)))
            {
                throw new UsageException($"--table '{w}' is not one of {string.Join(", ", MetricsTables)}.");
            }

            var analysis = (await args.AnalyzeAsync(parse, stderr, ct)).Analysis;
            var chosen = tables(analysis).Where(t => wanted.Length == 0 || wanted.Contains(t.Name)).ToList();
            var format = parse.GetValue(args.Format);
            if (parse.GetValue(args.From) is null && parse.GetValue(args.To) is null && chosen.Any(t => DailyTableWindow.DailyTables.Contains(t.Name)))
            {
                var window = DailyTableWindow.Default(analysis);
                chosen = [.. chosen.Select(t => DailyTableWindow.Restrict(t, window))];
                if (format == OutputFormat.Table)
                {
                    await stderr.WriteLineAsync(
                        $"Daily tables: {window.From:yyyy-MM-dd} to {window.To:yyyy-MM-dd} (the last {DailyTableWindow.DefaultWeeks} weeks with data); --from/--to for another window.");
                }
            }

            var printer = new Printer(stdout, format, Consoles.For(stdout)) { Wide = parse.GetValue(args.Wide) };
            printer.Print([.. chosen.Select(AnalysisArguments.ToTableData)]);
            return ExitCodes.Ok;
        });
        return command;
    }
}
