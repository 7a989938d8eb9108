using System.Globalization;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Limits;
using PmoFlow.Streams.Yaml;
using PmoFlow.Streams.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Streams.Forecasting;

/// <summary>A features file: features in priority order, the feature WIP limit, a deadline and what-if scenarios.</summary>
/// <param name="Request">The forecast request.</param>
/// <param name="Scenarios">Named variations answered side by side with the baseline.</param>
public sealed record ForecastFile(WhenRequest Request, IReadOnlyList<Scenario> Scenarios);

/// <summary>
/// Reads <c>features.yaml</c> (documented in the README) and <c>--what-if</c> specifications. Errors name the
/// file, the line and the key.
/// </summary>
public static class ForecastFileLoader
{
    /// <summary>Loads a features file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="limitsOrNull">The configuration's limits (default <see cref="InputLimits.Default"/>).</param>
    public static ForecastFile Load(string path, InputLimits? limitsOrNull = null)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: features file not found.");
        }

        var limits = (limitsOrNull ?? InputLimits.Default).Yaml;
        var root = YamlNodeReader.Document(YamlNodeReader.ReadFile(path, limits), path, limits);
        var features = new List<FeatureSpec>();
        foreach (var f in root.MappingList("features"))
        {
            var name = f.RequiredString("name");
            var items = f.OptionalInt("items", min: 0);
            var low = f.OptionalInt("low", min: 0) ?? items ?? throw f.Error("items", "give items, or low and high");
            var high = f.OptionalInt("high", min: 0) ?? items ?? low;
            if (high < low)
            {
                throw f.Error("high", $"must be at least low ({low})");
            }

            var split = f.StringList("split");
            var risks = new List<RiskSpec>();
            foreach (var r in f.MappingList("risks"))
            {
                var likelihood = r.OptionalDouble("likelihood") ?? throw r.Error("likelihood", "is required (0..1)");
                if (likelihood is < 0 or > 1)
                {
                    throw r.Error("likelihood", "must be between 0 and 1");
                }

                var impact = r.StringList("impact").Select(s => ParseInt(r, "impact", s)).ToList();
                if (impact.Count is not (1 or 2))
                {
                    throw r.Error("impact", "give [low, high] items (or one number)");
                }

                risks.Add(new RiskSpec(r.RequiredString("name"), likelihood, impact[0], impact[^1]));
                r.RejectUnknownKeys();
            }

            var arrivals = f.OptionalBool("receivesArrivals") ?? false;
            f.RejectUnknownKeys();
            features.Add(new FeatureSpec(name, low, high)
            {
                SplitLow = split.Count > 0 ? ParseDouble(f, "split", split[0]) : 1.0,
                SplitHigh = split.Count > 0 ? ParseDouble(f, "split", split[^1]) : 1.0,
                Risks = risks,
                ReceivesArrivals = arrivals,
            });
        }

        if (features.Count == 0)
        {
            throw root.Error("features", "at least one feature is required");
        }

        var wip = root.OptionalInt("wipLimit", min: 1) ?? 1;
        var deadlineText = root.OptionalString("deadline");
        DateOnly? deadline = deadlineText is null
            ? null
            : DateOnly.TryParseExact(deadlineText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw root.Error("deadline", $"'{deadlineText}' is not a date (yyyy-MM-dd)");
        var scenarios = new List<Scenario>();
        foreach (var s in root.MappingList("scenarios"))
        {
            scenarios.Add(new Scenario(s.RequiredString("name"))
            {
                ScopeFactor = s.OptionalDouble("scopeFactor") ?? 1.0,
                ScopeAdd = s.OptionalInt("scopeAdd") ?? 0,
                ThroughputFactor = s.OptionalDouble("throughputFactor") ?? 1.0,
                FeatureOrder = s.Has("featureOrder") ? s.StringList("featureOrder") : null,
                WipLimit = s.OptionalInt("wipLimit", min: 1),
            });
            s.RejectUnknownKeys();
        }

        root.RejectUnknownKeys();
        return new ForecastFile(new WhenRequest { Features = features, WipLimit = wip, Deadline = deadline }, scenarios);
    }

    /// <summary>
    /// Parses a <c>--what-if</c> value: <c>name:key=value,key=value</c> with keys scopeFactor, scopeAdd,
    /// throughputFactor, wipLimit and featureOrder (names separated by <c>|</c>).
    /// </summary>
    public static Scenario ParseWhatIf(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new ArgumentException($"--what-if '{spec}' must be name:key=value[,key=value], e.g. \"scope +20%:scopeFactor=1.2\".");
        }

        var scenario = new Scenario(spec[..colon].Trim());
        foreach (var part in spec[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq > 0 ? part[..eq].Trim() : part;
            var value = eq > 0 ? part[(eq + 1)..].Trim() : string.Empty;
            scenario = key switch
            {
                "scopeFactor" => scenario with { ScopeFactor = Number(spec, key, value) },
                "scopeAdd" => scenario with { ScopeAdd = (int)Number(spec, key, value) },
                "throughputFactor" => scenario with { ThroughputFactor = Number(spec, key, value) },
                "wipLimit" => scenario with { WipLimit = (int)Number(spec, key, value) },
                "featureOrder" => scenario with { FeatureOrder = value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) },
                _ => throw new ArgumentException($"--what-if '{spec}': unknown key '{key}' (scopeFactor, scopeAdd, throughputFactor, wipLimit, featureOrder)."),
            };
        }

        return scenario;
    }

    private static double Number(string spec, string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : throw new ArgumentException($"--what-if '{spec}': {key} '{value}' is not a number.");

    private static int ParseInt(YamlNodeReader node, string key, string s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0
            ? i
            : throw node.Error(key, $"'{s}' is not a whole number of items");

    private static double ParseDouble(YamlNodeReader node, string key, string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 1
            ? d
            : throw node.Error(key, $"'{s}' must be a multiplier of at least 1 (e.g. [1.0, 1.3])");
}
