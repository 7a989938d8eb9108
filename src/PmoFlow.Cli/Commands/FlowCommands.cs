using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow items</c>, <c>metrics</c>, <c>waste</c> and <c>quality</c>.</summary>
internal static class FlowCommands
{
    /// <summary>The tables <c>pmoflow metrics</c> prints, in order; <c>--table</c> picks among them.</summary>
    public static IReadOnlyList<string> MetricsTables { get; } =
        ["percentiles", "cycle_time_histogram", "throughput_daily", "throughput_weekly", "wip_daily", "cfd", "arrivals", "flow_distribution", "flow_efficiency"];

    public static IEnumerable<Command> Create(TextWriter stdout, TextWriter stderr)
    {
        yield return Build("items", "One row per item: key, type, title, created, start, done, cycle_time, lead_time, time_to_value, flow_efficiency, blocked_days, rework_moves, state, age (+ in-flight chances).",
            stdout, stderr, (a, _) => [InFlightOdds.ItemsTable(a)]);
        var table = new Option<string[]>("--table")
        {
            Description = $"Print only this table; repeatable: {string.Join(", ", MetricsTables)}.",
            HelpName = "name",
        };
        var binDays = new Option<int?>("--bin-days")
        {
            Description = "Width of the cycle_time_histogram bins in whole days, every bin from 0 to the largest cycle time (default: the report chart's bins, at most 100 bars and a long tail in one last bar N+).",
        };
        yield return Build("metrics", "Percentiles, cycle time histogram, throughput per day and week, WIP per day, CFD, arrivals and net flow, flow distribution, flow efficiency. The daily tables show the last 12 weeks unless --from/--to are given.",
            stdout, stderr, (a, parse) =>
            [
                FlowTables.Percentiles(a), FlowTables.CycleTimeHistogram(a, BinDays(parse.GetValue(binDays))), FlowTables.ThroughputDaily(a), FlowTables.ThroughputWeekly(a), FlowTables.WipDaily(a),
                FlowTables.Cfd(a), FlowTables.ArrivalsNetFlow(a), FlowTables.FlowDistribution(a), FlowTables.FlowEfficiencyByStage(a),
            ], table, binDays);
        yield return Build("waste", "Waste per stage: waiting, blocked, rework, abandoned, ageing beyond the SLE, WIP over limits; the value stream map; and the impediments (blocked spells).",
            stdout, stderr, (a, _) => [FlowTables.Waste(a), FlowTables.ValueStreamMap(a), FlowTables.Impediments(a)]);
        yield return Build("quality", "Data-quality findings: unmapped statuses, events before creation, done without start, backward moves, duplicate timestamps, clock skew.",
            stdout, stderr, (a, _) => [FlowTables.DataQuality(a)]);
    }

    private static int? BinDays(int? days) =>
        days is null or >= 1 ? days : throw new UsageException($"--bin-days {days}: a histogram bin is a whole number of days, at least 1.");

    private static Command Build(
        string name, string description, TextWriter stdout, TextWriter stderr, Func<FlowAnalysis, ParseResult, IReadOnlyList<Table>> tables,
        Option<string[]>? pick = null, params Option[] extra)
    {
        var args = new AnalysisArguments(itemsAlias: true);
        var command = new Command(name, description);
        args.AddTo(command);
        if (pick is not null)
        {
            command.Options.Add(pick);
        }

        foreach (var option in extra)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var wanted = pick is null ? [] : parse.GetValue(pick) ?? [];
            foreach (var w in wanted.Where(w => !MetricsTables.Contains(w)))
            {
                throw new UsageException($"--table '{w}' is not one of {string.Join(", ", MetricsTables)}.");
            }

            var analysis = (await args.AnalyzeAsync(parse, stderr, ct)).Analysis;
            var chosen = tables(analysis, parse).Where(t => wanted.Length == 0 || wanted.Contains(t.Name)).ToList();
            var format = parse.GetValue(args.Format);
            if (parse.GetValue(args.From) is null && parse.GetValue(args.To) is null && chosen.Any(t => DailyTableWindow.DailyTables.Contains(t.Name)))
            {
                var window = DailyTableWindow.Default(analysis);
                // The CFD is shaped from the first day shown (cfdStart: window counts from there, CfdView), the others cut.
                chosen = [.. chosen.Select(t => DailyTableWindow.Restrict(t.Name == "cfd" ? FlowTables.Cfd(analysis, window.From) : t, window))];
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
