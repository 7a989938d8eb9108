using YamlDotNet.RepresentationModel;

namespace PmoFlow.Streams.Configuration;

/// <summary>
/// Reads a YAML mapping with its key path and line numbers, so every error names the key and the line.
/// Unknown keys are errors too: a typo must not silently fall back to a default.
/// </summary>
public sealed class YamlNodeReader
{
    private readonly string _file;
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public YamlNodeReader(string file, string path, YamlMappingNode node, string schema = "the documented schema")
    {
        _schema = schema;
        _file = file;
        Path = path;
        _node = node;
    }

    private readonly string _schema;

    public string Path { get; }

    public int Line => (int)_node.Start.Line;

    public string File => _file;

    public YamlMappingNode Node => _node;

    public static YamlNodeReader Root(string file, YamlNode node, string schema = "the documented schema") => node is YamlMappingNode map
        ? new YamlNodeReader(file, string.Empty, map, schema)
        : throw new ConfigException(file, (int)node.Start.Line, "(root)", "the file must be a mapping of keys to values");

    /// <summary>
    /// Reads a YAML file's text under <paramref name="limits"/> (<see cref="Yaml.YamlGuard.ReadFile"/>); a file past the
    /// size limit is a <see cref="ConfigException"/> at <c>(limits)</c>.
    /// </summary>
    public static string ReadFile(string path, PmoFlow.Core.Limits.YamlLimits limits)
    {
        try
        {
            return Yaml.YamlGuard.ReadFile(path, limits);
        }
        catch (Yaml.YamlLimitException ex)
        {
            throw new ConfigException(path, (int)ex.Start.Line, "(limits)", ex.Problem);
        }
    }

    /// <summary>
    /// Parses YAML text through <see cref="Yaml.YamlGuard"/> and returns a reader of its first document's root mapping:
    /// the one way every PmoFlow file is opened. A limit passed, a syntax error, an empty text or a root that is not a
    /// mapping is a <see cref="ConfigException"/> naming <paramref name="file"/> and the line.
    /// </summary>
    public static YamlNodeReader Document(string text, string file, PmoFlow.Core.Limits.YamlLimits limits, string schema = "the documented schema")
    {
        YamlStream stream;
        try
        {
            stream = Yaml.YamlGuard.Load(text, limits);
        }
        catch (Yaml.YamlLimitException ex)
        {
            throw new ConfigException(file, (int)ex.Start.Line, "(limits)", ex.Problem);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new ConfigException(file, (int)ex.Start.Line, "(syntax)", ex.InnerException?.Message ?? ex.Message);
        }

        return stream.Documents.Count == 0
            ? throw new ConfigException(file, 1, "(root)", "the file is empty")
            : Root(file, stream.Documents[0].RootNode, schema);
    }

    public ConfigException Error(string key, string problem, YamlNode? at = null) =>
        new(_file, (int)(at ?? _node).Start.Line, Join(key), problem);

    /// <summary>An error at the line of <paramref name="key"/> when present, else at this mapping's line.</summary>
    public ConfigException ErrorAtKey(string key, string problem) => Error(key, problem, Find(key));

    public bool Has(string key) => Find(key) is not null;

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public int? OptionalInt(string key, int min, int max)
    {
        var i = OptionalInt(key, min);
        return i > max ? throw Error(key, $"must be between {min} and {max}", Find(key)) : i;
    }

    /// <summary>A duration such as <c>30s</c>, <c>15m</c>, <c>1h</c>, <c>1d</c>, at least <paramref name="min"/>; null when absent.</summary>
    public TimeSpan? OptionalDuration(string key, TimeSpan min)
    {
        var s = OptionalString(key);
        if (s is null)
        {
            return null;
        }

        if (!DurationText.TryParse(s, out var d))
        {
            throw Error(key, $"'{s}' is not a duration (e.g. 30s, 15m, 1h, 1d)", Find(key));
        }

        return d < min ? throw Error(key, $"must be at least {DurationText.Format(min)}", Find(key)) : d;
    }

    public string? OptionalString(string key)
    {
        var node = Find(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return YamlScalars.IsNull(scalar) || string.IsNullOrEmpty(scalar.Value) ? null : scalar.Value;
        }

        throw Error(key, "expected a single value", node);
    }

    public string RequiredString(string key) =>
        OptionalString(key) ?? throw Error(key, "is required");

