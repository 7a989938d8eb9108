namespace PmoFlow.Core.Forecasting;

/// <summary>One point of a sample burn-up path: items done by the end of a simulated working day.</summary>
/// <param name="Path">The path's number, 1..N.</param>
/// <param name="WorkingDay">0 = today, then the working days after it.</param>
/// <param name="Date">The day's date.</param>
/// <param name="Done">Cumulative items done by then (capped at the items forecast).</param>
public sealed record PathPoint(int Path, int WorkingDay, DateOnly Date, long Done);

/// <summary>
/// Sample trial paths of a "when" forecast (<c>forecast when --paths N</c>, the report's fan chart): N trials drawn as
/// the forecast draws them (the sample's pools and cold start), each recorded day by day as cumulative items done,
/// from today (0) until it reaches the items forecast or the horizon.
/// </summary>
/// <remarks>
/// Illustrations, not the forecast: the percentile dates come from <see cref="Forecaster.When"/>. Deterministic for a
/// seed (path p draws from stream p of the seed). Pure and thread-safe.
/// </remarks>
public static class ForecastPaths
{
    /// <summary>The most paths one call draws.</summary>
    public const int MaxPaths = 1000;

    /// <summary>Draws <paramref name="paths"/> burn-up paths towards <paramref name="items"/> items.</summary>
    public static IReadOnlyList<PathPoint> Sample(ThroughputSample sample, long items, int paths, ulong seed = ForecastOptions.DefaultSeed, int horizonYears = 10)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 1);
        if (paths is < 1 or > MaxPaths)
        {
            throw new ArgumentOutOfRangeException(nameof(paths), paths, $"Paths must be 1..{MaxPaths}.");
        }

        if (sample.CannotForecastReason is not null)
        {
            return [];
        }

        var days = SimulatedDays.Build(sample.Today, sample.Calendar, horizonYears);
        var pools = new ThroughputPools(sample, days);
        var result = new List<PathPoint>();
        for (var p = 1; p <= paths; p++)
        {
            var rng = Xoshiro256StarStar.Create(seed, (ulong)p);
            long done = 0;
            var day = 0;
            result.Add(new PathPoint(p, 0, days.Days[0], 0));
            if (pools.ColdStart.Length > 0)
            {
                var end = pools.DrawColdStart(ref rng);
                for (var d = 1; d < end; d++)
                {
                    result.Add(new PathPoint(p, d, days.Days[d], 0));
                }

                day = end;
                done = 1;
                if (end > 0)
                {
                    result.Add(new PathPoint(p, day, days.Days[day], done));
                }
                else
                {
                    result[^1] = result[^1] with { Done = done };
                }
            }

            while (done < items && day < pools.MaxDays)
            {
                day++;
                done = Math.Min(items, done + pools.Draw(ref rng, day));
                result.Add(new PathPoint(p, day, days.Days[day], done));
            }
        }

        return result;
    }
}
