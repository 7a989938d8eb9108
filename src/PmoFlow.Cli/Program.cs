using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using PmoFlow.Cli.Commands;
using PmoFlow.Streams.Configuration;
using PmoFlow.Ingestion.Csv;
using PmoFlow.Ingestion.Pipeline;
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
        var root = BuildRoot(stdout, stderr);
        var parse = root.Parse(args);
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

    internal static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("PmoFlow: value-stream flow metrics, forecasts and value for PMOs.")
        {
            DemoCommand.Create(stdout, stderr),
            InitCommand.Create(stdout),
            SampleCommand.Create(stdout),
            DbCommand.Create(stdout),
            ImportCommand.Create(stdout, stderr),
            IngestCommand.Create(stdout, stderr),
            PortfolioCommand.Create(stdout, stderr),
            KpiCommand.Create(stdout, stderr),
            ReportCommand.Create(stdout),
            ServeCommand.Create(stdout),
            WorkerCommand.Create(stdout),
            JobsCommand.Create(stdout, stderr),
            SourceCommand.Create(stdout, stderr),
            SourceCommand.Quarantine(stdout, stderr),
        };
        root.Subcommands.Add(HelpCommand.Create(root, stdout, stderr));
        foreach (var command in ExtraCommands(stdout, stderr))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private static IEnumerable<Command> ExtraCommands(TextWriter stdout, TextWriter stderr)
    {
        foreach (var c in FlowCommands.Create(stdout, stderr))
        {
            yield return c;
        }

        yield return ForecastCommand.Create(stdout, stderr);
    }
}
