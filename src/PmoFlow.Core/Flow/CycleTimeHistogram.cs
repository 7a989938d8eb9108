using System.Globalization;

namespace PmoFlow.Core.Flow;

/// <summary>One bar of the cycle time histogram: whole days <see cref="FromDays"/> to <see cref="ToDays"/>, both included.</summary>
/// <param name="Label">The bar's label: the day (<c>3</c>) for one-day bins, else the range (<c>7-13</c>).</param>
/// <param name="FromDays">First whole day of the bin.</param>
/// <param name="ToDays">Last whole day of the bin (included).</param>
/// <param name="Items">Cycle times falling in the bin.</param>
public sealed record HistogramBin(string Label, int FromDays, int ToDays, long Items);

/// <summary>
/// The cycle time histogram: the one binning rule behind <c>metrics</c>' <c>cycle_time_histogram</c> table and the
/// report's histogram chart. A cycle time v falls in whole day ⌈v⌉ (2.3 days counts as 3; 0 as 0; negative values
/// as 0); bins of <see cref="BinDays"/> whole days start at day 0 and run up to the bin holding the largest value
/// (one-day bins: 0 .. max, i.e. the edges 0 to max + 1, as jira-agile-metrics draws them). Empty bins are kept.
/// </summary>
/// <param name="BinDays">The width of each bin in whole days.</param>
/// <param name="Bins">The bins in order; empty when there is no cycle time.</param>
public sealed record CycleTimeHistogram(int BinDays, IReadOnlyList<HistogramBin> Bins)
{
    /// <summary>Counts the values in bins of <paramref name="binDays"/> whole days from day 0; non-finite values are left out.</summary>
    public static CycleTimeHistogram Of(IEnumerable<double> cycleTimesDays, int binDays = 1)
    {
        ArgumentNullException.ThrowIfNull(cycleTimesDays);
        if (binDays < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(binDays), binDays, "A histogram bin is at least 1 day wide.");
        }

        var days = cycleTimesDays.Where(double.IsFinite).Select(DayOf).ToArray();
        if (days.Length == 0)
        {
            return new CycleTimeHistogram(binDays, []);
        }

        var counts = new long[(days.Max() / binDays) + 1];
        foreach (var d in days)
        {
            counts[d / binDays]++;
        }

        var bins = new HistogramBin[counts.Length];
        for (var b = 0; b < counts.Length; b++)
        {
            var from = b * binDays;
            var to = from + binDays - 1;
            var label = binDays == 1
                ? from.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{from}-{to}");
            bins[b] = new HistogramBin(label, from, to, counts[b]);
        }

        return new CycleTimeHistogram(binDays, bins);
    }

    /// <summary>The narrowest whole-day width that keeps the histogram within <paramref name="maxBins"/> bars (at least 1).</summary>
    public static int AutoBinDays(IEnumerable<double> cycleTimesDays, int maxBins = 100)
    {
        ArgumentNullException.ThrowIfNull(cycleTimesDays);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 1);
        var max = cycleTimesDays.Where(double.IsFinite).Select(DayOf).DefaultIfEmpty(0).Max();
        return Math.Max(1, (int)Math.Ceiling((max + 1) / (double)maxBins));
    }

    /// <summary>The whole day a cycle time counts in: ⌈v⌉, never below 0.</summary>
    public static int DayOf(double cycleTimeDays) => (int)Math.Max(0, Math.Ceiling(cycleTimeDays));

    /// <summary>The index of the bin holding <paramref name="cycleTimeDays"/>, clamped to the bins there are (0 when none).</summary>
    public int BinOf(double cycleTimeDays) => Math.Clamp(DayOf(cycleTimeDays) / BinDays, 0, Math.Max(0, Bins.Count - 1));
}
