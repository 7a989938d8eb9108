using System.CommandLine;
using PmoFlow.Cli.Output;

namespace PmoFlow.Cli;

/// <summary>Options shared by many commands, so each is spelled the same everywhere.</summary>
internal static class CliOptions
{
    public static Option<string?> Config() => new("--config", "-c")
    {
        Description = "Configuration file (default: $PMOFLOW_CONFIG, else ./pmoflow.yaml).",
    };

    public static Option<OutputFormat> Format() => new("--format", "-f")
    {
        Description = "Output format: table, csv or json.",
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    public static Option<string?> Stream() => new("--stream", "-s")
    {
        Description = "Value stream name (optional when the configuration has one stream).",
    };

    public static Option<string?> Profile() => new("--profile")
    {
        Description = "Convention profile: pmoflow, actionable-agile or jira-agile-metrics (default: the stream's).",
    };

    public static Option<string[]> FlowOption() => new("--option", "-o")
    {
        Description = "Override one convention switch, key=value (e.g. dayCount=exclusive); repeatable. See the README.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static string ResolveConfigPath(string? path) =>
        path ?? Environment.GetEnvironmentVariable("PMOFLOW_CONFIG") ?? Path.Combine(Directory.GetCurrentDirectory(), "pmoflow.yaml");
}
