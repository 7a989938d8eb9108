using PmoFlow.Core.Value;
using PmoFlow.Streams.Configuration;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Streams.Portfolio;

/// <summary>
/// The portfolio file's collecting front over the one YAML reader: mappings are walked with
/// <see cref="YamlNodeReader.Entries"/> and every value is read with <see cref="YamlScalars"/>' rules (the same
/// empty, number, date and list rules as the stream configuration), but an error is recorded (file:line:column, the
/// initiative, the KPI and the key path) instead of thrown, so one pass reports every problem of a portfolio file.
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

    public SourceLocation At(YamlNode node) => new(_file, YamlScalars.Line(node), YamlScalars.Column(node));

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
            Error(node, initiative, kpi, path, $"expected a mapping (key: value lines), found {YamlScalars.Describe(node)}.");
            return result;
        }

        foreach (var (key, keyNode, valueNode) in YamlNodeReader.Entries(mapping))
        {
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

    public static string Join(string path, string key) => YamlScalars.Join(path, key);

    public static bool IsNull(YamlNode node) => YamlScalars.IsNull(node);

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

        Error(node, initiative, kpi, field, $"expected a text value, found {YamlScalars.Describe(node)}.");
        return null;
    }

    public double? Double(YamlNode node, string? initiative, string? kpi, string field) =>
        Parsed<double>(node, initiative, kpi, field, YamlScalars.TryNumber, "is not a number (use a dot for decimals, e.g. 0.08).");

    public decimal? Decimal(YamlNode node, string? initiative, string? kpi, string field) =>
        Parsed<decimal>(node, initiative, kpi, field, YamlScalars.TryDecimal, "is not a number.");

    public int? Int(YamlNode node, string? initiative, string? kpi, string field) =>
        Parsed<int>(node, initiative, kpi, field, YamlScalars.TryWholeNumber, "is not a whole number.");

    public DateOnly? Date(YamlNode node, string? initiative, string? kpi, string field) =>
        Parsed<DateOnly>(node, initiative, kpi, field, YamlScalars.TryDate, "is not a date in the form yyyy-MM-dd.");

    private delegate bool TryParse<T>(string text, out T value);

    /// <summary>The node's text read by <paramref name="parse"/>; null when empty, or (an error recorded) when it does not parse.</summary>
    private T? Parsed<T>(YamlNode node, string? initiative, string? kpi, string field, TryParse<T> parse, string problem)
        where T : struct
    {
        var text = String(node, initiative, kpi, field);
        if (text is null)
        {
            return null;
        }

        if (parse(text, out var value))
        {
            return value;
        }

        Error(node, initiative, kpi, field, $"'{text}' {problem}");
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

        Error(node, initiative, kpi, field, $"expected a list, found {YamlScalars.Describe(node)}.");
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
}
