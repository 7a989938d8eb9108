using PmoFlow.Streams.Configuration;
using PmoFlow.Reporting;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Streams.Reports;

/// <summary>Decides the credit line a stream's report carries (the dashboard, <c>pmoflow report</c> and the publish job).</summary>
/// <remarks>
/// In order: the stream's <c>report.attribution</c> text (verbatim); its <c>report.apacheJira</c> project name
/// (<see cref="Attributions.ApacheJira"/>); else, when a csv source of the stream reads a file inside a folder named
/// <c>apache-jira</c> (the MSR 2022 Apache Jira dataset), the Apache Jira credit for the project named by the file's
/// prefix (<c>OFBIZ_status_events.csv</c> → "OFBiz"). Otherwise none.
/// </remarks>
public static class ReportAttribution
{
    private static readonly Dictionary<string, string> KnownProjects = new(StringComparer.OrdinalIgnoreCase)
    {
        ["OFBIZ"] = "OFBiz",
        ["MJAR"] = "Maven JAR Plugin",
    };

    /// <summary>The credit line for <paramref name="stream"/>'s report, or null when none is needed.</summary>
    public static string? For(PmoFlowConfig config, StreamConfig stream)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Raw.Children.TryGetValue(new YamlScalarNode("report"), out var node) && node is YamlMappingNode report)
        {
            if (Scalar(report, "attribution") is { Length: > 0 } text)
            {
                return text;
            }

            if (Scalar(report, "apacheJira") is { Length: > 0 } project)
            {
                return Attributions.ApacheJira(project);
            }
        }

        foreach (var source in config.SourcesOf(stream))
        {
            if (source.Csv is { } csv && (ApacheProject(csv.EventsPath) ?? ApacheProject(csv.ItemsPath)) is { } name)
            {
                return Attributions.ApacheJira(name);
            }
        }

        return null;
    }

    /// <summary>The project of a file inside an <c>apache-jira</c> folder (its name up to the first '_'), or null.</summary>
    public static string? ApacheProject(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var folders = Path.GetDirectoryName(Path.GetFullPath(path))?.Split(Path.DirectorySeparatorChar) ?? [];
        if (!folders.Contains("apache-jira", StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var prefix = Path.GetFileNameWithoutExtension(path).Split('_')[0];
        return prefix.Length == 0 ? null : KnownProjects.GetValueOrDefault(prefix, prefix);
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode s ? s.Value?.Trim() : null;
}
