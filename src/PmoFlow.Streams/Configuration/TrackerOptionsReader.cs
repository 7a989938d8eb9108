using System.Globalization;
using System.Reflection;
using PmoFlow.Ingestion.Connectors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Streams.Configuration;

/// <summary>
/// Turns a tracker source's YAML (<c>sources:</c> entry of kind jira, azure-devops, github or gitlab) into its
/// options class. Keys are the options' property names in camelCase; unknown keys and bad values are errors that
/// name the line and the key.
/// </summary>
/// <remarks>
/// A list or mapping given in the file replaces the default (it is not merged). An empty value, <c>~</c> or
/// <c>null</c> clears an optional key (e.g. <c>blockedField: ~</c> turns Azure DevOps' default blocked field off).
/// A relative <c>tokenFile</c> is resolved against the configuration file's folder, like every other path in it.
/// </remarks>
public static class TrackerOptionsReader
{
    // Keys of a source entry that belong to PmoFlow itself, not to the connector.
    private static readonly HashSet<string> SourceKeys = new(StringComparer.Ordinal) { "kind", "timeZone", "schedule", "interval" };


    /// <summary>Reads and validates the options of a tracker source.</summary>
    /// <exception cref="ConfigException">A key is unknown or a value is invalid; the message names the file, line and key.</exception>
    public static TrackerSourceOptions Read(PmoFlowConfig config, SourceConfig source)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(source);
        if (!TrackerConnectors.OptionTypes.TryGetValue(source.Kind, out var type))
        {
            throw new ConfigException(config.File, source.Line, $"sources.{source.Name}.kind", $"'{source.Kind}' is not a tracker kind");
        }

        var options = (TrackerSourceOptions)Activator.CreateInstance(type)!;
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..], StringComparer.Ordinal);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (k, v) in source.Raw.Children)
        {
            var key = ((YamlScalarNode)k).Value ?? string.Empty;
            lines[key] = (int)k.Start.Line;
            if (SourceKeys.Contains(key))
            {
                continue;
            }

            if (!properties.TryGetValue(key, out var property))
            {
                throw new ConfigException(config.File, (int)k.Start.Line, $"sources.{source.Name}.{key}",
                    $"unknown key for a {source.Kind} source; known: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}");
            }

            try
            {
                Assign(options, property, v);
            }
            catch (FormatException ex)
            {
                throw new ConfigException(config.File, (int)v.Start.Line, $"sources.{source.Name}.{key}", ex.Message);
            }
        }

        if (!string.IsNullOrWhiteSpace(options.TokenFile))
        {
            options.TokenFile = config.ResolvePath(options.TokenFile);
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            // The options name the offending key as the parameter: point at its line when the file has it.
            var key = ex.ParamName;
            var line = key is not null && lines.TryGetValue(key, out var l) ? l : source.Line;
            var suffix = $" (Parameter '{key}')";
            var problem = ex.Message.EndsWith(suffix, StringComparison.Ordinal) ? ex.Message[..^suffix.Length] : ex.Message;
            throw new ConfigException(config.File, line, key is null ? $"sources.{source.Name}" : $"sources.{source.Name}.{key}", problem);
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigException(config.File, source.Line, $"sources.{source.Name}", ex.Message);
        }

        return options;
    }

    private static bool IsList(PropertyInfo property) => typeof(IList<string>).IsAssignableFrom(property.PropertyType);

    private static bool IsMap(PropertyInfo property) => typeof(IDictionary<string, string>).IsAssignableFrom(property.PropertyType);

    private static bool IsNull(YamlNode node) => node is YamlScalarNode && YamlScalars.IsNull(node);

    private static void Assign(object target, PropertyInfo property, YamlNode node)
    {
        if (IsNull(node))
        {
            AssignNull(target, property);
            return;
        }

        if (node is YamlSequenceNode seq)
        {
            if (!IsList(property))
            {
                throw new FormatException(IsMap(property) ? "expected a mapping of keys to values, not a list" : "expected a single value, not a list");
            }

            var items = new List<string>();
            foreach (var item in seq)
            {
                items.Add(item is YamlScalarNode s && !IsNull(s) ? s.Value ?? string.Empty : throw new FormatException("expected a list of single values"));
            }

            SetList(target, property, items);
            return;
        }

        if (node is YamlMappingNode map)
        {
            if (!IsMap(property))
            {
                throw new FormatException(IsList(property) ? "expected a list, not a mapping" : "expected a single value, not a mapping");
            }

            var dict = Map(target, property);
            dict.Clear();
            foreach (var (mk, mv) in map.Children)
            {
                var name = (mk as YamlScalarNode)?.Value ?? throw new FormatException("expected single values as the mapping's keys");
                dict[name] = mv is YamlScalarNode s && !IsNull(s) ? s.Value ?? string.Empty : throw new FormatException($"expected a single value for '{name}'");
            }

            return;
        }

        var text = ((YamlScalarNode)node).Value ?? string.Empty;
        if (IsList(property))
        {
            // A single value given for a list key.
            SetList(target, property, [text]);
            return;
        }

        if (IsMap(property))
        {
            throw new FormatException("expected a mapping of keys to values");
        }

        var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        object value = t switch
        {
            _ when t == typeof(string) => text,
            _ when t == typeof(int) => YamlScalars.TryWholeNumber(text, out var i) ? i : throw new FormatException($"'{text}' is not a whole number"),
            _ when t == typeof(double) => YamlScalars.TryNumber(text, out var d)
                ? d
                : throw new FormatException($"'{text}' is not a number"),
            _ when t == typeof(bool) => YamlScalars.TryBool(text, out var b) ? b : throw new FormatException($"'{text}' is not true or false"),
            _ when t.IsEnum => Enum.GetNames(t).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } name
                ? Enum.Parse(t, name)
                : throw new FormatException($"'{text}' is not one of {string.Join(", ", Enum.GetNames(t).Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}"),
            _ => throw new FormatException($"values of type {t.Name} are not supported here"),
        };
        property.SetValue(target, value);
    }

    private static void AssignNull(object target, PropertyInfo property)
    {
        if (IsList(property))
        {
            SetList(target, property, []);
        }
        else if (IsMap(property))
        {
            Map(target, property).Clear();
        }
        else if (new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable)
        {
            property.SetValue(target, null);
        }
        else
        {
            throw new FormatException("needs a value");
        }
    }

    private static void SetList(object target, PropertyInfo property, List<string> items)
    {
        // A new list rather than clearing the default in place: a default may be a fixed-size collection.
        property.SetValue(target, items);
    }

    private static IDictionary<string, string> Map(object target, PropertyInfo property)
    {
        if (property.GetValue(target) is IDictionary<string, string> { IsReadOnly: false } existing)
        {
            return existing;
        }

        // Tracker names (labels, statuses) are matched case-insensitively, as the defaults are.
        var created = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        property.SetValue(target, created);
        return created;
    }
}
