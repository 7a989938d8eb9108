using PmoFlow.Streams.Configuration;
using PmoFlow.Reporting.Board;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Streams.Reports;

/// <summary>Decides where a board card links to (the dashboard's board and <c>pmoflow board</c>).</summary>
/// <remarks>
/// In order: the stream's <c>report.itemUrl</c> template (<c>https://tracker.example/browse/{key}</c>) for every item;
/// else, per source, a Jira source's <c>baseUrl</c> + <c>/browse/{key}</c>. Other items get no link.
/// </remarks>
public static class BoardLinks
{
    /// <summary>The link maker of <paramref name="stream"/>: (source, key) → URL or null.</summary>
    /// <exception cref="ConfigException"><c>report.itemUrl</c> is not an absolute http(s) URL with <c>{key}</c>.</exception>
    public static Func<string, string, string?> For(PmoFlowConfig config, StreamConfig stream)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Raw.Children.TryGetValue(new YamlScalarNode("report"), out var node) && node is YamlMappingNode report
            && report.Children.TryGetValue(new YamlScalarNode("itemUrl"), out var value) && value is YamlScalarNode { Value: { Length: > 0 } template })
        {
            try
            {
                var link = TrackerLinks.FromTemplate(template);
                return (_, key) => link(key);
            }
            catch (ArgumentException ex)
            {
                throw new ConfigException(config.File, (int)value.Start.Line, $"streams.{stream.Definition.Name}.report.itemUrl", ex.Message.Split(" (Parameter", 2)[0]);
            }
        }

        var bySource = new Dictionary<string, Func<string, string?>>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in config.SourcesOf(stream))
        {
            if (source.Kind == "jira" && source.Raw.Children.TryGetValue(new YamlScalarNode("baseUrl"), out var b)
                && b is YamlScalarNode { Value: { Length: > 0 } baseUrl })
            {
                try
                {
                    bySource[source.Name] = TrackerLinks.Jira(baseUrl);
                }
                catch (ArgumentException)
                {
                    // The connector's own validation reports a bad baseUrl; the board just shows no link.
                }
            }
        }

        return (source, key) => bySource.TryGetValue(source, out var link) ? link(key) : null;
    }
}
