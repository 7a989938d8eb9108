using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Logging;
using PmoFlow.Cli.Commands;
using PmoFlow.Ingestion.Csv;
using PmoFlow.Jobs.Hosting;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Ingest;

namespace PmoFlow.Cli;

/// <summary>The <c>pmoflow</c> command: a composition root of parsing and wiring only.</summary>
public static class Program
{
    /// <summary>How long a cancelled command may take to stop before the process exits anyway.</summary>
    public static TimeSpan ShutdownTimeout { get; } = TimeSpan.FromSeconds(30);

    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given writers (tests call this in-process).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot(stdout, stderr, args);
        var logLevel = new Option<LogLevel?>("--log-level")
        {
            Description = "Log level: trace, debug, information, warning, error, critical or none (default: information for serve and worker, else warning). Logs go to stderr.",
            Recursive = true,
            HelpName = "level",
            CustomParser = ParseLogLevel,
        };
        var logFormat = new Option<string?>("--log-format")
        {
            Description = $"Log format: text or json (one JSON object a line); default ${PmoFlowLogging.FormatVariable}, else text.",
            Recursive = true,
        };
        root.Options.Add(logLevel);
        root.Options.Add(logFormat);
        var parse = root.Parse(args);
        var command = parse.CommandResult.Command.Name;
        // With parse errors nothing runs (they are printed below): the defaults do.
        var level = (parse.Errors.Count == 0 ? parse.GetValue(logLevel) : null) ?? (command is "serve" or "worker" ? LogLevel.Information : LogLevel.Warning);
        using var logging = new CliLogging(stderr, level, parse.Errors.Count == 0 ? parse.GetValue(logFormat) : null).Enter();
        try
        {
            if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
            {
                return await UsageErrorsAsync(parse, stderr);
            }

            // On Ctrl+C/SIGTERM the command's token is cancelled and the command is given time to stop in order
            // (serve: web server and scheduler first, then the database) instead of System.CommandLine's 2 seconds,
            // after which the process would exit under a still-running scheduler.
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = ShutdownTimeout,
            });
        }
        catch (Exception ex)
        {
            var (code, message) = Describe(ex);
            await stderr.WriteLineAsync($"pmoflow: {PmoFlow.Core.Security.Redactor.Redact(message)}");
            return code;
        }
    }

    // The level names are PmoFlowLogging's (the worker's too); its assembly loads only when the option is given.
    private static LogLevel? ParseLogLevel(System.CommandLine.Parsing.ArgumentResult result)
    {
        try
        {
            return PmoFlowLogging.ParseLevel(result.Tokens[0].Value);
        }
        catch (ArgumentException ex)
        {
            result.AddError(ex.Message);
            return null;
        }
    }

    /// <summary>Maps an exception to an exit code and a message without a stack trace for known errors.</summary>
    /// <remarks>Messages are for people: no .NET type names, no "(Parameter 'x')" suffix.</remarks>
    public static (int Code, string Message) Describe(Exception ex) => ex switch
    {
        ArgumentException { ParamName: { } name } => (ExitCodes.Usage, ex.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)),
        UsageException or ConfigException or ArgumentException => (ExitCodes.Usage, ex.Message),
        CsvFormatException => (ExitCodes.BadInput, ex.Message),
        SourceConflictException => (ExitCodes.Usage, ex.Message),
        OperationCanceledException => (ExitCodes.Cancelled, "cancelled."),
        AggregateException { InnerExceptions.Count: 1 } agg => Describe(agg.InnerExceptions[0]),
        _ when PmoFlow.Storage.Database.DatabaseFailures.IsUnavailable(ex) => (ExitCodes.Database, ex.Message),
        _ => (ExitCodes.Failure, $"unexpected failure: {ex.Message}"),
    };

    /// <summary>
    /// Every subcommand by name with the factory that builds it. Only the command a run names is built (and so only
    /// the assemblies it uses are loaded: a file-mode <c>items</c> never touches ASP.NET, Quartz or Npgsql); help,
    /// completion and unknown words build them all.
    /// </summary>
    private static readonly (string Name, Func<TextWriter, TextWriter, IEnumerable<Command>> Create)[] Subcommands =
    [
        ("demo", (o, e) => [DemoCommand.Create(o, e)]),
        ("init", (o, _) => [InitCommand.Create(o)]),
        ("sample", (o, _) => [SampleCommand.Create(o)]),
        ("db", (o, _) => [DbCommand.Create(o)]),
        ("import", (o, e) => [ImportCommand.Create(o, e)]),
        ("ingest", (o, e) => [IngestCommand.Create(o, e)]),
        ("portfolio", (o, e) => [PortfolioCommand.Create(o, e)]),
        ("kpi", (o, e) => [KpiCommand.Create(o, e)]),
        ("report", (o, _) => [ReportCommand.Create(o)]),
        ("board", (o, e) => [BoardCommand.Create(o, e)]),
        ("dashboard", (o, e) => [DashboardCommand.Create(o, e)]),
        ("serve", (o, _) => [ServeCommand.Create(o)]),
        ("worker", (o, _) => [WorkerCommand.Create(o)]),
        ("jobs", (o, e) => [JobsCommand.Create(o, e)]),
        ("items", (o, e) => FlowCommands.Create(o, e).Where(c => c.Name == "items")),
        ("metrics", (o, e) => FlowCommands.Create(o, e).Where(c => c.Name == "metrics")),
        ("waste", (o, e) => FlowCommands.Create(o, e).Where(c => c.Name == "waste")),
        ("quality", (o, e) => FlowCommands.Create(o, e).Where(c => c.Name == "quality")),
        ("forecast", (o, e) => [ForecastCommand.Create(o, e)]),
        ("history", (o, e) => [HistoryCommand.Create(o, e)]),
        ("progress", (o, e) => [ProgressCommand.Create(o, e)]),
        ("source", (o, e) => [SourceCommand.Create(o, e)]),
        ("quarantine", (o, e) => [SourceCommand.Quarantine(o, e)]),
    ];

    /// <summary>
    /// Bad usage (an unknown option, a value of the wrong kind): the errors in words, a pointer to help, exit 2.
    /// System.CommandLine's own messages name .NET types ("as expected type 'System.DateOnly'"); they are reworded.
    /// </summary>
    private static async Task<int> UsageErrorsAsync(ParseResult parse, TextWriter stderr)
    {
        foreach (var error in parse.Errors.Select(e => e.Message).Distinct())
        {
            await stderr.WriteLineAsync($"pmoflow: {UsageMessages.Reword(error)}");
        }

        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null && r.Command is not RootCommand; r = r.Parent as CommandResult)
        {
            names.Insert(0, r.Command.Name);
        }

        await stderr.WriteLineAsync($"Run `{string.Join(' ', ["pmoflow", .. names])} --help` for the options.");
        return ExitCodes.Usage;
    }

    /// <summary>The root command with every subcommand (help, completion, tests).</summary>
    internal static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr) => BuildRoot(stdout, stderr, null);

    /// <summary>The root command; with <paramref name="args"/> naming a subcommand first, only that one is built.</summary>
    internal static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr, string[]? args)

    {
        var root = new RootCommand("PmoFlow: value-stream flow metrics, forecasts and value for PMOs.");
        var first = args is { Length: > 0 } ? args[0] : null;
        var only = Array.Exists(Subcommands, s => s.Name == first) ? first : null;
        foreach (var (name, create) in Subcommands)
        {
            if (only is null || name == only)
            {
                foreach (var command in create(stdout, stderr))
                {
                    root.Subcommands.Add(command);
                }
            }
        }

        // `pmoflow help [command]`: the same text as --help (every command is built for it).
        root.Subcommands.Add(HelpCommand.Create(root, stdout, stderr));

        return root;
    }
}
