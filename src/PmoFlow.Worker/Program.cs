using PmoFlow.Streams.Configuration;
using PmoFlow.Jobs.Hosting;
using PmoFlow.Worker;

// The stand-alone scheduler node: the same implementation as `pmoflow worker` (WorkerHost), without the CLI.
WorkerArguments arguments;
try
{
    arguments = WorkerArguments.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    await Console.Error.WriteLineAsync(WorkerArguments.Usage);
    return 2;
}

try
{
    var format = PmoFlowLogging.ParseFormat(Environment.GetEnvironmentVariable(PmoFlowLogging.FormatVariable));
    await WorkerHost.RunAsync(arguments.ConfigPath, arguments.Configure, CancellationToken.None,
        logging => logging.UsePmoFlow(Console.Error, arguments.LogLevel, format, TimeProvider.System));
}
catch (ConfigException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

return 0;
