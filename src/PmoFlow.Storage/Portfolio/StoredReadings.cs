using System.Globalization;
using PmoFlow.Core.Value;

namespace PmoFlow.Storage.Portfolio;

/// <summary>Adds stored KPI readings to a portfolio's KPIs.</summary>
public static class StoredReadings
{
    /// <summary>
    /// The portfolio with the stored readings added to its KPIs (matched case-insensitively). A stored reading equal to
    /// one the portfolio already has (same date and value) counts once; readings of KPIs the portfolio does not have
    /// are ignored (they belong to retired definitions).
    /// </summary>
    /// <exception cref="ValueInputException">A stored reading gives another value for a date the portfolio already has a reading on.</exception>
    public static Core.Value.Portfolio Apply(Core.Value.Portfolio portfolio, IReadOnlyList<StoredKpiReading> readings)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(readings);
        var byKpi = readings.GroupBy(r => PortfolioRepository.KpiKey(r.InitiativeId, r.Kpi)).ToDictionary(g => g.Key, g => g.ToList());
        var errors = new List<ValueDiagnostic>();
        var initiatives = portfolio.Initiatives.Select(i => i with
        {
            Kpis = i.Kpis.Select(k =>
            {
                if (!byKpi.TryGetValue(PortfolioRepository.KpiKey(i.Id, k.Name), out var stored))
                {
                    return k;
                }

                var have = k.Readings.GroupBy(r => r.Date).ToDictionary(g => g.Key, g => g.First().Value);
                var added = new List<KpiReading>();
                foreach (var s in stored)
                {
                    if (have.TryGetValue(s.Date, out var value))
                    {
                        if (value != s.Value)
                        {
                            errors.Add(new ValueDiagnostic(ValueSeverity.Error, i.Id, k.Name, "readings", string.Create(CultureInfo.InvariantCulture,
                                $"{s.Date:yyyy-MM-dd} has the reading {value} in the portfolio file but {s.Value} in the database (stored from {s.Source}).")));
                        }

                        continue;
                    }

                    have[s.Date] = s.Value;
                    added.Add(new KpiReading(s.Date, s.Value));
                }

                return added.Count == 0 ? k : k with { Readings = [.. k.Readings, .. added] };
            }).ToList(),
        }).ToList();
        if (errors.Count > 0)
        {
            throw new ValueInputException(errors);
        }

        return portfolio with { Initiatives = initiatives };
    }
}
