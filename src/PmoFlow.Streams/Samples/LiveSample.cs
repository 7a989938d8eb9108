using System.Globalization;
using System.Text.Json;
using PmoFlow.Core.Model;
using PmoFlow.Core.Simulation;

namespace PmoFlow.Streams.Samples;

/// <summary>
/// The demo's sample, kept live: its simulated history is the year that ends yesterday (in the sample's zone), so every
/// analysis, report and forecast run right after <c>pmoflow demo</c> measures from today. Each run records the
/// sample's last day in <c>sample.json</c>; a run on a later day generates the year ending the new yesterday and the
/// demo replaces the stored sample with it (the simulator's teams share one random source, so a longer run is not an
/// extension of a shorter one, and merging two samples would mix two histories of the same items).
/// </summary>
public static class LiveSample
{
    /// <summary>The file in the demo folder that records the sample's first day and seed.</summary>
    public const string MarkerFileName = "sample.json";

    /// <summary>Days simulated by a first run.</summary>
    public const int FirstRunDays = 365;

    /// <summary>The parameters of a sample in <paramref name="folder"/> that ends the day before <paramref name="today"/>.</summary>
    /// <param name="folder">The demo folder.</param>
    /// <param name="today">Today in the sample's zone.</param>
    /// <param name="defaults">The simulation's other parameters (seed, teams, zone).</param>
    /// <returns>The parameters and the previous run's last day (null on a first run).</returns>
    public static (SimulationParameters Parameters, DateOnly? PreviousEnd) For(string folder, DateOnly today, SimulationParameters defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var marker = Path.Combine(folder, MarkerFileName);
        var start = today.AddDays(-FirstRunDays);
        DateOnly? previousEnd = null;
        // A sample already written today is kept as it is (its start is the recorded one).
        if (File.Exists(marker))
        {
            var recorded = JsonSerializer.Deserialize<Marker>(File.ReadAllText(marker));
            if (recorded is not null && recorded.Seed == defaults.Seed && recorded.Teams == defaults.Teams
                && DateOnly.TryParseExact(recorded.Start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var s)
                && DateOnly.TryParseExact(recorded.End, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var e)
                && s < today)
            {
                previousEnd = e;
                if (e == today.AddDays(-1))
                {
                    start = s;
                }
            }
        }

        return (defaults with { Start = start, Days = today.DayNumber - start.DayNumber }, previousEnd);
    }

    /// <summary>Records the sample's first and last day beside its files.</summary>
    public static void Record(string folder, SimulationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var end = parameters.Start.AddDays(parameters.Days - 1);
        var marker = new Marker(parameters.Seed, parameters.Teams,
            parameters.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(folder, MarkerFileName), JsonSerializer.Serialize(marker));
    }

    /// <summary>Today in the sample's zone for the instant <paramref name="now"/>.</summary>
    public static DateOnly Today(SimulationParameters parameters, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new StreamCalendar(TimeZoneInfo.FindSystemTimeZoneById(parameters.TimeZone)).DateOf(now);
    }

    private sealed record Marker(int Seed, int Teams, string Start, string End);
}
