using System.Globalization;
using PmoFlow.Core.Value;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Streams.Portfolio;

/// <summary>
/// Typed reads over YamlDotNet's representation model that record an error (with the node's line and column)
/// instead of throwing, so one pass reports every problem of a file.
/// </summary>
internal sealed class YamlReader
{
    private readonly string _file;

    public YamlReader(string file)
    {
        _file = file;
    }

    public List<ValueDiagnostic> Errors { get; } = [];

    public Dictionary<string, SourceLocation> Locations { get; } = [];

    public SourceLocation At(YamlNode node) => At(node.Start);

    public SourceLocation At(Mark mark) => new(_file, checked((int)mark.Line), checked((int)mark.Column));

    public void Error(YamlNode node, string? initiative, string? kpi, string field, string message) =>
        Errors.Add(new ValueDiagnostic(ValueSeverity.Error, initiative, kpi, field, message) { Location = At(node) });

    public void Remember(string? initiative, string? kpi, string field, YamlNode node) =>
        Locations.TryAdd(PortfolioDocument.Key(initiative, kpi, field), At(node));

    /// <summary>The mapping's entries by key; unknown or repeated keys are errors.</summary>
    public Dictionary<string, (YamlNode Key, YamlNode Value)> Entries(
        YamlNode node, string? initiative, string? kpi, string path, IReadOnlyCollection<string> known)
    {
        var result = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping)
        {
            Error(node, initiative, kpi, path, $"expected a mapping (key: value lines), found {Describe(node)}.");
            return result;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value?.Trim() ?? string.Empty;
            var field = Join(path, key);
            if (!known.Contains(key))
            {
                Error(keyNode, initiative, kpi, field, $"unknown key '{key}'; expected one of: {string.Join(", ", known)}.");
                continue;
            }

            if (!result.TryAdd(key, (keyNode, valueNode)))
            {
                Error(keyNode, initiative, kpi, field, $"key '{key}' appears twice.");
                continue;
            }

            Remember(initiative, kpi, field, keyNode);
        }

        return result;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) } s
        && (string.IsNullOrWhiteSpace(s.Value) || s.Value is "~" or "null" or "Null" or "NULL");

    public string? String(YamlNode node, string? initiative, string? kpi, string field)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode s)
        {
            return s.Value?.Trim();
        }

        Error(node, initiative, kpi, field, $"expected a text value, found {Describe(node)}.");
        return null;
    }

    public double? Double(YamlNode node, string? initiative, string? kpi, string field)
    {
        var text = String(node, initiative, kpi, field);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            && double.IsFinite(v))
        {
            return v;
        }

        Error(node, initiative, kpi, field, $"'{text}' is not a number (use a dot for decimals, e.g. 0.08).");
        return null;
    }

    public decimal? Decimal(YamlNode node, string? initiative, string? kpi, string field)
    {
        var text = String(node, initiative, kpi, field);
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        Error(node, initiative, kpi, field, $"'{text}' is not a number.");
        return null;
    }

    public int? Int(YamlNode node, string? initiative, string? kpi, string field)
    {
        var text = String(node, initiative, kpi, field);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        Error(node, initiative, kpi, field, $"'{text}' is not a whole number.");
        return null;
    }

    public DateOnly? Date(YamlNode node, string? initiative, string? kpi, string field)
    {
        var text = String(node, initiative, kpi, field);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        Error(node, initiative, kpi, field, $"'{text}' is not a date in the form yyyy-MM-dd.");
        return null;
    }

    public IReadOnlyList<YamlNode>? Sequence(YamlNode node, string? initiative, string? kpi, string field)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is YamlSequenceNode seq)
        {
            return seq.Children.ToList();
        }

        Error(node, initiative, kpi, field, $"expected a list, found {Describe(node)}.");
        return null;
    }

    public List<double>? Doubles(YamlNode node, string? initiative, string? kpi, string field)
    {
        var seq = Sequence(node, initiative, kpi, field);
        if (seq is null)
        {
            return null;
        }

        var list = new List<double>();
        foreach (var child in seq)
        {
            if (Double(child, initiative, kpi, field) is { } v)
            {
                list.Add(v);
            }
            else if (IsNull(child))
            {
                Error(child, initiative, kpi, field, "a list entry is empty: write every period's number (0 for a real zero).");
            }
        }

        return list;
    }

    public List<string> Strings(YamlNode node, string? initiative, string? kpi, string field)
    {
        if (node is YamlScalarNode && !IsNull(node))
        {
            return [String(node, initiative, kpi, field)!];
        }

        var seq = Sequence(node, initiative, kpi, field);
        if (seq is null)
        {
            return [];
        }

        return seq.Select(c => String(c, initiative, kpi, field)).OfType<string>().Where(s => s.Length > 0).ToList();
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "something else",
    };
}
