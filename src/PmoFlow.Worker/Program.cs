using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PmoFlow.Ingestion.Configuration;
using PmoFlow.Jobs;
using PmoFlow.Storage;
using PmoFlow.Worker;

WorkerArguments arguments;
PmoFlowConfig config;
try
{
    arguments = WorkerArguments.Parse(args);
    config = ConfigLoader.Load(arguments.ConfigPath);
}
catch (Exception ex) when (ex is ArgumentException or ConfigException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    await Console.Error.WriteLineAsync(WorkerArguments.Usage);
    return 2;
}

await using var database = await PmoFlowDatabase.OpenAsync(
    new PmoFlowDatabaseOptions { ConfiguredConnectionString = config.Database },
    CancellationToken.None);

var builder = Host.CreateApplicationBuilder();
builder.Logging.AddFilter("Quartz", LogLevel.Warning);
try
{
    builder.Services.AddPmoFlowScheduler(config, database.DataSource, arguments.Configure);
}
catch (ConfigException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

using var host = builder.Build();
await host.RunAsync();
return 0;
