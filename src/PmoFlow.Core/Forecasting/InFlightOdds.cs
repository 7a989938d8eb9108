using PmoFlow.Core.Flow;

namespace PmoFlow.Core.Forecasting;

/// <summary>
/// The chance each in-progress item finishes within 7, 14 and 30 more days, from a Kaplan–Meier fit of the stream's
/// completed cycle times with the open items' ages as censored observations. The columns <c>pmoflow items</c>, the
/// API's items and the report add to the item table.
/// </summary>
public static class InFlightOdds
{
    /// <summary>The horizons in days.</summary>
    public static IReadOnlyList<int> Horizons { get; } = [7, 14, 30];

    /// <summary>The column names, in the order of <see cref="Horizons"/>.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["p_done_7d", "p_done_14d", "p_done_30d"];

    /// <summary>The item table (<see cref="FlowTables.Items"/>) with the three chances added (empty unless in progress).</summary>
    public static Table ItemsTable(FlowAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var items = FlowTables.Items(analysis);
        var odds = Estimate(analysis);
        var rows = new List<IReadOnlyList<object?>>(items.Rows.Count);
        for (var r = 0; r < items.Rows.Count; r++)
        {
            var chances = odds[r];
            rows.Add([.. items.Rows[r], .. chances.Select(p => p is { } v ? (object?)Math.Round(v, 4) : null)]);
        }

        return new Table(items.Name, [.. items.Columns, .. Columns], rows);
    }

    /// <summary>Per item of <see cref="FlowAnalysis.Items"/> (same order), the chances at each horizon; nulls unless in progress.</summary>
    public static IReadOnlyList<double?[]> Estimate(FlowAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var completed = analysis.Items.Where(i => i.State == ItemState.Done && i.CycleTime is not null).Select(i => i.CycleTime!.Value);
        var open = analysis.Items.Where(i => i.State == ItemState.InProgress && i.Age is not null).Select(i => i.Age!.Value);
        var km = KaplanMeier.Fit(completed, open);
        var result = new List<double?[]>(analysis.Items.Count);
        foreach (var item in analysis.Items)
        {
            var chances = new double?[Horizons.Count];
            if (item.State == ItemState.InProgress && item.Age is { } age)
            {
                var estimate = km.Estimate(age, Horizons);
                for (var k = 0; k < chances.Length; k++)
                {
                    chances[k] = estimate.Chances[k].Probability;
                }
            }

            result.Add(chances);
        }

        return result;
    }
}
