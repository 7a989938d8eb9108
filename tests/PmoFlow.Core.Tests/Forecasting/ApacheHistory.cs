using System.Globalization;
using PmoFlow.Core.Forecasting;
using PmoFlow.Testing;

namespace PmoFlow.Core.Tests.Forecasting;

/// <summary>
/// Real Apache Jira status histories (Montgomery, Lüders, Maalej, MSR 2022; CC BY 4.0) as stays in done: Done = entering
/// Resolved/Closed from another status (Resolved → Closed does not move it), UTC dates; leaving them is a reopen.
/// </summary>
internal static class ApacheHistory
{
    private static readonly HashSet<string> DoneStatuses = ["Resolved", "Closed"];

    public static IReadOnlyList<(string Key, DateTimeOffset At, string From, string To)> Events(string project)
    {
        var path = TestPaths.Data("apache-jira", project + "_status_events.csv");
        return [.. File.ReadLines(path).Skip(1).Select(line =>
        {
            var f = line.Split(',');
            return (f[0], DateTimeOffset.Parse(f[1], CultureInfo.InvariantCulture), f[2], f[3]);
        })];
    }

    /// <summary>Stays in done of every item, from the events before <paramref name="before"/> only (all when null).</summary>
    public static CompletionHistory History(
        IEnumerable<(string Key, DateTimeOffset At, string From, string To)> events, DateTimeOffset? before = null)
    {
        var spells = new List<CompletionSpell>();
        foreach (var item in events.Where(e => before is null || e.At < before).GroupBy(e => e.Key, StringComparer.Ordinal))
        {
            DateOnly? open = null;
            foreach (var e in item.OrderBy(e => e.At))
            {
                var day = DateOnly.FromDateTime(e.At.UtcDateTime);
                var toDone = DoneStatuses.Contains(e.To);
                var fromDone = DoneStatuses.Contains(e.From);
                if (toDone && (!fromDone || open is null))
                {
                    open ??= day;
                }
                else if (!toDone && open is { } start)
                {
                    spells.Add(new CompletionSpell(start, day));
                    open = null;
                }
            }

            if (open is { } still)
            {
                spells.Add(new CompletionSpell(still, null));
            }
        }

        return CompletionHistory.FromSpells(spells);
    }
}
