using System.Globalization;
using System.Text;

namespace PmoFlow.Core.Forecasting;

/// <summary>A simple table (columns and rows of invariant-culture strings) the CLI prints as a table or CSV.</summary>
/// <param name="Columns">Column names (snake_case).</param>
/// <param name="Rows">Rows, each with one cell per column.</param>
/// <remarks>Dates are ISO (yyyy-MM-dd), probabilities have 4 decimals, an unknown value is an empty cell.</remarks>
public sealed record ForecastTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>RFC 4180 CSV with a header row and \n line ends.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Columns.Select(Quote)).Append('\n');
        foreach (var row in Rows)
        {
            sb.AppendJoin(',', row.Select(Quote)).Append('\n');
        }

        return sb.ToString();
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}

/// <summary>Tabular forms of forecast results.</summary>
public static class ForecastTables
{
    /// <summary>Date at each percentile, overall then per feature: scope, percentile, date, working_days, calendar_days.</summary>
    public static ForecastTable Percentiles(WhenForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var rows = new List<IReadOnlyList<string>>();
        void Add(string scope, DateDistribution? d)
        {
            if (d is null)
            {
                return;
            }

            rows.AddRange(d.Percentiles.Select(p => (IReadOnlyList<string>)
                [scope, Num(p.Percentile), Date(p.Date), Int(p.WorkingDays), Int(p.CalendarDays)]));
        }

        Add("all", forecast.Overall);
        if (forecast.Features.Count > 1)
        {
            foreach (var f in forecast.Features)
            {
                Add(f.Name, f.Result);
            }
        }

        return new ForecastTable(["scope", "percentile", "date", "working_days", "calendar_days"], rows);
    }

    /// <summary>A date distribution: date, working_day, probability, cumulative.</summary>
    public static ForecastTable Distribution(DateDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        return new ForecastTable(
            ["date", "working_day", "probability", "cumulative"],
            [.. distribution.Distribution.Select(p => (IReadOnlyList<string>)
                [Date(p.Date), Int(p.WorkingDay), Prob(p.Probability), Prob(p.Cumulative)])]);
    }

    /// <summary>How many at each confidence: percentile, items.</summary>
    public static ForecastTable Percentiles(HowManyForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return new ForecastTable(
            ["percentile", "items"],
            [.. forecast.Percentiles.Select(p => (IReadOnlyList<string>)[Num(p.Percentile), Int(p.Items)])]);
    }

    /// <summary>A count distribution: items, probability, at_least.</summary>
    public static ForecastTable Distribution(HowManyForecast forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return new ForecastTable(
            ["items", "probability", "at_least"],
            [.. forecast.Distribution.Select(p => (IReadOnlyList<string>)[Int(p.Items), Prob(p.Probability), Prob(p.AtLeast)])]);
    }

    /// <summary>Scenarios side by side: scenario, status, one column per percentile (p50, p70…), deadline_probability.</summary>
    public static ForecastTable Scenarios(IReadOnlyList<ScenarioResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var percentiles = results.Count == 0 ? [] : results[0].Forecast.Inputs.Percentiles;
        var columns = new List<string> { "scenario", "status" };
        columns.AddRange(percentiles.Select(p => "p" + Num(p)));
        columns.Add("deadline_probability");
        var rows = results.Select(r =>
        {
            var row = new List<string> { r.Name, r.Forecast.Status.ToString() };
            row.AddRange(percentiles.Select((_, i) => Date(r.Forecast.Overall?.Percentiles[i].Date)));
            row.Add(r.Forecast.Overall?.DeadlineProbability is { } d ? Prob(d) : string.Empty);
            return (IReadOnlyList<string>)row;
        }).ToList();
        return new ForecastTable(columns, rows);
    }

    /// <summary>Backtest summary: question, percentile, points, hits, hit_rate, mean_error, mean_absolute_error.</summary>
    public static ForecastTable Backtest(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ForecastTable(
            ["question", "percentile", "points", "hits", "hit_rate", "mean_error", "mean_absolute_error"],
            [.. result.Summary.Select(s => (IReadOnlyList<string>)
                [s.Question == BacktestQuestion.HowMany ? "how-many" : "when", Num(s.Percentile), Int(s.Points), Int(s.Hits),
                 s.HitRate is { } h ? Prob(h) : string.Empty, s.MeanError is { } e ? Num(e) : string.Empty,
                 s.MeanAbsoluteError is { } a ? Num(a) : string.Empty])]);
    }

    /// <summary>
    /// Reliability of each model (nominal vs measured coverage): model, question, percentile, points, hit_rate (raw
    /// model), calibrated_hit_rate, pinball_loss, calibrated_pinball_loss; calibrated columns are empty when the
    /// backtest ran without calibration.
    /// </summary>
    public static ForecastTable Reliability(IEnumerable<BacktestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var r in results)
        {
            var raw = r.RawSummary ?? r.Summary;
            var calibrated = r.Options.Calibration is null ? null : r.Summary;
            for (var i = 0; i < raw.Count; i++)
            {
                var s = raw[i];
                var c = calibrated?[i];
                rows.Add([
                    r.Options.Forecast.Model.Name, s.Question == BacktestQuestion.HowMany ? "how-many" : "when", Num(s.Percentile), Int(s.Points),
                    s.HitRate is { } h ? Prob(h) : string.Empty, c?.HitRate is { } ch ? Prob(ch) : string.Empty,
                    s.PinballLoss is { } l ? Num(l) : string.Empty, c?.PinballLoss is { } cl ? Num(cl) : string.Empty]);
            }
        }

        return new ForecastTable(
            ["model", "question", "percentile", "points", "hit_rate", "calibrated_hit_rate", "pinball_loss", "calibrated_pinball_loss"], rows);
    }

    /// <summary>In-flight items: item, age, then within_Nd per horizon (empty when not enough data).</summary>
    public static ForecastTable InFlight(IEnumerable<(string Item, InFlightEstimate Estimate)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        var horizons = list.Count == 0 ? [7, 14, 30] : list[0].Estimate.Chances.Select(c => c.Days).ToList();
        var columns = new List<string> { "item", "age" };
        columns.AddRange(horizons.Select(d => $"within_{d}d"));
        return new ForecastTable(columns, [.. list.Select(x =>
        {
            var row = new List<string> { x.Item, Num(x.Estimate.Age) };
            row.AddRange(x.Estimate.Chances.Select(c => c.Probability is { } p ? Prob(p) : string.Empty));
            return (IReadOnlyList<string>)row;
        })]);
    }

    private static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Int(long? n) => n?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Num(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Prob(double x) => x.ToString("0.0000", CultureInfo.InvariantCulture);
}
