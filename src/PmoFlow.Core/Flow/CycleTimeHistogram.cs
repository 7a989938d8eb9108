using System.Globalization;

namespace PmoFlow.Core.Flow;

/// <summary>One bar of the cycle time histogram: whole days <see cref="FromDays"/> to <see cref="ToDays"/>, both included.</summary>
/// <param name="Label">The bar's label: the day (<c>3</c>) for one-day bins, else the range (<c>7-13</c>); the long tail's bar <c>N+</c>.</param>
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
/// <remarks>
/// <see cref="Auto"/> is the default of the report chart and of the table without <c>--bin-days</c>: bins at most
/// <see cref="MaxBins"/> bars wide and, when the tail is long (at least <see cref="LongTailMinValues"/> values and a
/// largest value more than <see cref="LongTailRatio"/> times the P95, nearest rank on whole days), bars only up to the
/// bin holding the P95 and one last bar <c>N+</c> (<see cref="TailFromDays"/>) holding every value from day N on.
/// </remarks>
/// <param name="BinDays">The width of each bin in whole days.</param>
/// <param name="Bins">The bins in order; empty when there is no cycle time.</param>
public sealed record CycleTimeHistogram(int BinDays, IReadOnlyList<HistogramBin> Bins)
{
    /// <summary>Most bars <see cref="Auto"/> draws before the tail bar.</summary>
    public const int MaxBins = 100;

    /// <summary>Fewest values for a tail to be called long (a handful of items has no tail worth a bar of its own).</summary>
    public const int LongTailMinValues = 20;

    /// <summary>A tail is long when the largest whole day is more than this many times the P95's.</summary>
    public const double LongTailRatio = 2;

    /// <summary>The percentile the bars run up to when the tail is long.</summary>
    public const double TailPercentile = 95;

    /// <summary>The first day of the last bar <c>N+</c> that holds the long tail, or null when every bin has its own bar.</summary>
    public int? TailFromDays { get; init; }

    /// <summary>
    /// The default histogram (report chart; table without <c>--bin-days</c>): a long tail goes into one last bar
    /// <c>N+</c> from the bin after the P95's, the bars before it at most <see cref="MaxBins"/>; otherwise
    /// <see cref="Of(IEnumerable{double}, int)"/> with <see cref="AutoBinDays"/>.
    /// </summary>
    public static CycleTimeHistogram Auto(IEnumerable<double> cycleTimesDays)
    {
        ArgumentNullException.ThrowIfNull(cycleTimesDays);
        var values = cycleTimesDays.Where(double.IsFinite).ToArray();
        var days = values.Select(DayOf).Order().ToArray();
        if (days.Length >= LongTailMinValues)
        {
            var p95 = days[Math.Max(0, (int)Math.Ceiling(TailPercentile / 100 * days.Length) - 1)];
            var width = Math.Max(1, (int)Math.Ceiling((p95 + 1) / (double)MaxBins));
            var tailFrom = ((p95 / width) + 1) * width;
            if (days[^1] > LongTailRatio * p95 && days[^1] >= tailFrom)
            {
                return WithTail(values, width, tailFrom);
            }
        }

        return Of(values, AutoBinDays(values));
    }

    /// <summary>
    /// Bins of <paramref name="binDays"/> whole days from day 0 up to <paramref name="tailFromDays"/> − 1, then one bar
    /// <c>N+</c> holding every value of whole day <paramref name="tailFromDays"/> (a multiple of the width) or more.
    /// </summary>
    public static CycleTimeHistogram WithTail(IEnumerable<double> cycleTimesDays, int binDays, int tailFromDays)
    {
        ArgumentNullException.ThrowIfNull(cycleTimesDays);
        ArgumentOutOfRangeException.ThrowIfLessThan(binDays, 1);
        if (tailFromDays < binDays || tailFromDays % binDays != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tailFromDays), tailFromDays, "The tail starts on a bin boundary after the first bin.");
        }

        var days = cycleTimesDays.Where(double.IsFinite).Select(DayOf).ToArray();
        var head = Of(days.Where(d => d < tailFromDays).Select(d => (double)d), binDays).Bins.ToList();
        // Bars up to the tail even where the head's largest value stops short of it (empty bins are kept).
        for (var from = head.Count * binDays; from < tailFromDays; from += binDays)
        {
            head.Add(Bin(from, binDays, 0));
        }

        var tail = days.Where(d => d >= tailFromDays).ToArray();
        head.Add(new HistogramBin(string.Create(CultureInfo.InvariantCulture, $"{tailFromDays}+"), tailFromDays, tail.DefaultIfEmpty(tailFromDays).Max(), tail.Length));
        return new CycleTimeHistogram(binDays, head) { TailFromDays = tailFromDays };
    }

    private static HistogramBin Bin(int from, int binDays, long items)
    {
        var to = from + binDays - 1;
        var label = binDays == 1
            ? from.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{from}-{to}");
        return new HistogramBin(label, from, to, items);
    }

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
            bins[b] = Bin(b * binDays, binDays, counts[b]);
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

    /// <summary>The index of the bin holding <paramref name="cycleTimeDays"/>, clamped to the bins there are (0 when none; the tail bar for a value in the tail).</summary>
    public int BinOf(double cycleTimeDays) => Math.Clamp(DayOf(cycleTimeDays) / BinDays, 0, Math.Max(0, Bins.Count - 1));
}
