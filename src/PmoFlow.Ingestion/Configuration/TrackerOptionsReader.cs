using System.Globalization;
using System.Reflection;
using PmoFlow.Ingestion.Connectors;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Ingestion.Configuration;

/// <summary>
/// Turns a tracker source's YAML (<c>sources:</c> entry of kind jira, azure-devops, github or gitlab) into its
/// options class. Keys are the options' property names in camelCase; unknown keys and bad values are errors that
/// name the line and the key.
/// </summary>
public static class TrackerOptionsReader
{
    // Keys of a source entry that belong to PmoFlow itself, not to the connector.
    private static readonly HashSet<string> SourceKeys = new(StringComparer.Ordinal) { "kind", "timeZone", "schedule", "interval" };

    /// <summary>Reads and validates the options of a tracker source.</summary>
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
        foreach (var (k, v) in source.Raw.Children)
        {
            var key = ((YamlScalarNode)k).Value ?? string.Empty;
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

        try
        {
            options.Validate();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new ConfigException(config.File, source.Line, $"sources.{source.Name}", ex.Message);
        }

        return options;
    }

    private static void Assign(object target, PropertyInfo property, YamlNode node)
    {
        var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (node is YamlSequenceNode seq)
        {
            if (!typeof(IList<string>).IsAssignableFrom(property.PropertyType) && property.PropertyType != typeof(IList<string>))
            {
                throw new FormatException("expected a single value, not a list");
            }

            var list = (IList<string>)(property.GetValue(target) ?? new List<string>());
            list.Clear();
            foreach (var item in seq)
            {
                list.Add(item is YamlScalarNode s ? s.Value ?? string.Empty : throw new FormatException("expected a list of single values"));
            }

            if (property.GetValue(target) is null)
            {
                property.SetValue(target, list);
            }

            return;
        }

        if (node is YamlMappingNode map)
        {
            if (property.GetValue(target) is not IDictionary<string, string> dict)
            {
                throw new FormatException("expected a single value, not a mapping");
            }

            foreach (var (mk, mv) in map.Children)
            {
                dict[((YamlScalarNode)mk).Value ?? string.Empty] = mv is YamlScalarNode s ? s.Value ?? string.Empty : throw new FormatException("expected single values in the mapping");
            }

            return;
        }

        var text = ((YamlScalarNode)node).Value ?? string.Empty;
        object? value = t switch
        {
            _ when t == typeof(string) => text,
            _ when t == typeof(int) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new FormatException($"'{text}' is not a whole number"),
            _ when t == typeof(double) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new FormatException($"'{text}' is not a number"),
            _ when t == typeof(bool) => bool.TryParse(text, out var b) ? b : throw new FormatException($"'{text}' is not true or false"),
            _ when t.IsEnum => Enum.GetNames(t).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } name
                ? Enum.Parse(t, name)
                : throw new FormatException($"'{text}' is not one of {string.Join(", ", Enum.GetNames(t).Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}"),
            _ when typeof(IList<string>).IsAssignableFrom(property.PropertyType) => null,
            _ => throw new FormatException($"values of type {t.Name} are not supported here"),
        };
        if (value is null)
        {
            // A single value given for a list key.
            var list = (IList<string>)(property.GetValue(target) ?? new List<string>());
            list.Clear();
            list.Add(text);
            return;
        }

        property.SetValue(target, value);
    }
}
