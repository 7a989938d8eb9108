using System.CommandLine;
using PmoFlow.Jobs;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Hosting;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow worker</c>: a scheduler-only node of the cluster (the same implementation as PmoFlow.Worker).</summary>
internal static class WorkerCommand
{
    public static Command Create(TextWriter stdout)
    {
        var config = CliOptions.Config();
        var command = new Command("worker", "Join the scheduler cluster on the configured database and run its jobs (ingest, snapshot, publish, forecast check) until Ctrl+C. Start as many as you like.")
        {
            config,
        };
        var switches = WorkerSwitches.All
            .Select(s => (Switch: s, Option: new Option<string?>(s.Name) { Description = s.Description, Hidden = s.Hidden }))
            .ToList();
        foreach (var (_, option) in switches)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var settings = new List<Action<PmoFlowSchedulerOptions>>();
            foreach (var (s, option) in switches)
            {
                if (parse.GetValue(option) is { } value)
                {
                    // Parsed now, so a bad value is a usage error before anything starts.
                    s.Apply(new PmoFlowSchedulerOptions(), value);
                    settings.Add(o => s.Apply(o, value));
                }
            }

            var cfg = CommandSupport.LoadConfig(parse.GetValue(config));
            _ = JobsConfigReader.Read(cfg);
            await using var db = await CommandSupport.OpenDatabaseAsync(cfg, ct, host: true);
            await stdout.WriteLineAsync($"PmoFlow worker on {db.SafeDescription} with {cfg.File}. Ctrl+C stops it (running jobs finish first).");
            try
            {
                await WorkerHost.RunAsync(cfg, db.DataSource, o => settings.ForEach(a => a(o)), ct, CliLogging.Configure);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopped while starting: nothing ran, nothing to undo.
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
