using System.Globalization;
using System.Text.Json;
using PmoFlow.Storage.Forecasts;

namespace PmoFlow.Jobs.Services;

/// <summary>One percentile of a stored forecast against what happened.</summary>
/// <param name="Percentile">Confidence in percent.</param>
/// <param name="ForecastItems">How-many: the count forecast at this confidence.</param>
/// <param name="ForecastDate">When: the date forecast at this confidence (null: beyond the forecast's horizon).</param>
/// <param name="Hit">
/// How-many: actual ≥ forecast count. When: the N-th completion on or before the forecast date. Null when not yet
/// known (a when forecast whose date is still ahead and whose N-th item is not done yet).
/// </param>
/// <param name="Error">Actual − forecast: items (how-many) or calendar days (when; positive = later than forecast); null when not known.</param>
public sealed record PercentileCheck(double Percentile, long? ForecastItems, DateOnly? ForecastDate, bool? Hit, double? Error);

/// <summary>A stored forecast run checked against the stream's completions (what <c>forecast_runs.actual</c> holds).</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="Kind"><c>when</c> or <c>how-many</c>.</param>
/// <param name="Status"><c>checked</c>, or <c>no-forecast</c> for a run that could not forecast (nothing to score).</param>
/// <param name="ForecastAsOf">The run's today: simulated days started the day after.</param>
/// <param name="TargetDate">How-many: the by date. When: the P85 date (or the highest percentile's when there is no P85).</param>
/// <param name="CheckedAsOf">The last local day of completions looked at (included).</param>
/// <param name="Items">When: the number of items forecast.</param>
/// <param name="ActualItems">
/// How-many: items done after <paramref name="ForecastAsOf"/> up to the by date (both days: after, included). When:
/// items done after <paramref name="ForecastAsOf"/> up to <paramref name="CheckedAsOf"/>.
/// </param>
/// <param name="ActualDate">When: the date of the N-th completion after the run's today, if it has happened.</param>
/// <param name="Percentiles">Each reported percentile's outcome.</param>
public sealed record ForecastCheck(
    long RunId,
    string Kind,
    string Status,
    DateOnly ForecastAsOf,
    DateOnly? TargetDate,
    DateOnly CheckedAsOf,
    int? Items,
    long ActualItems,
    DateOnly? ActualDate,
    IReadOnlyList<PercentileCheck> Percentiles)
{
    /// <summary>The outcome at the 85th percentile (null when the run reports none or it is not yet known).</summary>
    public bool? P85Hit => Percentiles.FirstOrDefault(p => p.Percentile == 85)?.Hit;
}

/// <summary>
/// Scores stored <c>when</c> and <c>how-many</c> forecast runs against the completions that followed, with the
/// backtest's rules (METRICS.md §4): a how-many count holds when at least that many items were done from the day after
/// the run's today to the by date; a when date holds when the N-th item done after the run's today was done on or
/// before it.
/// </summary>
/// <remarks>Pure and thread-safe. Reads the result JSON <c>pmoflow forecast</c> stores (camelCase; property names matched without regard to case).</remarks>
public static class ForecastOutcomes
{
    /// <summary>The kinds that are checked.</summary>
    public static IReadOnlyList<string> CheckedKinds { get; } = ["when", "how-many"];

    /// <summary>
    /// Checks a run when its outcome is due by the end of <paramref name="asOf"/>: a how-many run once its by date is
    /// on or before <paramref name="asOf"/>, a when run once its P85 date is. Returns null when it is not due yet, is
    /// already checked, or is of another kind. A run that could not forecast is returned with status
    /// <c>no-forecast</c> (a how-many one once its date has passed, a when one at once) so it is not read again.
    /// </summary>
    /// <param name="run">The stored run.</param>
    /// <param name="completionDates">Local dates of Done of the stream's completed items (any order).</param>
    /// <param name="asOf">The last complete local day.</param>
    public static ForecastCheck? Check(StoredForecastRun run, IReadOnlyList<DateOnly> completionDates, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(completionDates);
        if (run.CheckedAt is not null)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(run.ResultJson);
        var ok = string.Equals(run.Status, "ok", StringComparison.OrdinalIgnoreCase);
        return run.Kind switch
        {
            "how-many" => HowMany(run, doc.RootElement, ok, completionDates, asOf),
            "when" => When(run, doc.RootElement, ok, completionDates, asOf),
            _ => null,
        };
    }

