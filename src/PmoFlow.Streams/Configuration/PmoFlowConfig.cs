using PmoFlow.Core.Model;
using PmoFlow.Ingestion.Csv;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Streams.Configuration;

/// <summary>The whole <c>pmoflow.yaml</c>: database, value streams and sources.</summary>
/// <param name="File">The file it was read from (paths inside are relative to its folder).</param>
/// <param name="Database">A connection string, if the file sets one (the environment's PMOFLOW_DATABASE wins).</param>
/// <param name="Streams">The value streams.</param>
/// <param name="Sources">The sources events are ingested from.</param>
public sealed record PmoFlowConfig(
    string File,
    string? Database,
    IReadOnlyList<StreamConfig> Streams,
    IReadOnlyList<SourceConfig> Sources)
{
    /// <summary>The folder relative paths are resolved against.</summary>
    public string BaseDirectory => Path.GetDirectoryName(Path.GetFullPath(File)) ?? Directory.GetCurrentDirectory();

    /// <summary>Finds a stream by name (case-insensitive), or explains which names exist.</summary>
    public StreamConfig Stream(string? name)
    {
        if (name is null)
        {
            return Streams.Count == 1
                ? Streams[0]
                : throw new ConfigException($"{File}: several streams are configured ({string.Join(", ", Streams.Select(s => s.Definition.Name))}); choose one with --stream.");
        }

        return Streams.FirstOrDefault(s => string.Equals(s.Definition.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ConfigException($"{File}: no stream named '{name}'. Configured streams: {string.Join(", ", Streams.Select(s => s.Definition.Name))}.");
    }

    /// <summary>Finds a source by name (case-insensitive).</summary>
    public SourceConfig Source(string name) =>
        Sources.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigException($"{File}: no source named '{name}'. Configured sources: {string.Join(", ", Sources.Select(s => s.Name))}.");

    /// <summary>The sources feeding a stream (all sources when the stream names none).</summary>
    public IReadOnlyList<SourceConfig> SourcesOf(StreamConfig stream) => stream.Definition.Sources.Count == 0
        ? Sources
        : [.. stream.Definition.Sources.Select(Source)];

    /// <summary>
    /// The zone of a source's timestamps that carry no offset: the source's <c>timeZone</c>, else the zone of the first
    /// stream it feeds, else UTC. The one rule for imports, ingests and file-mode analyses.
    /// </summary>
    public TimeZoneInfo ZoneOf(SourceConfig source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.TimeZone is not null)
        {
            return TimeZoneInfo.FindSystemTimeZoneById(source.TimeZone);
        }

        var stream = Streams.FirstOrDefault(s => s.Definition.Sources.Count == 0
            || s.Definition.Sources.Contains(source.Name, StringComparer.OrdinalIgnoreCase));
        return stream?.Definition.TimeZone ?? TimeZoneInfo.Utc;
    }

    /// <summary>Resolves a path from the file against the file's folder.</summary>
    public string ResolvePath(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));
}

/// <summary>One value stream's configuration.</summary>
/// <param name="Definition">What the numeric core needs.</param>
/// <param name="Line">The line the stream starts on.</param>
/// <param name="Raw">The raw YAML node, for settings read by later stages (schedules, publishers).</param>
public sealed record StreamConfig(StreamDefinition Definition, int Line, YamlMappingNode Raw);

/// <summary>One ingestion source.</summary>
/// <param name="Name">Unique source name; stored with every event.</param>
/// <param name="Kind"><c>csv</c>, <c>jira</c>, <c>azure-devops</c>, <c>github</c> or <c>gitlab</c>.</param>
/// <param name="TimeZone">Zone for timestamps without an offset (CSV); null means the stream's zone, else UTC.</param>
/// <param name="Csv">The CSV settings when <see cref="Kind"/> is csv.</param>
/// <param name="Line">The line the source starts on.</param>
/// <param name="Raw">The raw YAML node, read by the connector's own options.</param>
public sealed record SourceConfig(string Name, string Kind, string? TimeZone, CsvSourceOptions? Csv, int Line, YamlMappingNode Raw);
