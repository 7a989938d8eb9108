using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using PmoFlow.Jobs;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Server.Hosting;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow serve</c>: the web dashboard and REST API until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter stdout)
    {
        var config = CliOptions.Config();
        var host = new Option<string>("--host")
        {
            Description = "Address to bind (default 127.0.0.1). Any other address requires an API key.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var port = new Option<int>("--port", "-p")
        {
            Description = $"Port (default {ServerOptions.DefaultPort}; 0 picks a free one).",
            DefaultValueFactory = _ => ServerOptions.DefaultPort,
        };
        var keyFile = new Option<string?>("--api-key-file")
        {
            Description = $"File whose first line is the API key (default: ${ServerHost.ApiKeyVariable}). With a key, every request needs the X-Api-Key header.",
        };
        var cacheSeconds = new Option<int>("--cache-seconds")
        {
            Description = "Seconds a stream's data is served from memory before it is read again (default 60).",
            DefaultValueFactory = _ => 60,
        };
        var noScheduler = new Option<bool>("--no-scheduler")
        {
            Description = "Serve only: do not join the scheduler cluster (by default this process also runs the scheduled jobs, like `pmoflow worker`).",
        };
        var command = new Command("serve", "Serve the web dashboard and the REST API (see /openapi.json), and run the scheduled jobs as a node of the cluster.")
        {
            config, host, port, keyFile, cacheSeconds, noScheduler,
        };
        command.SetAction(async (parse, ct) =>
        {
            var cfg = CommandSupport.LoadConfig(parse.GetValue(config));
            if (parse.GetValue(port) is < 0 or > 65535)
            {
                throw new UsageException("--port must be in 0..65535.");
            }

            if (parse.GetValue(cacheSeconds) is < 1 or > 86_400)
            {
                throw new UsageException("--cache-seconds must be in 1..86400.");
            }

            string? key;
            try
            {
                key = ServerHost.ResolveApiKey(parse.GetValue(keyFile), parse.GetValue(host)!);
            }
            catch (InvalidOperationException ex)
            {
                throw new UsageException(ex.Message, ex);
            }

            var scheduler = !parse.GetValue(noScheduler);
            if (scheduler)
            {
                _ = JobsConfigReader.Read(cfg);
            }

            await using var db = await CommandSupport.OpenDatabaseAsync(cfg, ct);
            var options = new ServerOptions
            {
                Config = cfg,
                DataSource = db.DataSource,
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                ApiKey = key,
                CacheDuration = TimeSpan.FromSeconds(parse.GetValue(cacheSeconds)),
            };
            WebApplication app;
            try
            {
                app = ServerHost.BuildApp(options, builder =>
                {
                    if (scheduler)
                    {
                        builder.Services.AddPmoFlowScheduler(cfg, db.DataSource);
                    }
                });
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException)
            {
                throw new UsageException(ex.Message, ex);
            }

            await using (app)
            {
                await app.StartAsync(ct);
                foreach (var url in app.Urls)
                {
                    await stdout.WriteLineAsync($"PmoFlow is serving {url} (API: {url}/api/streams, {url}/openapi.json){(key is null ? string.Empty : "; API key required")}{(scheduler ? "; scheduler on" : string.Empty)}. Ctrl+C stops it.");
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: stop cleanly below.
                }

                await app.StopAsync(CancellationToken.None);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
