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
    await WorkerHost.RunAsync(arguments.ConfigPath, arguments.Configure, CancellationToken.None);
}
catch (ConfigException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

return 0;