    private static ForecastCheck? HowMany(StoredForecastRun run, JsonElement root, bool ok, IReadOnlyList<DateOnly> completions, DateOnly asOf)
    {
        var by = run.ByDate ?? (Property(root, "by") is { ValueKind: JsonValueKind.String } b ? ParseDate(b) : null);
        if (by is not { } target || target > asOf)
        {
            return null;
        }

        // Simulated days run from the day after the run's today to the by date, both included.
        var actual = completions.LongCount(d => d > run.AsOf && d <= target);
        var percentiles = new List<PercentileCheck>();
        if (ok && Property(root, "percentiles") is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var p in list.EnumerateArray())
            {
                var forecast = Property(p, "items")?.GetInt64();
                var percentile = Property(p, "percentile")!.Value.GetDouble();
                percentiles.Add(forecast is { } f
                    ? new PercentileCheck(percentile, f, null, actual >= f, actual - f)
                    : new PercentileCheck(percentile, null, null, null, null));
            }
        }

        return new ForecastCheck(run.Id, run.Kind, ok ? "checked" : "no-forecast", run.AsOf, target, asOf, null, actual, null, percentiles);
    }

    private static ForecastCheck? When(StoredForecastRun run, JsonElement root, bool ok, IReadOnlyList<DateOnly> completions, DateOnly asOf)
    {
        var forecast = Property(root, "forecast") is { ValueKind: JsonValueKind.Object } f ? f : root;
        var dates = new List<(double Percentile, DateOnly? Date)>();
        if (Property(forecast, "overall") is { ValueKind: JsonValueKind.Object } overall
            && Property(overall, "percentiles") is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var p in list.EnumerateArray())
            {
                dates.Add((Property(p, "percentile")!.Value.GetDouble(), Property(p, "date") is { ValueKind: JsonValueKind.String } d ? ParseDate(d) : null));
            }
        }

        var after = completions.Where(d => d > run.AsOf && d <= asOf).Order().ToList();
        var n = run.Items ?? 0;
        if (!ok || dates.Count == 0 || n <= 0)
        {
            // Nothing was forecast: record what happened so far, once.
            return new ForecastCheck(run.Id, run.Kind, "no-forecast", run.AsOf, null, asOf, run.Items, after.Count, null, []);
        }

        var anchor = dates.FirstOrDefault(d => d.Percentile == 85);
        if (anchor == default)
        {
            anchor = dates.MaxBy(d => d.Percentile);
        }

        // A P85 beyond the horizon (null) never comes due; such a run stays unchecked.
        if (anchor.Date is not { } target || target > asOf)
        {
            return null;
        }

        DateOnly? actualDate = after.Count >= n ? after[n - 1] : null;
        var percentiles = dates.Select(d =>
        {
            if (actualDate is { } a)
            {
                return new PercentileCheck(d.Percentile, null, d.Date, d.Date is { } fd && a <= fd, d.Date is { } fd2 ? a.DayNumber - fd2.DayNumber : null);
            }

            // Not done yet by asOf: a date already passed is a miss; a later (or unreached) date is not known yet.
            return d.Date is { } passed && passed <= asOf
                ? new PercentileCheck(d.Percentile, null, d.Date, false, null)
                : new PercentileCheck(d.Percentile, null, d.Date, null, null);
        }).ToList();
        return new ForecastCheck(run.Id, run.Kind, "checked", run.AsOf, target, asOf, n, after.Count, actualDate, percentiles);
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in element.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value.ValueKind == JsonValueKind.Null ? null : p.Value;
            }
        }

        return null;
    }

    private static DateOnly? ParseDate(JsonElement e) =>
        DateOnly.TryParseExact(e.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
