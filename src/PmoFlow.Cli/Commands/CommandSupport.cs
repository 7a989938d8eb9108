using PmoFlow.Streams.Configuration;
using PmoFlow.Storage;

namespace PmoFlow.Cli.Commands;

/// <summary>Wiring shared by commands: configuration and the process's database.</summary>
internal static class CommandSupport
{
    /// <summary>Loads the configuration file named by --config, $PMOFLOW_CONFIG or ./pmoflow.yaml.</summary>
    public static PmoFlowConfig LoadConfig(string? path) => ConfigLoader.Load(CliOptions.ResolveConfigPath(path));

    /// <summary>Loads the configuration when the file exists (commands that can run without one).</summary>
    public static PmoFlowConfig? TryLoadConfig(string? path)
    {
        var resolved = CliOptions.ResolveConfigPath(path);
        return path is null && !File.Exists(resolved) ? null : ConfigLoader.Load(resolved);
    }

    /// <summary>Opens the database: $PMOFLOW_DATABASE, the config's <c>database</c>, else the embedded server.</summary>
    public static Task<PmoFlowDatabase> OpenDatabaseAsync(PmoFlowConfig? config, CancellationToken ct, bool migrate = true) =>
        PmoFlowDatabase.OpenAsync(new PmoFlowDatabaseOptions { ConfiguredConnectionString = config?.Database, Migrate = migrate }, ct);
}
