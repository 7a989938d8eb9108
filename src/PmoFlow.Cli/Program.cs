using System.CommandLine;
using PmoFlow.Cli.Commands;
using PmoFlow.Streams.Configuration;
using PmoFlow.Ingestion.Csv;

namespace PmoFlow.Cli;

/// <summary>The <c>pmoflow</c> command: a composition root of parsing and wiring only.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given writers (tests call this in-process).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot(stdout, stderr);
        var parse = root.Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex)
        {
            var (code, message) = Describe(ex);
            await stderr.WriteLineAsync($"pmoflow: {message}");
            return code;
        }
    }

    /// <summary>Maps an exception to an exit code and a message without a stack trace for known errors.</summary>
    public static (int Code, string Message) Describe(Exception ex) => ex switch
    {
        UsageException or ConfigException or ArgumentException => (ExitCodes.Usage, ex.Message),
        CsvFormatException => (ExitCodes.BadInput, ex.Message),
        OperationCanceledException => (ExitCodes.Cancelled, "cancelled."),
        AggregateException { InnerExceptions.Count: 1 } agg => Describe(agg.InnerExceptions[0]),
        _ when DatabaseErrors.IsDatabaseUnavailable(ex) => (ExitCodes.Database, ex.Message),
        _ => (ExitCodes.Failure, $"{ex.GetType().Name}: {ex.Message}"),
    };

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
            BoardCommand.Create(stdout, stderr),
            ServeCommand.Create(stdout),
            WorkerCommand.Create(stdout),
            JobsCommand.Create(stdout, stderr),
        };
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
