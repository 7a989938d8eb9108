using System.Globalization;
using PmoFlow.Core.Limits;

namespace PmoFlow.Streams.Configuration;

/// <summary>Reads the <c>limits:</c> section of <c>pmoflow.yaml</c> (docs/limits.md) into <see cref="InputLimits"/>.</summary>
internal static class LimitsReader
{
    public static InputLimits Read(YamlNodeReader? node)
    {
        var d = InputLimits.Default;
        if (node is null)
        {
            return d;
        }

        var yaml = node.OptionalMapping("yaml");
        var yamlLimits = d.Yaml;
        if (yaml is not null)
        {
            yamlLimits = new YamlLimits
            {
                MaxChars = yaml.OptionalInt("maxChars", min: 1) ?? d.Yaml.MaxChars,
                MaxDepth = yaml.OptionalInt("maxDepth", min: 2) ?? d.Yaml.MaxDepth,
                MaxNodes = yaml.OptionalInt("maxNodes", min: 1) ?? d.Yaml.MaxNodes,
                MaxAliasNodes = yaml.OptionalInt("maxAliasNodes", min: 0) ?? d.Yaml.MaxAliasNodes,
            };
            yaml.RejectUnknownKeys();
        }

        var timestamps = node.OptionalMapping("timestamps");
        var earliest = d.EarliestTimestamp;
        var latest = d.LatestTimestamp;
        if (timestamps is not null)
        {
            earliest = Date(timestamps, "earliest")?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) is { } e ? new DateTimeOffset(e) : earliest;
            latest = Date(timestamps, "latest")?.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc) is { } l ? new DateTimeOffset(l) : latest;
            if (earliest >= latest)
            {
                throw timestamps.Error("latest", "must be after earliest");
            }

            timestamps.RejectUnknownKeys();
        }

        var hosts = node.StringList("allowedHosts");
        var result = d with
        {
            Yaml = yamlLimits,
            MaxRequestBodyBytes = node.OptionalInt("requestBodyBytes", min: 1024) ?? d.MaxRequestBodyBytes,
            MaxJsonDepth = node.OptionalInt("jsonDepth", min: 2) ?? d.MaxJsonDepth,
            MaxForecastWork = Long(node, "forecastWork") ?? d.MaxForecastWork,
            MaxConcurrentHeavyRequests = node.OptionalInt("concurrentHeavyRequests", min: 1),
            RetryAfterSeconds = node.OptionalInt("retryAfterSeconds", min: 1) ?? d.RetryAfterSeconds,
            EarliestTimestamp = earliest,
            LatestTimestamp = latest,
            MaxTitleLength = node.OptionalInt("titleLength", min: 1) ?? d.MaxTitleLength,
            MaxKeyLength = node.OptionalInt("keyLength", min: 1) ?? d.MaxKeyLength,
            AllowedHosts = hosts.Count == 0 ? d.AllowedHosts : [.. hosts.Select(h => h.Trim().ToLowerInvariant())],
        };
        node.RejectUnknownKeys();
        return result;
    }

    private static DateOnly? Date(YamlNodeReader node, string key)
    {
        var s = node.OptionalString(key);
        if (s is null)
        {
            return null;
        }

        return YamlScalars.TryDate(s, out var date)
            ? date
            : throw node.Error(key, $"'{s}' is not a date in the form yyyy-MM-dd", node.Find(key));
    }

    private static long? Long(YamlNodeReader node, string key)
    {
        var s = node.OptionalString(key);
        if (s is null)
        {
            return null;
        }

        return long.TryParse(s.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 1
            ? v
            : throw node.Error(key, $"'{s}' is not a whole number of at least 1", node.Find(key));
    }
}
