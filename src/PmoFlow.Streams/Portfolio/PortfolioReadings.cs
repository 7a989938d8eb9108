using System.Globalization;
using PmoFlow.Core.Value;

namespace PmoFlow.Streams.Portfolio;

/// <summary>Adds readings from a KPI readings file to a portfolio read from YAML.</summary>
public static class PortfolioReadings
{
    /// <summary>
    /// Returns the document with the rows' readings added to their KPIs. A row naming an unknown initiative or KPI is
    /// an error; a row repeating an existing reading (same date and value, in the YAML or an earlier row) counts once;
    /// a row giving another value for a date that already has one is an error naming both places.
    /// </summary>
    /// <exception cref="PortfolioFileException">Listing every bad row with its file:line.</exception>
    public static PortfolioDocument Merge(PortfolioDocument document, IReadOnlyList<KpiReadingRow> rows)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(rows);
        var errors = new List<ValueDiagnostic>();
        var byInitiative = document.Portfolio.Initiatives.ToDictionary(i => i.Id, StringComparer.OrdinalIgnoreCase);
        var added = new Dictionary<(string Initiative, string Kpi), List<KpiReading>>();
        var seen = new Dictionary<(string, string, DateOnly), (double Value, string Where)>();
        foreach (var initiative in document.Portfolio.Initiatives)
        {
            foreach (var kpi in initiative.Kpis)
            {
                foreach (var r in kpi.Readings)
                {
                    seen.TryAdd(Key(initiative.Id, kpi.Name, r.Date), (r.Value, document.File));
                }
            }
        }

        foreach (var row in rows)
        {
            if (!byInitiative.TryGetValue(row.InitiativeId, out var initiative))
            {
                errors.Add(Error(row, "initiative", $"initiative '{row.InitiativeId}' is not in {document.File}."));
                continue;
            }

            var kpi = initiative.Kpis.FirstOrDefault(k => string.Equals(k.Name, row.Kpi, StringComparison.OrdinalIgnoreCase));
            if (kpi is null)
            {
                var known = initiative.Kpis.Count == 0 ? "it has no KPIs" : "its KPIs: " + string.Join(", ", initiative.Kpis.Select(k => k.Name));
                errors.Add(Error(row, "kpi", $"initiative '{initiative.Id}' has no KPI '{row.Kpi}' ({known})."));
                continue;
            }

            var key = Key(initiative.Id, kpi.Name, row.Date);
            if (seen.TryGetValue(key, out var earlier))
            {
                if (earlier.Value != row.Value)
                {
                    errors.Add(Error(row, "value", string.Create(CultureInfo.InvariantCulture,
                        $"{row.Date:yyyy-MM-dd} already has the reading {earlier.Value} ({earlier.Where}); this row gives {row.Value}.")));
                }

                continue;
            }

            seen[key] = (row.Value, row.Location.ToString());
            var k2 = (initiative.Id, kpi.Name);
            if (!added.TryGetValue(k2, out var list))
            {
                added[k2] = list = [];
            }

            list.Add(new KpiReading(row.Date, row.Value));
        }

        if (errors.Count > 0)
        {
            throw new PortfolioFileException(rows[0].Location.File, errors);
        }

        var initiatives = document.Portfolio.Initiatives.Select(i => i with
        {
            Kpis = i.Kpis.Select(k => added.TryGetValue((i.Id, k.Name), out var more)
                ? k with { Readings = [.. k.Readings, .. more] }
                : k).ToList(),
        }).ToList();
        return document.WithPortfolio(document.Portfolio with { Initiatives = initiatives });
    }

    private static (string, string, DateOnly) Key(string initiative, string kpi, DateOnly date) =>
        (initiative.ToUpperInvariant(), kpi.ToUpperInvariant(), date);

    private static ValueDiagnostic Error(KpiReadingRow row, string field, string message) =>
        new(ValueSeverity.Error, row.InitiativeId, row.Kpi, field, message) { Location = row.Location };
}
