using PmoFlow.Core.Model;

namespace PmoFlow.Core.Flow;

/// <summary>
/// The CFD as a table or chart shows it, under the <c>cfdStart</c> and <c>cfdDone</c> switches: the one rule behind
/// <c>metrics</c>' <c>cfd</c> table and the report's (and dashboard's) CFD chart.
/// </summary>
/// <remarks>
/// <para>
/// <c>cfdStart: window</c>: the CFD counts from the first day shown (the window's start, or the first day of the
/// table's default 12 weeks). The items delivered by the end of the day before are left out: in cumulative-arrivals
/// mode every stage band drops that count, never below 0 (each such item had reached the delivery stage and, back-filled,
/// every stage before it, so those bands held it and their heights, the items in each stage, are unchanged; a band
/// after the delivery stage holds only some of them, hence the floor); so the done area starts at 0 and grows by the
/// window's completions. In currently-in-stage mode the items in the done bands the day before are taken off those
/// bands, the last band first. The removed band, when shown, counts the items removed from that day on.
/// </para>
/// <para>
/// <c>cfdDone: hide</c>: the done bands (the delivery stage and the stages after it) are marked hidden; every other
/// band keeps its values: the table drops the done columns, the chart stacks the other bands as before and draws no
/// done area.
/// </para>
/// </remarks>
public static class CfdView
{
    /// <summary>The CFD of an analysis as shown from <paramref name="from"/> (null: its first day) to its last day.</summary>
    public static CfdData Of(FlowAnalysis analysis, DateOnly? from = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return Of(analysis.Cfd, analysis.Options, from);
    }

    /// <summary>The CFD data as shown from <paramref name="from"/> (null: its first row) under the options' CFD switches.</summary>
    public static CfdData Of(CfdData cfd, FlowOptions options, DateOnly? from = null)
    {
        ArgumentNullException.ThrowIfNull(cfd);
        ArgumentNullException.ThrowIfNull(options);
        var bands = cfd.Bands.Count;
        var removedBand = bands > 0 && cfd.Bands[^1] == "(removed)";
        var stageBands = removedBand ? bands - 1 : bands;
        var first = 0;
        while (from is { } f && first < cfd.Rows.Count && cfd.Rows[first].Date < f)
        {
            first++;
        }

        var rows = cfd.Rows.Skip(first).ToList();
        if (options.CfdStart == CfdStart.Window && rows.Count > 0 && stageBands > 0)
        {
            // The counts on the day before the first row shown: the row before it, or the data's own "before".
            var baseline = first > 0 ? cfd.Rows[first - 1].Counts : cfd.Before.Count == bands ? cfd.Before : new int[bands];
            var cumulative = cfd.Mode != "currently-in-stage";
            var delivery = stageBands - Math.Clamp(cfd.DoneBands, 0, stageBands);
            var deliveredBefore = delivery < stageBands ? baseline[delivery] : 0;
            var inDoneBefore = Enumerable.Range(delivery, stageBands - delivery).Sum(b => baseline[b]);
            rows = [.. rows.Select(r =>
            {
                var counts = r.Counts.ToArray();
                if (cumulative)
                {
                    for (var b = 0; b < stageBands; b++)
                    {
                        counts[b] = Math.Max(0, counts[b] - deliveredBefore);
                    }
                }
                else
                {
                    // In-stage counts: the items in the done bands the day before are taken off them, the last band first.
                    var left = inDoneBefore;
                    for (var b = stageBands - 1; b >= delivery && left > 0; b--)
                    {
                        var take = Math.Min(counts[b], left);
                        counts[b] -= take;
                        left -= take;
                    }
                }

                if (removedBand)
                {
                    counts[^1] -= baseline[^1];
                }

                return new CfdRow(r.Date, counts);
            })];
        }

        var hidden = Enumerable.Range(0, bands)
            .Select(b => options.CfdDone == CfdDone.Hide && b < stageBands && b >= stageBands - cfd.DoneBands).ToList();
        return cfd with
        {
            Rows = rows,
            Before = [], // a view is read from its rows only
            Hidden = hidden,
        };
    }
}
