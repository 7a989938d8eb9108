using System.CommandLine;
using System.CommandLine.Parsing;
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
        Description = "Output format: table, csv or json. [default: table]",
        HelpName = "table|csv|json",
        CustomParser = ParseFormat,
    };

    /// <summary>The names <c>--format</c> accepts, in the order help and errors list them.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = ["table", "csv", "json"];

    private static OutputFormat ParseFormat(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return OutputFormat.Table;
        }

        var text = result.Tokens[^1].Value;
        var index = FormatNames.ToList().FindIndex(n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            result.AddError($"--format '{text}' is not one of {string.Join(", ", FormatNames)}.");
            return OutputFormat.Table;
        }

        return Enum.Parse<OutputFormat>(FormatNames[index], ignoreCase: true);
    }

    public static Option<string?> Stream() => new("--stream", "-s")
    {
        Description = "Value stream name (optional when the configuration has one stream).",
    };

    public static Option<string?> Profile() => new("--profile")
    {
        Description = "Convention profile: pmoflow, actionable-agile, jira-agile-metrics or jira-flow-metrics (default: the stream's).",
    };

    public static Option<string[]> FlowOption() => new("--option", "-o")
    {
        Description = "Override one convention switch, key=value (e.g. dayCount=exclusive); repeatable. See the README.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static string ResolveConfigPath(string? path) =>
        path ?? Environment.GetEnvironmentVariable("PMOFLOW_CONFIG") ?? Path.Combine(Directory.GetCurrentDirectory(), "pmoflow.yaml");
}
