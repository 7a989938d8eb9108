using System.Globalization;

namespace PmoFlow.Core.Value;

/// <summary>
/// The text form of a <see cref="PortfolioScenario"/> (<c>pmoflow portfolio --what-if</c>, saved scenarios):
/// <c>name:key=value,key=value</c> with keys <c>throughputFactor=1.2</c>, <c>throughput.&lt;stream&gt;=1.2</c> (that
/// stream's capacity; other streams' keys are ignored when another stream is evaluated), <c>drop=A|B</c>,
/// <c>order=C|A</c>, <c>wipLimit=2</c>, <c>delay=B@14|C@7</c> (days) and
/// <c>add=ID/label/costOfDelayPerWeek/jobWeeks[/businessValue]</c> (an initiative linked by a label; repeatable).
/// </summary>
public static class PortfolioScenarioSpec
{
    /// <summary>Parses one scenario for the stream <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">The text is malformed; the message quotes the part and says what is wrong.</exception>
    public static PortfolioScenario Parse(string text, string stream)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new ArgumentException($"what-if '{text}': expected name:key=value,... (e.g. 'more capacity:throughputFactor=1.2').");
        }

        var name = text[..colon].Trim();
        var scenario = new PortfolioScenario { Name = name };
        var add = new List<Initiative>();
        var delays = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"what-if '{name}': '{part}' is not key=value.");
            }

            var key = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            if (key.StartsWith("throughput.", StringComparison.OrdinalIgnoreCase))
            {
                if (string.Equals(key["throughput.".Length..], stream, StringComparison.OrdinalIgnoreCase))
                {
                    scenario = scenario with { ThroughputFactor = Number(name, key, value) };
                }

                continue;
            }

            scenario = key.ToLowerInvariant() switch
            {
                "throughputfactor" => scenario with { ThroughputFactor = Number(name, key, value) },
                "drop" => scenario with { Drop = List(value) },
                "order" => scenario with { Order = List(value) },
                "wiplimit" => scenario with { WipLimit = (int)Whole(name, key, value) },
                "delay" => Delay(scenario, name, value, delays),
                "add" => Add(scenario, name, value, add),
                _ => throw new ArgumentException(
                    $"what-if '{name}': unknown key '{key}' (known: throughputFactor, throughput.<stream>, drop, order, wipLimit, delay, add)."),
            };
        }

        return scenario with { Add = add, Delays = delays };
    }

    private static PortfolioScenario Delay(PortfolioScenario s, string name, string value, Dictionary<string, int> delays)
    {
        foreach (var d in List(value))
        {
            var at = d.LastIndexOf('@');
            if (at <= 0)
            {
                throw new ArgumentException($"what-if '{name}': delay '{d}' must be INITIATIVE@days (e.g. B@14).");
            }

            delays[d[..at].Trim()] = (int)Whole(name, "delay", d[(at + 1)..]);
        }

        return s;
    }

    private static PortfolioScenario Add(PortfolioScenario s, string name, string value, List<Initiative> add)
    {
        var f = value.Split('/', StringSplitOptions.TrimEntries);
        if (f.Length is not (4 or 5) || f[0].Length == 0 || f[1].Length == 0)
        {
            throw new ArgumentException($"what-if '{name}': add '{value}' must be ID/label/costOfDelayPerWeek/jobWeeks[/businessValue].");
        }

        add.Add(new Initiative
        {
            Id = f[0],
            Name = f[0],
            Link = new InitiativeLink { Labels = [f[1]] },
            CostOfDelayPerWeek = Number(name, "add", f[2]),
            JobDurationWeeks = Number(name, "add", f[3]),
            BusinessValue = f.Length == 5 ? (decimal)Number(name, "add", f[4]) : null,
        });
        return s;
    }

    private static string[] List(string value) => value.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static double Number(string name, string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x
            : throw new ArgumentException($"what-if '{name}': {key} '{value}' is not a number.");

    private static long Whole(string name, string key, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) && x is >= 0 and <= 3660
            ? x
            : throw new ArgumentException($"what-if '{name}': {key} '{value}' is not a whole number between 0 and 3660.");
}
