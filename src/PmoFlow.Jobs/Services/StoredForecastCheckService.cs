using PmoFlow.Core.Model;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using PmoFlow.Core.Flow;
using PmoFlow.Streams.Loading;
using PmoFlow.Streams.Configuration;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Storage.Forecasts;

namespace PmoFlow.Jobs.Services;

/// <summary>
/// The weekly forecast check: scores the stream's stored <c>when</c> and <c>how-many</c> runs (saved by
/// <c>pmoflow forecast</c>) whose target date has passed against the stream's completions
/// (<see cref="ForecastOutcomes"/>), and records each outcome with <see cref="ForecastStore.MarkCheckedAsync"/>.
/// </summary>
/// <remarks>
/// A run is checked once: its <c>checked_at</c> is set and it is not read again. Completions are those known now
/// (an item reopened since its forecast counts where it finally finished). Looks at the newest
/// <see cref="MaxRuns"/> runs of the stream. Thread-safe.
/// </remarks>
public sealed class StoredForecastCheckService(NpgsqlDataSource dataSource, PmoFlowConfig config) : IForecastCheckService
{
    /// <summary>At most this many of the stream's newest runs are looked at per check.</summary>
    public const int MaxRuns = 10_000;

    /// <summary>How the outcome is written to <c>forecast_runs.actual</c>: camelCase, dates as yyyy-MM-dd.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private readonly ForecastStore _store = new(dataSource);

    /// <inheritdoc />
    public async Task<ForecastCheckResult> CheckAsync(StreamJobs stream, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var runs = (await _store.ListAsync(stream.Name, MaxRuns, ct))
            .Where(r => r.CheckedAt is null && ForecastOutcomes.CheckedKinds.Contains(r.Kind))
            .OrderBy(r => r.Id)
            .ToList();
        if (runs.Count == 0)
        {
            return new ForecastCheckResult(0, 0, "no unchecked when or how-many forecast is stored");
        }

        var analysis = await StreamLoader.AnalyzeFromDatabaseAsync(dataSource, config, stream.Config, new FlowQuery
        {
            AsOf = new StreamCalendar(stream.Zone).StartOfDay(asOf.AddDays(1)).ToUniversalTime().AddTicks(-1),
        }, ct);
        var checks = new List<ForecastCheck>();
        foreach (var run in runs)
        {
            if (ForecastOutcomes.Check(run, analysis.CompletionDates, asOf) is { } check)
            {
                await _store.MarkCheckedAsync(run.Id, JsonSerializer.Serialize(check, Json), ct);
                checks.Add(check);
            }
        }

        var scored = checks.Where(c => c.Status == "checked").ToList();
        var hits = scored.Count(c => c.P85Hit == true);
        return new ForecastCheckResult(scored.Count, hits, Describe(scored, checks.Count - scored.Count, runs.Count - checks.Count));
    }

    private static string Describe(List<ForecastCheck> scored, int noForecast, int notDue)
    {
        var rates = scored.SelectMany(c => c.Percentiles)
            .Where(p => p.Hit is not null)
            .GroupBy(p => p.Percentile)
            .OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"P{g.Key:0.##} {g.Count(p => p.Hit == true)}/{g.Count()}"));
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{scored.Count(c => c.Kind == "when")} when and {scored.Count(c => c.Kind == "how-many")} how-many forecasts scored");
        if (scored.Count > 0)
        {
            text += " (held: " + string.Join(", ", rates) + ")";
        }

        return text + string.Create(CultureInfo.InvariantCulture, $"; {noForecast} without a forecast recorded; {notDue} not due yet");
    }
}
