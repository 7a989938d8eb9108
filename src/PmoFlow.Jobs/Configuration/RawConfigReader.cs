using PmoFlow.Ingestion.Configuration;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Jobs.Configuration;

/// <summary>
/// Reads the scheduler's keys from a stream's or source's raw YAML node, naming the key path and line in every
/// error (the style of the Ingestion config loader). Unknown keys inside the mappings it owns are errors.
/// </summary>
internal sealed class RawConfigReader
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public RawConfigReader(string file, string path, YamlMappingNode node)
    {
        File = file;
        Path = path;
        _node = node;
    }

    public string File { get; }

    public string Path { get; }

    public int Line => (int)_node.Start.Line;

    public ConfigException Error(string key, string problem, YamlNode? at = null) =>
        new(File, (int)(at ?? Find(key) ?? _node).Start.Line, Join(key), problem);

    public YamlNode? Find(string key)
    {
        _used.Add(key);
        foreach (var (k, v) in _node.Children)
        {
            if (k is YamlScalarNode s && s.Value == key)
            {
                return v;
            }
        }

        return null;
    }

    public string? OptionalString(string key)
    {
        var node = Find(key);
        return node switch
        {
            null => null,
            YamlScalarNode s => string.IsNullOrEmpty(s.Value) || s.Value == "~" ? null : s.Value,
            _ => throw Error(key, "expected a single value", node),
        };
    }

    public int? OptionalInt(string key, int min, int max)
    {
        var s = OptionalString(key);
        if (s is null)
        {
            return null;
        }

        if (!int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i))
        {
            throw Error(key, $"'{s}' is not a whole number");
        }

        return i < min || i > max ? throw Error(key, $"must be between {min} and {max}") : i;
    }

    public TimeSpan? OptionalDuration(string key, TimeSpan min)
    {
        var s = OptionalString(key);
        if (s is null)
        {
            return null;
        }

        if (!DurationText.TryParse(s, out var d))
        {
            throw Error(key, $"'{s}' is not a duration (e.g. 30s, 15m, 1h, 1d)");
        }

        return d < min ? throw Error(key, $"must be at least {DurationText.Format(min)}") : d;
    }

    public RawConfigReader? OptionalMapping(string key)
    {
        var node = Find(key);
        return node switch
        {
            null => null,
            YamlMappingNode map => new RawConfigReader(File, Join(key), map),
            YamlScalarNode s when string.IsNullOrEmpty(s.Value) => null,
            _ => throw Error(key, "expected a mapping of keys to values", node),
        };
    }

    /// <summary>A list of values (<c>[a, b]</c>, a block list, or one value); empty when absent.</summary>
    public IReadOnlyList<string> StringList(string key)
    {
        var node = Find(key);
        return node switch
        {
            null => [],
            YamlScalarNode s => string.IsNullOrWhiteSpace(s.Value) ? [] : [s.Value.Trim()],
            YamlSequenceNode seq => [.. seq.Children.Select(c => c is YamlScalarNode v && !string.IsNullOrWhiteSpace(v.Value)
                ? v.Value.Trim()
                : throw new ConfigException(File, (int)c.Start.Line, Join(key), "expected a list of values"))],
            _ => throw Error(key, "expected a list of values", node),
        };
    }

    public IReadOnlyList<RawConfigReader> MappingList(string key)
    {
        var node = Find(key);
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode s when string.IsNullOrEmpty(s.Value):
                return [];
            case YamlSequenceNode seq:
                var list = new List<RawConfigReader>();
                var i = 0;
                foreach (var child in seq)
                {
                    if (child is not YamlMappingNode map)
                    {
                        throw new ConfigException(File, (int)child.Start.Line, $"{Join(key)}[{i}]", "expected a mapping of keys to values");
                    }

                    list.Add(new RawConfigReader(File, $"{Join(key)}[{i}]", map));
                    i++;
                }

                return list;
            default:
                throw Error(key, "expected a list", node);
        }
    }

    public void RejectUnknownKeys()
    {
        foreach (var (k, _) in _node.Children)
        {
            var name = ((YamlScalarNode)k).Value ?? string.Empty;
            if (!_used.Contains(name))
            {
                throw new ConfigException(File, (int)k.Start.Line, Join(name), "unknown key (check the spelling against docs/jobs.md)");
            }
        }
    }

    private string Join(string key) => Path.Length == 0 ? key : $"{Path}.{key}";
}
