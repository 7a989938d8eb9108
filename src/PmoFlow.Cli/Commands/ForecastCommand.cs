using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Forecasting;
using PmoFlow.Storage.Forecasts;
using Spectre.Console;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow forecast when|how-many|features|backtest</c>.</summary>
internal static class ForecastCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr) => new("forecast", "Monte Carlo and exact delivery forecasts from the stream's throughput.")
    {
        When(stdout, stderr),
        HowMany(stdout, stderr),
        Features(stdout, stderr),
        Backtest(stdout, stderr),
    };

    private sealed class ForecastArguments
    {
        public AnalysisArguments Analysis { get; } = new();
        public Option<int?> Trials { get; } = new("--trials") { Description = "Monte Carlo trials (default 10,000; up to 10,000,000 and more)." };
        public Option<ulong?> Seed { get; } = new("--seed") { Description = "Random seed: the same seed gives the same answer on any machine and thread count." };
        public Option<string?> Window { get; } = new("--window") { Description = "Throughput sample window: 90d (default), all, or yyyy-MM-dd..yyyy-MM-dd." };
        public Option<bool> Exact { get; } = new("--exact") { Description = "Use the exact convolution (plain backlog only)." };
        public Option<bool> MonteCarlo { get; } = new("--monte-carlo") { Description = "Use Monte Carlo even where the exact answer is possible." };
        public Option<string?> Percentiles { get; } = new("--percentiles") { Description = "Percentiles to report, e.g. 50,70,85,95." };
        public Option<bool> NoSave { get; } = new("--no-save") { Description = "Do not store this forecast run in the database." };
        public Option<string?> Model { get; } = new("--model") { Description = "Forecast model: daily, weekly, block:N, rate-mix (backtest also: all). Default: the stream's forecastModel, else " + ForecastModel.Recommended.Name + "." };
        public Option<bool> NoCalibration { get; } = new("--no-calibration") { Description = "Report the raw model's percentiles, without self-calibration on the stream's own past." };

        public void AddTo(Command c)
        {
            Analysis.AddTo(c);
            c.Options.Add(Trials);
            c.Options.Add(Seed);
            c.Options.Add(Window);
            c.Options.Add(Exact);
            c.Options.Add(MonteCarlo);
            c.Options.Add(Percentiles);
            c.Options.Add(NoSave);
            c.Options.Add(Model);
            c.Options.Add(NoCalibration);
        }

        /// <summary>The model: --model, else the stream's forecastModel option, else the recommended one.</summary>
        public ForecastModel ModelFor(ParseResult parse, StreamDefinition stream, string? spec = null)
        {
            spec ??= parse.GetValue(Model)
                ?? AnalysisArguments.ResolveOptions(stream.Options, parse.GetValue(Analysis.Profile), parse.GetValue(Analysis.Overrides)).ForecastModel;
            if (spec is null && parse.GetValue(Exact))
            {
                return ForecastModel.Daily; // --exact answers the daily bootstrap, the one model convolution can answer
            }

            try
            {
                return spec is null ? ForecastModel.Recommended : ForecastModel.Parse(spec);
            }
            catch (FormatException e)
            {
                throw new UsageException("--model: " + e.Message);
            }
        }

        public CalibrationOptions? Calibration(ParseResult parse) => parse.GetValue(NoCalibration) ? null : new CalibrationOptions();

        public ForecastOptions Options(ParseResult parse, StreamDefinition stream, IProgress<double>? progress)
        {
            if (parse.GetValue(Exact) && parse.GetValue(MonteCarlo))
            {
                throw new UsageException("choose one of --exact and --monte-carlo.");
            }

            var o = new ForecastOptions
            {
                Trials = parse.GetValue(Trials) ?? 10_000,
                Seed = parse.GetValue(Seed) ?? ForecastOptions.DefaultSeed,
                Engine = parse.GetValue(Exact) ? ForecastEngine.Exact : parse.GetValue(MonteCarlo) ? ForecastEngine.MonteCarlo : ForecastEngine.Auto,
                Percentiles = parse.GetValue(Percentiles) is { } p ? FlowOptionNames.ParsePercentiles(p) : stream.Options.Percentiles,
                Progress = progress,
                Model = parse.GetValue(Model) is "all" ? ForecastModel.Recommended : ModelFor(parse, stream),
            };
            return o;
        }

        public SamplingOptions Sampling(ParseResult parse, StreamDefinition stream)
        {
            var spec = parse.GetValue(Window) ?? "90d";
            return new SamplingOptions { Window = ParseWindow(spec, stream.Options.ThroughputAnchor), Calendar = stream.Calendar };
        }
    }

    private static Command When(TextWriter stdout, TextWriter stderr)
    {
        var args = new ForecastArguments();
        var items = new Option<int?>("--items", "-n") { Description = "How many items (default: the open backlog: items not done, abandoned or removed)." };
        var type = new Option<string?>("--type") { Description = "Count the open backlog of this work item type only." };
        var deadline = new Option<DateOnly?>("--deadline") { Description = "Also report P(done on or before this date)." };
        var whatIf = new Option<string[]>("--what-if") { Description = "A named variation, name:key=value,... (scopeFactor, scopeAdd, throughputFactor, wipLimit); repeatable." };
        var command = new Command("when", "When will N items be done? Dates at each percentile and the odds of meeting a deadline.") { items, type, deadline, whatIf };
        args.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var (a, _, stream, _) = await args.Analysis.AnalyzeAsync(parse, stderr, ct);
            var n = parse.GetValue(items) ?? OpenBacklog(a, parse.GetValue(type));
            if (n <= 0)
            {
                throw new UsageException("nothing to forecast: the open backlog is empty; pass --items N.");
            }

            var sample = ThroughputSampler.Sample(a.CompletionDates, a.Today, args.Sampling(parse, stream.Definition));
            var request = WhenRequest.Items(n, parse.GetValue(deadline));
            var sampling = args.Sampling(parse, stream.Definition);
            var calibrationOptions = args.Calibration(parse);
            ForecastCalibration? calibration = null;
            var forecast = await WithProgressAsync(stderr, args, parse, stream.Definition, o =>
            {
                if (calibrationOptions is null)
                {
                    return Forecaster.When(sample, request, o, ct);
                }

                (var f, calibration) = SelfCalibration.When(CompletionHistory.FromDates(a.CompletionDates), sample, request, sampling, o, calibrationOptions, ct);
                return f;
            });
            var scenarios = parse.GetValue(whatIf) ?? [];
            IReadOnlyList<ScenarioResult>? compared = scenarios.Length == 0
                ? null
                : WhatIf.Compare(sample, request, [.. scenarios.Select(ForecastFileLoader.ParseWhatIf)], args.Options(parse, stream.Definition, null), ct);
            await SaveAsync(args, parse, stream.Definition.Name, "when", a.Today, n, null, request.Deadline, forecast.Inputs, forecast.Status.ToString(), forecast, ct);
            return Print(stdout, stderr, parse.GetValue(args.Analysis.Format), forecast.Status, forecast.Reason, forecast.Warnings,
                new { forecast, calibration, scenarios = compared },
                [Table("when", ForecastTables.Percentiles(forecast)), .. Deadline(forecast), .. compared is null ? [] : new[] { Table("scenarios", ForecastTables.Scenarios(compared)) }],
                calibration);
        });
        return command;
    }

    private static Command HowMany(TextWriter stdout, TextWriter stderr)
    {
        var args = new ForecastArguments();
        var by = new Option<DateOnly>("--by") { Description = "Count items done from tomorrow up to and including this date.", Required = true };
        var command = new Command("how-many", "How many items will be done by a date? The count reached at each confidence.") { by };
        args.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var (a, _, stream, _) = await args.Analysis.AnalyzeAsync(parse, stderr, ct);
            var sampling = args.Sampling(parse, stream.Definition);
            var sample = ThroughputSampler.Sample(a.CompletionDates, a.Today, sampling);
            var calibrationOptions = args.Calibration(parse);
            ForecastCalibration? calibration = null;
            var forecast = await WithProgressAsync(stderr, args, parse, stream.Definition, o =>
            {
                if (calibrationOptions is null)
                {
                    return Forecaster.HowMany(sample, parse.GetValue(by), o, ct);
                }

                (var f, calibration) = SelfCalibration.HowMany(CompletionHistory.FromDates(a.CompletionDates), sample, parse.GetValue(by), sampling, o, calibrationOptions, ct);
                return f;
            });
            await SaveAsync(args, parse, stream.Definition.Name, "how-many", a.Today, null, parse.GetValue(by), null, forecast.Inputs, forecast.Status.ToString(), forecast, ct);
            return Print(stdout, stderr, parse.GetValue(args.Analysis.Format), forecast.Status, forecast.Reason, forecast.Warnings,
                calibration is null ? forecast : new { forecast, calibration },
                [Table("how_many", ForecastTables.Percentiles(forecast))], calibration);
        });
        return command;
    }

    private static Command Features(TextWriter stdout, TextWriter stderr)
    {
        var args = new ForecastArguments();
        var file = new Option<string>("--file") { Description = "features.yaml: features in priority order, wipLimit, deadline, scenarios.", Required = true };
        var command = new Command("features", "Several features in priority order sharing the team's throughput; each gets its own dates.") { file };
        args.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var spec = ForecastFileLoader.Load(Path.GetFullPath(parse.GetValue(file)!));
            var (a, _, stream, _) = await args.Analysis.AnalyzeAsync(parse, stderr, ct);
            var sample = ThroughputSampler.Sample(a.CompletionDates, a.Today, args.Sampling(parse, stream.Definition));
            // Several features share throughput in the daily model only, unless a model is asked for by name.
            var model = parse.GetValue(args.Model) is null ? ForecastModel.Daily : args.ModelFor(parse, stream.Definition);
            var forecast = await WithProgressAsync(stderr, args, parse, stream.Definition, o => Forecaster.When(sample, spec.Request, o with { Model = model }, ct));
            IReadOnlyList<ScenarioResult>? compared = spec.Scenarios.Count == 0
                ? null
                : WhatIf.Compare(sample, spec.Request, spec.Scenarios, args.Options(parse, stream.Definition, null) with { Model = model }, ct);
            await SaveAsync(args, parse, stream.Definition.Name, "features", a.Today, spec.Request.Features.Sum(f => f.ScopeHigh), null, spec.Request.Deadline, forecast.Inputs, forecast.Status.ToString(), forecast, ct);
            var tables = new List<TableData> { Table("features", ForecastTables.Percentiles(forecast)) };
            tables.AddRange(Deadline(forecast));
            if (compared is not null)
            {
                tables.Add(Table("scenarios", ForecastTables.Scenarios(compared)));
            }

            return Print(stdout, stderr, parse.GetValue(args.Analysis.Format), forecast.Status, forecast.Reason, forecast.Warnings,
                new { forecast, scenarios = compared }, [.. tables]);
        });
        return command;
    }

    private static Command Backtest(TextWriter stdout, TextWriter stderr)
    {
        var args = new ForecastArguments();
        var from = new Option<DateOnly>("--backtest-from") { Description = "First as-of date of the backtest.", Required = true };
        var to = new Option<DateOnly>("--backtest-to") { Description = "Last as-of date of the backtest.", Required = true };
        var step = new Option<int>("--step") { Description = "Days between as-of dates.", DefaultValueFactory = _ => 7 };
        var horizon = new Option<int>("--how-many-days") { Description = "Backtest \"how many in the next D days\".", DefaultValueFactory = _ => 14 };
        var whenItems = new Option<int>("--when-items") { Description = "Backtest \"when will the next N be done\".", DefaultValueFactory = _ => 10 };
        var command = new Command("backtest", "Re-run forecasts as of past dates with only the data known then and report each percentile's hit rate.")
        {
            from, to, step, horizon, whenItems,
        };
        args.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var (a, _, stream, _) = await args.Analysis.AnalyzeAsync(parse, stderr, ct);
            var all = string.Equals(parse.GetValue(args.Model), "all", StringComparison.OrdinalIgnoreCase);
            var models = all ? ForecastModel.All : [args.ModelFor(parse, stream.Definition)];
            var history = CompletionHistory.FromDates(a.CompletionDates);
            var results = models.Select(m => Backtester.Run(history, new BacktestOptions
            {
                From = parse.GetValue(from),
                To = parse.GetValue(to),
                StepDays = parse.GetValue(step),
                HowManyDays = parse.GetValue(horizon),
                WhenItems = parse.GetValue(whenItems),
                DataEnd = a.Today,
                Sampling = args.Sampling(parse, stream.Definition),
                Forecast = args.Options(parse, stream.Definition, null) with { Model = m },
                Calibration = args.Calibration(parse),
            }, ct)).ToList();
            var format = parse.GetValue(args.Analysis.Format);
            var reliability = Table("reliability", ForecastTables.Reliability(results));
            if (format == OutputFormat.Json)
            {
                stdout.WriteLine(JsonSerializer.Serialize(new { summary = results.Select(r => new { model = r.Options.Forecast.Model.Name, r.Summary, r.RawSummary, r.Skipped }) }, Printer.Json));
                return ExitCodes.Ok;
            }

            var tables = all ? [reliability] : new[] { Table("backtest", ForecastTables.Backtest(results[0])), reliability };
            new Printer(stdout, format, Consoles.For(stdout)).Print(tables);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Parses 90d, all, or from..to; "90d" follows the stream's throughput anchor.</summary>
    public static ThroughputWindow ParseWindow(string spec, ThroughputAnchor anchor)
    {
        if (spec.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return ThroughputWindow.AllHistory;
        }

        var range = spec.Split("..", 2);
        if (range.Length == 2
            && DateOnly.TryParseExact(range[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f)
            && DateOnly.TryParseExact(range[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return ThroughputWindow.Range(f, t);
        }

        if (spec.EndsWith('d') && int.TryParse(spec[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) && days > 0)
        {
            return anchor == ThroughputAnchor.LastCompletion ? ThroughputWindow.AnchoredAtLastCompletion(days) : ThroughputWindow.LastDays(days);
        }

        throw new UsageException($"--window '{spec}' must be like 90d, all, or 2025-01-01..2025-03-31.");
    }

    /// <summary>Items not done, abandoned or removed: the open backlog (optionally of one type).</summary>
    public static int OpenBacklog(FlowAnalysis a, string? type) =>
        a.Items.Count(i => i.State is ItemState.Backlog or ItemState.InProgress
            && (type is null || string.Equals(i.Type, type, StringComparison.OrdinalIgnoreCase)));

    private static IEnumerable<TableData> Deadline(WhenForecast f) =>
        f.Deadline is { } d && f.Overall?.DeadlineProbability is { } p
            ? [new TableData("deadline", ["deadline", "probability"], [[d, Math.Round(p, 4)]])]
            : [];

    private static TableData Table(string name, ForecastTable t) =>
        new(name, t.Columns, [.. t.Rows.Select(r => (IReadOnlyList<object?>)[.. r.Select(v => (object?)v)])]);

    private static async Task<T> WithProgressAsync<T>(TextWriter stderr, ForecastArguments args, ParseResult parse, StreamDefinition stream, Func<ForecastOptions, T> run)
    {
        var trials = parse.GetValue(args.Trials) ?? 10_000;
        if (trials < 1_000_000)
        {
            return run(args.Options(parse, stream, null));
        }

        T result = default!;
        await Consoles.For(stderr).Progress().StartAsync(ctx =>
        {
            var task = ctx.AddTask("Monte Carlo", maxValue: 1.0);
            result = run(args.Options(parse, stream, new Progress<double>(v => task.Value = v)));
            task.Value = 1.0;
            return Task.CompletedTask;
        });
        return result;
    }

    private static async Task SaveAsync(
        ForecastArguments args, ParseResult parse, string stream, string kind, DateOnly asOf, int? items, DateOnly? by, DateOnly? deadline,
        ForecastInputs inputs, string status, object result, CancellationToken ct)
    {
        // Runs on files (--events) have no database; runs asked not to be saved are not.
        if (parse.GetValue(args.NoSave) || parse.GetValue(args.Analysis.Events) is not null)
        {
            return;
        }

        var config = CommandSupport.LoadConfig(parse.GetValue(args.Analysis.Config));
        await using var db = await CommandSupport.OpenDatabaseAsync(config, ct);
        await new ForecastStore(db.DataSource).SaveAsync(new ForecastRunRecord(
            stream, kind, asOf, items, by, deadline, inputs.Seed, inputs.Trials, inputs.Engine.ToString(), inputs.Percentiles,
            parse.GetValue(args.Window) ?? "90d", status,
            JsonSerializer.Serialize(inputs, Printer.Json), JsonSerializer.Serialize(result, Printer.Json)), ct);
    }

    private static int Print(
        TextWriter stdout, TextWriter stderr, OutputFormat format, ForecastStatus status, string? reason,
        IReadOnlyList<ForecastWarning> warnings, object document, TableData[] tables, ForecastCalibration? calibration = null)
    {
        foreach (var w in warnings)
        {
            stderr.WriteLine($"warning: {w.Message}");
        }

        if (format == OutputFormat.Json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(document, Printer.Json));
        }
        else if (status != ForecastStatus.CannotForecast)
        {
            new Printer(stdout, format, Consoles.For(stdout)).Print(tables);
        }

        // The calibration line says what was done; on stdout beside a table, on stderr where stdout is data (CSV).
        if (calibration is not null && format != OutputFormat.Json)
        {
            var to = format == OutputFormat.Table ? stdout : stderr;
            foreach (var line in calibration.Lines)
            {
                to.WriteLine("calibration: " + line);
            }
        }

        if (status == ForecastStatus.CannotForecast)
        {
            stderr.WriteLine($"pmoflow: cannot forecast: {reason}");
            return ExitCodes.CannotForecast;
        }

        return ExitCodes.Ok;
    }
}
