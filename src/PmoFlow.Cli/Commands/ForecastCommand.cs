using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;
using PmoFlow.Storage.Forecasts;
using PmoFlow.Streams.Forecasting;
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
        public ForecastArguments() => Analysis = new AnalysisArguments { ExtraOverrides = ForecastInputOverrides, OldDataNote = false };

        public AnalysisArguments Analysis { get; }
        public Option<bool> ExcludeOutliers { get; } = new("--exclude-outliers") { Description = "Leave cycle-time outliers (Tukey's fences, 1.5 × IQR) out of the cold-start sample (-o excludeOutliers=true)." };
        public Option<string[]> ExcludeDates { get; } = new("--exclude-dates") { Description = "Leave these dates out of the throughput sample, yyyy-MM-dd..yyyy-MM-dd or one date; repeatable (holidays, incidents)." };
        public Option<int?> Trials { get; } = new("--trials") { Description = $"Monte Carlo trials (default {ForecastDefaults.Trials:N0}; up to 10,000,000 and more)." };
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
            c.Options.Add(ExcludeOutliers);
            c.Options.Add(ExcludeDates);
            c.Options.Add(Model);
            c.Options.Add(NoCalibration);
        }

        public ForecastSettings Settings(ParseResult parse)
        {
            if (parse.GetValue(Exact) && parse.GetValue(MonteCarlo))
            {
                throw new UsageException("choose one of --exact and --monte-carlo.");
            }

            return new ForecastSettings
            {
                Trials = parse.GetValue(Trials),
                Seed = parse.GetValue(Seed),
                Window = parse.GetValue(Window),
                Engine = parse.GetValue(Exact) ? ForecastEngine.Exact : parse.GetValue(MonteCarlo) ? ForecastEngine.MonteCarlo : ForecastEngine.Auto,
                Percentiles = parse.GetValue(Percentiles) is { } p ? FlowOptionNames.ParsePercentiles(p) : null,
                ExcludedDates = [.. (parse.GetValue(ExcludeDates) ?? []).Select(DateRange.Parse)], // added to the stream's own
                Model = parse.GetValue(Model) is { } m && !m.Equals("all", StringComparison.OrdinalIgnoreCase) ? m : null,
                Calibrate = !parse.GetValue(NoCalibration),
            };
        }

        private IEnumerable<string> ForecastInputOverrides(ParseResult parse)
        {
            if (parse.GetValue(ExcludeOutliers))
            {
                yield return "excludeOutliers=true";
            }
        }

        /// <summary>The stream's options with the command line's profile and -o overrides (forecastModel among them).</summary>
        public StreamDefinition WithOverrides(ParseResult parse, StreamDefinition stream) =>
            stream with { Options = FlowOptionNames.Resolve(stream.Options, parse.GetValue(Analysis.Profile), parse.GetValue(Analysis.Overrides)) };

        public ForecastOptions Options(ParseResult parse, StreamDefinition stream, IProgress<double>? progress) =>
            StreamForecasts.Options(stream, Settings(parse), progress);
    }

    private static Command When(TextWriter stdout, TextWriter stderr)
    {
        var args = new ForecastArguments();
        var items = new Option<int?>("--items", "-n") { Description = "How many items (default: the open backlog: items not done, abandoned or removed)." };
        var type = new Option<string?>("--type") { Description = "Forecast the open backlog of this work item type only, from that type's throughput." };
        var deadline = new Option<string?>("--deadline") { Description = "Also report P(done on or before this date): yyyy-MM-dd or relative to the as-of date (+12w, +30d)." };
        var whatIf = new Option<string[]>("--what-if") { Description = "A named variation, name:key=value,... (scopeFactor, scopeAdd, throughputFactor, wipLimit); repeatable." };
        var paths = new Option<int?>("--paths") { Description = $"Also print N sample trial paths (daily cumulative done; table paths: path, working_day, date, done), 1..{ForecastPaths.MaxPaths}." };
        var command = new Command("when", "When will N items be done? Dates at each percentile and the odds of meeting a deadline.") { items, type, deadline, whatIf, paths };
        args.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var run = await args.Analysis.AnalyzeAsync(parse, stderr, ct);
            var (a, stream) = (run.Analysis, args.WithOverrides(parse, run.Stream.Definition));
            var due = parse.GetValue(deadline) is { } d ? StreamCalendar.ParseDate(d, a.Today, "--deadline") : (DateOnly?)null;
            var settings = args.Settings(parse);
            var answer = await WithProgressAsync(stderr, parse.GetValue(args.Trials), progress =>
                StreamForecasts.When(a, stream, parse.GetValue(items), parse.GetValue(type), due, settings, progress, ct));
            if (answer is null)
            {
                throw new UsageException(parse.GetValue(type) is { } t
                    ? $"nothing to forecast: no open item of type '{t}' as of {a.Today:yyyy-MM-dd}; pass --items N."
                    : $"nothing to forecast: the open backlog is empty as of {a.Today:yyyy-MM-dd}; pass --items N.");
            }

            var forecast = answer.Forecast;
            var request = WhenRequest.Items(answer.Items, due);
            var scenarios = parse.GetValue(whatIf) ?? [];
            IReadOnlyList<ScenarioResult>? compared = scenarios.Length == 0
                ? null
                : WhatIf.Compare(answer.Sample, request, [.. scenarios.Select(ForecastFileLoader.ParseWhatIf)], StreamForecasts.Options(stream, settings), ct);
            await SaveAsync(args, parse, stream.Name, "when", a.Today, answer.Items, null, due, forecast.Inputs, forecast.Status.ToString(), forecast, ct);
            var basis = Basis(answer.Sample, forecast.Inputs, answer.Items, answer.IsOpenBacklog, answer.Type,
                Skipped(stream, a.Today, forecast.Overall?.Percentiles.Select(p => p.Date).DefaultIfEmpty().Max()));
            var trialPaths = parse.GetValue(paths) is { } np
                ? ForecastPaths.Sample(answer.Sample, answer.Items, np is >= 1 and <= ForecastPaths.MaxPaths ? np : throw new UsageException($"--paths {np}: give 1..{ForecastPaths.MaxPaths}."), forecast.Inputs.Seed)
                : null;
            TableData[] pathTable = trialPaths is null
                ? []
                : [new TableData("paths", ["path", "working_day", "date", "done"], [.. trialPaths.Select(p => (IReadOnlyList<object?>)[p.Path, p.WorkingDay, p.Date, p.Done])])];
            var old = OldData.Of(a, answer.Sample);
            return Print(stdout, stderr, parse.GetValue(args.Analysis.Format), parse.GetValue(args.Analysis.Wide), old, forecast.Status, forecast.Reason, forecast.Warnings,
                new { basis = basis.Json, oldData = OldJson(old), forecast, calibration = answer.Calibration, scenarios = compared, paths = trialPaths },
                [basis.Table, Table("when", ForecastTables.Percentiles(forecast)), .. Deadline(forecast), .. compared is null ? [] : new[] { Table("scenarios", ForecastTables.Scenarios(compared)) }, .. pathTable],
                answer.Calibration);
        });
        return command;
    }

    private static Command HowMany(TextWriter stdout, TextWriter stderr)
    {
        var args = new ForecastArguments();
        var by = new Option<string>("--by") { Description = "Count items done from tomorrow up to and including this date: yyyy-MM-dd or relative (+30d, +12w).", Required = true };
        var command = new Command("how-many", "How many items will be done by a date? The count reached at each confidence.") { by };
        args.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var run = await args.Analysis.AnalyzeAsync(parse, stderr, ct);
            var (a, stream) = (run.Analysis, args.WithOverrides(parse, run.Stream.Definition));
            var until = StreamCalendar.ParseDate(parse.GetValue(by)!, a.Today, "--by");
            var settings = args.Settings(parse);
            var sample = StreamForecasts.Sample(a, stream, settings);
            var (forecast, calibration) = await WithProgressAsync(stderr, parse.GetValue(args.Trials), progress =>
                StreamForecasts.HowManyCalibrated(a, stream, until, settings, progress, ct));
            await SaveAsync(args, parse, stream.Name, "how-many", a.Today, null, until, null, forecast.Inputs, forecast.Status.ToString(), forecast, ct);
            var basis = Basis(sample, forecast.Inputs, null, false, null, Skipped(stream, a.Today, until));
            var old = OldData.Of(a, sample);
            return Print(stdout, stderr, parse.GetValue(args.Analysis.Format), parse.GetValue(args.Analysis.Wide), old, forecast.Status, forecast.Reason, forecast.Warnings,
                new { basis = basis.Json, oldData = OldJson(old), forecast, calibration },
                [basis.Table, Table("how_many", ForecastTables.Percentiles(forecast))], calibration);
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
            var run = await args.Analysis.AnalyzeAsync(parse, stderr, ct);
            var (a, stream) = (run.Analysis, run.Stream);
            // Several features share throughput in the daily model only, unless a model is asked for by name.
            var settings = args.Settings(parse) is var given && given.Model is null ? given with { Model = ForecastModel.Daily.Name } : given;
            var sample = StreamForecasts.Sample(a, stream.Definition, settings);
            var forecast = await WithProgressAsync(stderr, parse.GetValue(args.Trials), progress =>
                Forecaster.When(sample, spec.Request, StreamForecasts.Options(stream.Definition, settings, progress), ct));
            IReadOnlyList<ScenarioResult>? compared = spec.Scenarios.Count == 0
                ? null
                : WhatIf.Compare(sample, spec.Request, spec.Scenarios, StreamForecasts.Options(stream.Definition, settings), ct);
            await SaveAsync(args, parse, stream.Definition.Name, "features", a.Today, spec.Request.Features.Sum(f => f.ScopeHigh), null, spec.Request.Deadline, forecast.Inputs, forecast.Status.ToString(), forecast, ct);
            var tables = new List<TableData> { Table("features", ForecastTables.Percentiles(forecast)) };
            tables.AddRange(Deadline(forecast));
            if (compared is not null)
            {
                tables.Add(Table("scenarios", ForecastTables.Scenarios(compared)));
            }

            var old = OldData.Of(a, sample);
            return Print(stdout, stderr, parse.GetValue(args.Analysis.Format), parse.GetValue(args.Analysis.Wide), old, forecast.Status, forecast.Reason, forecast.Warnings,
                new { oldData = OldJson(old), forecast, scenarios = compared }, [.. tables]);
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
            var run = await args.Analysis.AnalyzeAsync(parse, stderr, ct);
            var (a, stream) = (run.Analysis, args.WithOverrides(parse, run.Stream.Definition));
            var all = string.Equals(parse.GetValue(args.Model), "all", StringComparison.OrdinalIgnoreCase);
            var settings = args.Settings(parse);
            var models = all ? ForecastModel.All : [StreamForecasts.Model(stream, settings)];
            var history = CompletionHistory.FromDates(a.CompletionDates);
            var results = models.Select(m => Backtester.Run(history, new BacktestOptions
            {
                From = parse.GetValue(from),
                To = parse.GetValue(to),
                StepDays = parse.GetValue(step),
                HowManyDays = parse.GetValue(horizon),
                WhenItems = parse.GetValue(whenItems),
                DataEnd = a.Today,
                Sampling = StreamForecasts.Sampling(stream, settings),
                Forecast = StreamForecasts.Options(stream, settings) with { Model = m },
                Calibration = settings.Calibrate ? new CalibrationOptions() : null,
            }, ct)).ToList();
            var format = parse.GetValue(args.Analysis.Format);
            if (format == OutputFormat.Json)
            {
                stdout.WriteLine(JsonSerializer.Serialize(new { summary = results.Select(r => new { model = r.Options.Forecast.Model.Name, r.Summary, r.RawSummary, r.Skipped }) }, Printer.Json));
                return ExitCodes.Ok;
            }

            var reliability = Table("reliability", ForecastTables.Reliability(results));
            new Printer(stdout, format, Consoles.For(stdout)) { Wide = parse.GetValue(args.Analysis.Wide) }.Print(all ? [reliability] : [Table("backtest", ForecastTables.Backtest(results[0])), reliability]);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// What a forecast was computed from, shown in every format: items forecast (and whether that is the open backlog),
    /// the work item type, the sample window and its completions, engine, trials and seed.
    /// </summary>
    /// <summary>The stream calendar's holidays a forecast from <paramref name="today"/> steps over up to <paramref name="horizon"/>; null when the calendar has none.</summary>
    private static IReadOnlyList<Holiday>? Skipped(StreamDefinition stream, DateOnly today, DateOnly? horizon) =>
        stream.Calendar.Holidays.Count == 0 ? null : horizon is { } h && h > today ? stream.Calendar.HolidaysBetween(today, h) : [];

    private static (TableData Table, object Json) Basis(ThroughputSample sample, ForecastInputs inputs, int? items, bool openBacklog, string? type, IReadOnlyList<Holiday>? holidays)
    {
        var json = new
        {
            items,
            openBacklog,
            type,
            sampleFrom = sample.From,
            sampleTo = sample.To,
            completions = sample.Completions,
            sampleDays = sample.DailyCounts.Count,
            engine = inputs.Engine.ToString(),
            trials = inputs.Engine == ForecastEngine.Exact ? (int?)null : inputs.Trials,
            seed = inputs.Seed,
            holidaysSkipped = holidays?.Select(h => new { date = h.Date, name = h.Name }),
        };
        var rows = new List<IReadOnlyList<object?>>();
        if (items is { } n)
        {
            rows.Add(["items", openBacklog ? $"{n} (the open backlog{(type is null ? string.Empty : $" of type {type}")})" : n.ToString(CultureInfo.InvariantCulture)]);
        }

        rows.Add(["sample", sample.From is { } f && sample.To is { } t ? $"{f:yyyy-MM-dd}..{t:yyyy-MM-dd} ({sample.DailyCounts.Count} days)" : "empty"]);
        rows.Add(["completions", type is null ? sample.Completions : $"{sample.Completions} (type {type})"]);
        rows.Add(["engine", inputs.Engine == ForecastEngine.Exact ? "exact" : $"monte-carlo, {inputs.Trials:N0} trials"]);
        rows.Add(["seed", inputs.Seed]);
        if (holidays is not null)
        {
            rows.Add(["holidays_skipped", holidays.Count == 0 ? "none" : string.Join(", ", holidays)]);
        }

        return (new TableData("basis", ["basis", "value"], rows), json);
    }

    /// <summary>The old-data notice in JSON output: last completion, days ago and the message; null when the data is recent.</summary>
    private static object? OldJson(OldData? old) =>
        old is null ? null : new { lastCompletion = old.LastCompletion, daysAgo = old.DaysAgo, message = old.Message() };

    private static IEnumerable<TableData> Deadline(WhenForecast f) =>
        f.Deadline is { } d && f.Overall?.DeadlineProbability is { } p
            ? [new TableData("deadline", ["deadline", "probability"], [[d, Math.Round(p, 4)]])]
            : [];

    private static TableData Table(string name, ForecastTable t) =>
        new(name, t.Columns, [.. t.Rows.Select(r => (IReadOnlyList<object?>)[.. r.Select(v => (object?)v)])]);

    private static async Task<T> WithProgressAsync<T>(TextWriter stderr, int? trials, Func<IProgress<double>?, T> run)
    {
        if ((trials ?? ForecastDefaults.Trials) < 1_000_000)
        {
            return run(null);
        }

        T result = default!;
        await Consoles.For(stderr).Progress().StartAsync(ctx =>
        {
            var task = ctx.AddTask("Monte Carlo", maxValue: 1.0);
            result = run(new Progress<double>(v => task.Value = v));
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
            parse.GetValue(args.Window) ?? ForecastDefaults.WindowText, status,
            JsonSerializer.Serialize(inputs, Printer.Json), JsonSerializer.Serialize(result, Printer.Json)), ct);
    }

    private static int Print(
        TextWriter stdout, TextWriter stderr, OutputFormat format, bool wide, OldData? old, ForecastStatus status, string? reason,
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
            // Long cells (feature names, the basis' items) are cut to the terminal's width like the items table's, whole with --wide.
            new Printer(stdout, format, Consoles.For(stdout)) { Wide = wide }.Print(tables);
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
            stderr.WriteLine($"pmoflow: cannot forecast: {reason}" + (old is null ? string.Empty : $" The data is old: {old.Message()}."));
            return ExitCodes.CannotForecast;
        }

        if (old is not null)
        {
            stderr.WriteLine($"pmoflow: old data: {old.Message()}.");
        }

        return ExitCodes.Ok;
    }
}