    public double? OptionalDouble(string key)
    {
        var s = OptionalString(key);
        if (s is null)
        {
            return null;
        }

        return YamlScalars.TryNumber(s, out var d)
            ? d
            : throw Error(key, $"'{s}' is not a number", Find(key));
    }

    public int? OptionalInt(string key, int min = int.MinValue)
    {
        var s = OptionalString(key);
        if (s is null)
        {
            return null;
        }

        if (!YamlScalars.TryWholeNumber(s, out var i))
        {
            throw Error(key, $"'{s}' is not a whole number", Find(key));
        }

        return i < min ? throw Error(key, $"must be at least {min}", Find(key)) : i;
    }

    public bool? OptionalBool(string key)
    {
        var s = OptionalString(key);
        if (s is null)
        {
            return null;
        }

        return YamlScalars.TryBool(s, out var b) ? b : throw Error(key, $"'{s}' is not true or false", Find(key));
    }

    public T OptionalEnum<T>(string key, T fallback, IReadOnlyDictionary<string, T> names)
    {
        var s = OptionalString(key);
        if (s is null)
        {
            return fallback;
        }

        return names.TryGetValue(s.Trim().ToLowerInvariant(), out var v)
            ? v
            : throw Error(key, $"'{s}' is not one of {string.Join(", ", names.Keys)}", Find(key));
    }

    public IReadOnlyList<string> StringList(string key)
    {
        var node = Find(key);
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode scalar:
                return string.IsNullOrWhiteSpace(scalar.Value) ? [] : [scalar.Value!];
            case YamlSequenceNode seq:
                var list = new List<string>();
                foreach (var child in seq)
                {
                    if (child is not YamlScalarNode s || s.Value is null)
                    {
                        throw Error(key, "expected a list of single values", child);
                    }

                    list.Add(s.Value);
                }

                return list;
            default:
                throw Error(key, "expected a list", node);
        }
    }

    public IReadOnlyList<YamlNodeReader> MappingList(string key)
    {
        var node = Find(key);
        switch (node)
        {
            case null:
                return [];
            case YamlSequenceNode seq:
                var list = new List<YamlNodeReader>();
                var i = 0;
                foreach (var child in seq)
                {
                    if (child is not YamlMappingNode map)
                    {
                        throw Error($"{key}[{i}]", "expected a mapping of keys to values", child);
                    }

                    list.Add(new YamlNodeReader(_file, $"{Join(key)}[{i}]", map, _schema));
                    i++;
                }

                return list;
            default:
                throw Error(key, "expected a list", node);
        }
    }

    public YamlNodeReader? OptionalMapping(string key)
    {
        var node = Find(key);
        return node switch
        {
            null => null,
            YamlMappingNode map => new YamlNodeReader(_file, Join(key), map, _schema),
            YamlScalarNode s when string.IsNullOrEmpty(s.Value) => null,
            _ => throw Error(key, "expected a mapping of keys to values", node),
        };
    }

    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        var map = OptionalMapping(key);
        if (map is null)
        {
            return new Dictionary<string, string>();
        }

        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, _, v) in Entries(map._node))
        {
            map._used.Add(name);
            result[name] = v is YamlScalarNode s ? s.Value ?? string.Empty : throw map.Error(name, "expected a single value", v);
        }

        return result;
    }

    /// <summary>Marks keys that a later stage (e.g. a connector's own options) reads.</summary>
    public void Accept(params string[] keys)
    {
        foreach (var k in keys)
        {
            _used.Add(k);
        }
    }

    /// <summary>Throws on the first key that no reader asked for.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (name, k, _) in Entries(_node))
        {
            if (!_used.Contains(name))
            {
                throw new ConfigException(_file, (int)k.Start.Line, Join(name), $"unknown key (check the spelling against {_schema})");
            }
        }
    }

    public YamlNode? Find(string key)
    {
        _used.Add(key);
        foreach (var (name, _, v) in Entries(_node))
        {
            if (name == key)
            {
                return v;
            }
        }

        return null;
    }

    /// <summary>
    /// A mapping's entries in document order: the key's text (trimmed; empty for a non-scalar key), the key node and
    /// the value node. The one walk over a mapping for every PmoFlow YAML reader.
    /// </summary>
    public static IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        foreach (var (k, v) in mapping.Children)
        {
            yield return ((k as YamlScalarNode)?.Value?.Trim() ?? string.Empty, k, v);
        }
    }

    private string Join(string key) => Path.Length == 0 ? key : $"{Path}.{key}";
}
