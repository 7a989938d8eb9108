using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PmoFlow.Ingestion.Connectors.AzureDevOps;
using PmoFlow.Ingestion.Connectors.GitHub;
using PmoFlow.Ingestion.Connectors.GitHubProject;
using PmoFlow.Ingestion.Connectors.GitLab;
using PmoFlow.Ingestion.Connectors.Jira;

namespace PmoFlow.Ingestion.Connectors;

/// <summary>Creates the connector for a source's options, and names the options class of each tracker kind.</summary>
public static class TrackerConnectors
{
    /// <summary>The tracker kinds written in <c>pmoflow.yaml</c> and the options class each deserialises into.</summary>
    public static IReadOnlyDictionary<string, Type> OptionTypes { get; } = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
    {
        ["jira"] = typeof(JiraSourceOptions),
        ["azure-devops"] = typeof(AzureDevOpsSourceOptions),
        ["github"] = typeof(GitHubSourceOptions),
        ["gitlab"] = typeof(GitLabSourceOptions),
        ["github-project"] = typeof(GitHubProjectSourceOptions),
    };

    /// <summary>Creates the connector; validates the options and reads the credential they name.</summary>
    /// <exception cref="ArgumentException">An option is invalid (the message names its YAML key).</exception>
    /// <exception cref="InvalidOperationException">The credential's variable or file is missing.</exception>
    public static ITrackerConnector Create(TrackerSourceOptions options, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        return options switch
        {
            JiraSourceOptions o => new JiraConnector(o, loggers.CreateLogger<JiraConnector>(), time),
            AzureDevOpsSourceOptions o => new AzureDevOpsConnector(o, loggers.CreateLogger<AzureDevOpsConnector>(), time),
            GitHubSourceOptions o => new GitHubConnector(o, loggers.CreateLogger<GitHubConnector>(), time),
            GitLabSourceOptions o => new GitLabConnector(o, loggers.CreateLogger<GitLabConnector>(), time),
            GitHubProjectSourceOptions o => new GitHubProjectConnector(o, loggers.CreateLogger<GitHubProjectConnector>(), time),
            _ => throw new ArgumentException($"No connector for options of type {options?.GetType().Name}.", nameof(options)),
        };
    }
}
