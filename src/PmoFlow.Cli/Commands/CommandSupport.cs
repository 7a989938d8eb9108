using PmoFlow.Streams.Configuration;
using PmoFlow.Storage;
using PmoFlow.Storage.Embedded;

namespace PmoFlow.Cli.Commands;

/// <summary>Wiring shared by commands: configuration and the process's database.</summary>
internal static class CommandSupport
{
    /// <summary>
    /// The CLI's clock: every command reads "now" here (the as-of default, relative dates, the live demo), so the
    /// process has one source of time and the rest of the product takes it as an argument.
    /// </summary>
    public static TimeProvider Clock { get; } = TimeProvider.System;

    /// <summary>Loads the configuration file named by --config, $PMOFLOW_CONFIG or ./pmoflow.yaml.</summary>
    public static PmoFlowConfig LoadConfig(string? path) => ConfigLoader.Load(CliOptions.ResolveConfigPath(path));

    /// <summary>Loads the configuration when the file exists (commands that can run without one).</summary>
    public static PmoFlowConfig? TryLoadConfig(string? path)
    {
        var resolved = CliOptions.ResolveConfigPath(path);
        return path is null && !File.Exists(resolved) ? null : ConfigLoader.Load(resolved);
    }

    /// <summary>Opens the database: $PMOFLOW_DATABASE, the config's <c>database</c>, else the embedded server.</summary>
    /// <param name="config">The configuration (its <c>database</c>), or null.</param>
    /// <param name="ct">Cancels opening.</param>
    /// <param name="migrate">Apply pending migrations.</param>
    /// <param name="host">
    /// A long-running host (<c>serve</c>, <c>worker</c>) that stops its web server and scheduler on Ctrl+C or SIGTERM
    /// and only then disposes the database: the embedded server is released by that disposal, not by the signal,
    /// so nothing still running meets a stopped server ("Broken pipe").
    /// </param>
    public static Task<PmoFlowDatabase> OpenDatabaseAsync(PmoFlowConfig? config, CancellationToken ct, bool migrate = true, bool host = false) =>
        PmoFlowDatabase.OpenAsync(new PmoFlowDatabaseOptions
        {
            ConfiguredConnectionString = config?.Database,
            Migrate = migrate,
            Embedded = new EmbeddedPostgresOptions { HandleTerminationSignals = !host },
        }, ct);
}
