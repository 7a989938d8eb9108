using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PmoFlow.Core.Forecasting;
using PmoFlow.Storage.Forecasts;

namespace PmoFlow.Jobs.Tests.Support;

/// <summary>Hand-made forecast runs, serialised the way <c>pmoflow forecast when|how-many</c> stores them.</summary>
internal static class StoredRuns
{
    // The CLI's Printer.Json options: camelCase, kebab-case enums.
    public static readonly JsonSerializerOptions CliJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Default,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static ForecastRunRecord HowMany(string stream, DateOnly today, DateOnly by, params (double P, long Items)[] percentiles)
    {
        var forecast = new HowManyForecast(ForecastStatus.Ok, null, Inputs(today), [], by, by.DayNumber - today.DayNumber,
            [.. percentiles.Select(p => new PercentileCount(p.P, p.Items))], []);
        return Record(stream, "how-many", today, null, by, ForecastStatus.Ok, JsonSerializer.Serialize(forecast, CliJson));
    }

    public static ForecastRunRecord When(string stream, DateOnly today, int items, params (double P, DateOnly? Date)[] percentiles)
    {
        var overall = new DateDistribution(ForecastStatus.Ok, null,
            [.. percentiles.Select(p => new PercentileDate(p.P, p.Date, null, p.Date is { } d ? d.DayNumber - today.DayNumber : null))], null, 1, []);
        var forecast = new WhenForecast(ForecastStatus.Ok, null, Inputs(today), [], null, 1, overall, []);
        return Record(stream, "when", today, items, null, ForecastStatus.Ok, JsonSerializer.Serialize(new { forecast, scenarios = (object?)null }, CliJson));
    }

    public static ForecastRunRecord CannotWhen(string stream, DateOnly today, int items)
    {
        var forecast = new WhenForecast(ForecastStatus.CannotForecast, "no completed item in the window", Inputs(today), [], null, 1, null, []);
        return Record(stream, "when", today, items, null, ForecastStatus.CannotForecast, JsonSerializer.Serialize(new { forecast, scenarios = (object?)null }, CliJson));
    }

    public static StoredForecastRun Stored(long id, ForecastRunRecord r, DateTimeOffset? checkedAt = null) =>
        new(id, r.Stream, r.Kind, DateTimeOffset.UnixEpoch, r.AsOf, r.Items, r.ByDate, r.Status, r.ResultJson, checkedAt);

    private static ForecastRunRecord Record(string stream, string kind, DateOnly today, int? items, DateOnly? by, ForecastStatus status, string json) =>
        new(stream, kind, today, items, by, null, 42, 10_000, "MonteCarlo", [50, 85, 95], "90d", status.ToString(), "{}", json);

    private static ForecastInputs Inputs(DateOnly today) => new(
        today,
        new SampleSummary(ThroughputWindow.LastDays(90), today.AddDays(-89), today, 90, 30, 0.33, 0, 2, 60, "every day"),
        ForecastEngine.MonteCarlo,
        42,
        10_000,
        [50, 85, 95],
        10,
        today.AddYears(10),
        1);
}
