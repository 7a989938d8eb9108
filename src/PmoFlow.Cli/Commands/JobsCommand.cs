using PmoFlow.Streams.Configuration;
using System.CommandLine;
using PmoFlow.Cli.Output;
using PmoFlow.Cli.Jobs;
using PmoFlow.Jobs.Configuration;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow jobs list | trigger | history</c>: the scheduler cluster's jobs, as data printed by <see cref="Printer"/>.</summary>
internal static class JobsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr) => new("jobs", "Scheduled jobs of the cluster: list them, fire one now, show what ran.")
    {
        List(stdout),
        Trigger(stdout, stderr),
        History(stdout),
    };

    private static Command List(TextWriter stdout)
    {
        var config = CliOptions.Config();
        var format = CliOptions.Format();
        var command = new Command("list", "The configured jobs with their schedules, misfire policies, states and next fire times, and the cluster's nodes.") { config, format };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await Session.OpenAsync(parse.GetValue(config), ct);
            var listing = await session.Client.Commands.ListAsync(ct);
            Print(stdout, parse.GetValue(format), JobsTables.Jobs(listing.Jobs), JobsTables.Nodes(listing.Nodes));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Trigger(TextWriter stdout, TextWriter stderr)
    {
        var config = CliOptions.Config();
        var format = CliOptions.Format();
        var name = new Argument<string>("name") { Description = "The job, e.g. publish.delivery (see `pmoflow jobs list`)." };
        var period = new Option<string?>("--period") { Description = "Publish jobs: the period to publish, e.g. 2026-W13 (default: the last complete one)." };
        var wait = new Option<bool>("--wait") { Description = "Wait until a worker has run it and print the run (exit 1 if it failed)." };
        var timeout = new Option<string?>("--timeout") { Description = "With --wait: how long to wait (default 10m), e.g. 30s, 5m." };
        var command = new Command("trigger", "Fire a job now; the first idle worker of the cluster runs it.") { config, format, name, period, wait, timeout };
        command.SetAction(async (parse, ct) =>
        {
            var limit = TimeSpan.FromMinutes(10);
            if (parse.GetValue(timeout) is { } t && !DurationText.TryParse(t, out limit))
            {
                throw new UsageException($"--timeout '{t}' is not a duration (e.g. 30s, 5m).");
            }

            await using var session = await Session.OpenAsync(parse.GetValue(config), ct);
            var triggered = await session.Client.Commands.TriggerAsync(parse.GetValue(name)!, parse.GetValue(period), ct);
            if (!parse.GetValue(wait))
            {
                Print(stdout, parse.GetValue(format), JobsTables.Triggered(triggered, null));
                return ExitCodes.Ok;
            }

            var run = await session.Client.Commands.WaitAsync(triggered, limit, ct);
            Print(stdout, parse.GetValue(format), JobsTables.Triggered(triggered, run));
            if (run is null)
            {
                await stderr.WriteLineAsync($"pmoflow: {triggered.Name} did not finish within {parse.GetValue(timeout) ?? "10m"}: is a worker running (`pmoflow worker`)? It stays queued and runs when one is.");
                return ExitCodes.Failure;
            }

            return run.Status == PmoFlow.Jobs.Jobs.JobRunStatus.Succeeded ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static Command History(TextWriter stdout)
    {
        var config = CliOptions.Config();
        var format = CliOptions.Format();
        var job = new Option<string?>("--job") { Description = "Only this job's runs (e.g. publish.delivery)." };
        var limit = new Option<int>("--limit") { Description = "At most this many runs (default 20).", DefaultValueFactory = _ => 20 };
        var command = new Command("history", "Recent runs on any node (newest first), firings in progress, and deliveries still owed (failed or pending).") { config, format, job, limit };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(limit) is < 1 or > 10_000)
            {
                throw new UsageException("--limit must be in 1..10000.");
            }

            await using var session = await Session.OpenAsync(parse.GetValue(config), ct);
            var history = await session.Client.Commands.HistoryAsync(parse.GetValue(job), parse.GetValue(limit), ct);
            Print(stdout, parse.GetValue(format), JobsTables.Runs(history.Runs), JobsTables.InFlight(history.InFlight), JobsTables.Deliveries(history.OutstandingDeliveries));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(TextWriter stdout, OutputFormat format, params TableData[] tables) =>
        new Printer(stdout, format, Consoles.For(stdout)).Print(tables);

    /// <summary>The database and a cluster client that never runs jobs itself.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly Storage.PmoFlowDatabase _db;

        private Session(Storage.PmoFlowDatabase db, JobsClient client)
        {
            _db = db;
            Client = client;
        }

        public JobsClient Client { get; }

        public static async Task<Session> OpenAsync(string? configPath, CancellationToken ct)
        {
            var cfg = CommandSupport.LoadConfig(configPath);
            _ = JobsConfigReader.Read(cfg);
            var db = await CommandSupport.OpenDatabaseAsync(cfg, ct);
            try
            {
                return new Session(db, await JobsClient.ConnectAsync(cfg, db.DataSource, ct));
            }
            catch
            {
                await db.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await _db.DisposeAsync();
        }
    }
}
