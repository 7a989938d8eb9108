using PmoFlow.Core.Model;

namespace PmoFlow.Core.Forecasting;

/// <summary>
/// The daily draws of a sample laid over the simulated days: one pool, or weekday and weekend pools
/// (<see cref="ThroughputSampling.ByWeekday"/>; an empty pool falls back to the whole sample), each day's count scaled by
/// the throughput factor into integer units, and the cold-start day indices (a cycle time c ends on the last simulated
/// day on or before today + ⌈c⌉).
/// </summary>
/// <remarks>
/// The one rule every daily Monte Carlo draws by: "when" (one or several features, growth, factor), "how many" and the
/// sample paths. With one pool and no cold start the draws are those of a plain bootstrap. Immutable once built.
/// </remarks>
internal sealed class ThroughputPools
{
    /// <summary>
    /// Units per item under a throughput factor: each sampled count becomes round(count × factor × 1000) units and a trial
    /// delivers floor(cumulative units / 1000) items, so fractions carry over from day to day instead of being rounded away.
    /// </summary>
    public const int ScaledUnit = 1000;

    private readonly bool[] _weekendDay;

    public ThroughputPools(ThroughputSample sample, SimulatedDays days, double factor = 1.0)
    {
        Unit = factor == 1.0 ? 1 : ScaledUnit;
        var all = Scale(sample.DailyCounts, factor);
        Weekday = all;
        Weekend = all;
        if (sample.Sampling == ThroughputSampling.ByWeekday)
        {
            var wd = new List<int>();
            var we = new List<int>();
            for (var i = 0; i < sample.Dates.Count; i++)
            {
                (ForecastSampling.IsWeekend(sample.Dates[i]) ? we : wd).Add(all[i]);
            }

            Weekday = wd.Count > 0 ? [.. wd] : all;
            Weekend = we.Count > 0 ? [.. we] : all;
        }

        MaxUnits = Math.Max(Weekday.Max(), Weekend.Max());
        MaxDays = days.Count;
        _weekendDay = new bool[MaxDays + 1];
        for (var k = 1; k <= MaxDays; k++)
        {
            _weekendDay[k] = ForecastSampling.IsWeekend(days.Days[k]);
        }

        ColdStart = [.. sample.ColdStartCycleTimes
            .Select(c => days.IndexOnOrBefore(days.Days[0].AddDays((int)Math.Min(Math.Ceiling(Math.Max(0, c)), 365_000))))];
        OnePool = ReferenceEquals(Weekday, Weekend);
        Plain = OnePool && ColdStart.Length == 0;
    }

    /// <summary>Units per item: 1, or <see cref="ScaledUnit"/> under a throughput factor (fractional capacity carries over).</summary>
    public int Unit { get; }

    /// <summary>The largest daily draw, in units.</summary>
    public int MaxUnits { get; }

    /// <summary>The number of simulated working days (K).</summary>
    public int MaxDays { get; }

    /// <summary>Cold-start end days, one per cycle time of the sample; empty without a cold start.</summary>
    public int[] ColdStart { get; }

    /// <summary>One pool for every day (<see cref="Weekday"/> = <see cref="Weekend"/>): a day's draw need not look at its kind.</summary>
    public bool OnePool { get; }

    /// <summary>One pool and no cold start: a plain bootstrap of <see cref="Weekday"/> (the whole sample).</summary>
    public bool Plain { get; }

    /// <summary>The weekday pool in units (the whole sample unless sampling by weekday).</summary>
    public int[] Weekday { get; }

    /// <summary>The weekend pool in units (the whole sample unless sampling by weekday).</summary>
    public int[] Weekend { get; }

    /// <summary>Draws the completions (in units) of simulated day <paramref name="day"/> (1..K).</summary>
    public int Draw(ref Xoshiro256StarStar rng, int day)
    {
        var pool = !OnePool && _weekendDay[day] ? Weekend : Weekday;
        return pool[rng.NextIndex((uint)pool.Length)];
    }

    /// <summary>Draws a cold start's end day (0..K).</summary>
    public int DrawColdStart(ref Xoshiro256StarStar rng) => ColdStart[rng.NextIndex((uint)ColdStart.Length)];

    private static int[] Scale(IReadOnlyList<int> counts, double factor)
    {
        var unit = factor == 1.0 ? 1 : ScaledUnit;
        return [.. counts.Select(c => checked((int)Math.Round(c * factor * unit, MidpointRounding.AwayFromZero)))];
    }
}
