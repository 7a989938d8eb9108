using System.CommandLine;
using Npgsql;
using PmoFlow.Storage;
using PmoFlow.Storage.Database;
using PmoFlow.Storage.Embedded;
using PmoFlow.Storage.Migrations;
using PmoFlow.Storage.Reading;

namespace PmoFlow.Cli.Commands;

/// <summary><c>pmoflow db start|stop|status|migrate</c>.</summary>
internal static class DbCommand
{
    public static Command Create(TextWriter stdout)
    {
        var config = CliOptions.Config();

        var start = new Command("start", "Start PmoFlow's own PostgreSQL and keep it running after the command ends.");
        start.SetAction(async (parse, ct) =>
        {
            var status = await new PostgresLauncher().StartAsync(ct);
            await stdout.WriteLineAsync($"PostgreSQL is running (pid {status.Pid}) at {status.Endpoint}; data in {status.DataDirectory}.");
            await stdout.WriteLineAsync($"Connection string: {status.ConnectionString}");
            return ExitCodes.Ok;
        });

        var force = new Option<bool>("--force") { Description = "Stop even while other PmoFlow commands use it." };
        var stop = new Command("stop", "Stop PmoFlow's own PostgreSQL (it stays up while other PmoFlow commands use it, unless --force).") { force };
        stop.SetAction(async (parse, ct) =>
        {
            var outcome = await new PostgresLauncher().StopAsync(parse.GetValue(force), ct);
            await stdout.WriteLineAsync(outcome switch
            {
                StopOutcome.NotRunning => "PostgreSQL was not running.",
                StopOutcome.Stopped => "PostgreSQL stopped.",
                _ => "Other PmoFlow commands still use PostgreSQL; it stops when the last of them ends.",
            });
            return ExitCodes.Ok;
        });

        var status = new Command("status", "Show where the database is and whether PmoFlow's own server runs.") { config };
        status.SetAction(async (parse, ct) =>
        {
            var cfg = CommandSupport.TryLoadConfig(parse.GetValue(config));
            var resolved = ConnectionResolver.Resolve(Environment.GetEnvironmentVariable(ConnectionResolver.EnvironmentVariable), cfg?.Database);
            if (resolved.ConnectionString is not null)
            {
                await stdout.WriteLineAsync($"Database: {resolved.SafeDescription} (from {resolved.Origin}).");
                await WriteRunsAsync(stdout, resolved.ConnectionString, ct);
                return ExitCodes.Ok;
            }

            var s = new PostgresLauncher().GetStatus();
            await stdout.WriteLineAsync($"Database: PmoFlow's own PostgreSQL, data in {s.DataDirectory}.");
            await stdout.WriteLineAsync(s.Running
                ? $"Running: yes (pid {s.Pid}, {s.Endpoint}), kept: {(s.Kept ? "yes" : "no")}, PmoFlow commands using it: {s.LiveClients}."
                : s.Initialized ? "Running: no (it starts on demand)." : "Not created yet (the first command creates it).");
            if (s.Running && s.ConnectionString is { } own)
            {
                await WriteRunsAsync(stdout, own, ct);
            }

            return ExitCodes.Ok;
        });

        var migrate = new Command("migrate", "Apply pending schema migrations (idempotent).") { config };
        migrate.SetAction(async (parse, ct) =>
        {
            var cfg = CommandSupport.TryLoadConfig(parse.GetValue(config));
            await using var db = await CommandSupport.OpenDatabaseAsync(cfg, ct, migrate: false);
            var applied = await SchemaMigrator.MigrateAsync(db.DataSource, ct);
            await stdout.WriteLineAsync(applied.Count == 0
                ? $"Schema is up to date ({SchemaMigrator.Embedded.Count} migrations)."
                : $"Applied {applied.Count} migration(s): {string.Join(", ", applied.Select(m => m.Name))}.");
            return ExitCodes.Ok;
        });

        return new Command("db", "PmoFlow's database: start, stop, status, migrate.") { start, stop, status, migrate };
    }

    /// <summary>Ingest runs found abandoned (their process ended before they completed) and runs marked running, per source.</summary>
    private static async Task WriteRunsAsync(TextWriter stdout, string connectionString, CancellationToken ct)
    {
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5 }.ConnectionString);
            var rows = await new IngestStatusReader(dataSource).ReadAbandonedAsync(ct);
            await stdout.WriteLineAsync(rows.Count == 0
                ? "Ingest runs: none abandoned, none running."
                : "Ingest runs: " + string.Join("; ", rows.Select(r => $"{r.Source}: {r.Abandoned} abandoned, {r.Running} running")) + ".");
        }
        catch (Exception ex) when (DatabaseFailures.IsUnavailable(ex) || ex is PostgresException { SqlState: "42P01" })
        {
            await stdout.WriteLineAsync("Ingest runs: unknown (the database cannot be read now).");
        }
    }
}
