using PmoFlow.Core.Model;

namespace PmoFlow.Core.Forecasting;

/// <summary>
/// The daily draws of a sample laid over the simulated days: one pool, or weekday and weekend pools
/// (<see cref="ThroughputSampling.ByWeekday"/>; an empty pool falls back to the whole sample), and the cold-start
/// day indices (a cycle time c ends on the last simulated day on or before today + ⌈c⌉).
/// </summary>
/// <remarks>The one rule the pooled Monte Carlo and the sample paths draw by. Immutable once built.</remarks>
internal sealed class ThroughputPools
{
    private readonly int[] _weekday;
    private readonly int[] _weekend;
    private readonly bool[] _weekendDay;

    public ThroughputPools(ThroughputSample sample, SimulatedDays days)
    {
        var all = sample.DailyCounts.ToArray();
        _weekday = all;
        _weekend = all;
        if (sample.Sampling == ThroughputSampling.ByWeekday)
        {
            var wd = new List<int>();
            var we = new List<int>();
            for (var i = 0; i < sample.Dates.Count; i++)
            {
                (ForecastSampling.IsWeekend(sample.Dates[i]) ? we : wd).Add(sample.DailyCounts[i]);
            }

            _weekday = wd.Count > 0 ? [.. wd] : all;
            _weekend = we.Count > 0 ? [.. we] : all;
        }

        MaxDays = days.Count;
        _weekendDay = new bool[MaxDays + 1];
        for (var k = 1; k <= MaxDays; k++)
        {
            _weekendDay[k] = ForecastSampling.IsWeekend(days.Days[k]);
        }

        ColdStart = [.. sample.ColdStartCycleTimes
            .Select(c => days.IndexOnOrBefore(days.Days[0].AddDays((int)Math.Min(Math.Ceiling(Math.Max(0, c)), 365_000))))];
    }

    /// <summary>The number of simulated working days (K).</summary>
    public int MaxDays { get; }

    /// <summary>Cold-start end days, one per cycle time of the sample; empty without a cold start.</summary>
    public int[] ColdStart { get; }

    /// <summary>Draws the completions of simulated day <paramref name="day"/> (1..K).</summary>
    public int Draw(ref Xoshiro256StarStar rng, int day)
    {
        var pool = _weekendDay[day] ? _weekend : _weekday;
        return pool[rng.NextIndex((uint)pool.Length)];
    }

    /// <summary>Draws a cold start's end day (0..K).</summary>
    public int DrawColdStart(ref Xoshiro256StarStar rng) => ColdStart[rng.NextIndex((uint)ColdStart.Length)];
}
