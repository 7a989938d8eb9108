using System.Globalization;
using System.Text;
using MathNet.Numerics.Distributions;
using PmoFlow.Core.Forecasting;

namespace PmoFlow.Core.Tests.Forecasting;

/// <summary>
/// The measurement behind the default model (docs/forecasting.md §12): backtests of every model, raw and self-calibrated,
/// on OFBiz, MJAR and two simulated processes, weekly as-of dates.
/// </summary>
internal static class ForecastMeasurement
{
    public static readonly double[] Percentiles = [50, 70, 85, 95];

    public sealed record Dataset(string Name, CompletionHistory History, DateOnly From, DateOnly To);

    public sealed record Row(string Dataset, string Model, string Question, BacktestResult Result, BacktestQuestion Kind)
    {
        public IReadOnlyList<BacktestSummary> Raw => [.. Result.RawSummary!.Where(s => s.Question == Kind)];

        public IReadOnlyList<BacktestSummary> Calibrated => [.. Result.Summary.Where(s => s.Question == Kind)];

        public int CalibratedPoints => Result.Points.Count(p => p.Question == Kind && p.Calibrated);
    }

    public static Dataset Ofbiz() => new("OFBiz", ApacheHistory.History(ApacheHistory.Events("OFBIZ")), new(2019, 1, 1), new(2021, 6, 30));

    public static Dataset Mjar() => new("MJAR", ApacheHistory.History(ApacheHistory.Events("MJAR")), new(2014, 1, 1), new(2016, 12, 31));

    /// <summary>Six years of Poisson(2) completions per day.</summary>
    public static Dataset Poisson(int seed = 4242)
    {
        var random = new Random(seed);
        return Simulated("Poisson(2)", _ => 2.0, random);
    }

    /// <summary>
    /// Six years of a Cox process: Poisson counts whose log-rate is AR(1) (φ = 0.98 per day, stationary sd 0.5, mean rate 2):
    /// throughput drifts for weeks to months, as real teams' does.
    /// </summary>
    public static Dataset Autocorrelated(int seed = 4343)
    {
        var random = new Random(seed);
        const double phi = 0.98;
        const double sd = 0.5;
        var eps = sd * Math.Sqrt(1 - phi * phi);
        var x = Normal.Sample(random, 0, sd);
        return Simulated("AR(1) log-rate", _ =>
        {
            x = phi * x + Normal.Sample(random, 0, eps);
            return 2.0 * Math.Exp(x - sd * sd / 2);
        }, random);
    }

    private static Dataset Simulated(string name, Func<int, double> rate, Random random)
    {
        var start = new DateOnly(2018, 1, 1);
        var dates = new List<DateOnly>();
        for (var d = 0; d < 6 * 365; d++)
        {
            var n = MathNet.Numerics.Distributions.Poisson.Sample(random, rate(d));
            dates.AddRange(Enumerable.Repeat(start.AddDays(d), n));
        }

        return new Dataset(name, CompletionHistory.FromDates(dates), start.AddDays(730), start.AddDays(6 * 365 - 120));
    }

    public static IEnumerable<Row> Measure(Dataset data, ForecastModel model, CalibrationOptions? calibration = null)
    {
        calibration ??= new CalibrationOptions();
        var forecast = new ForecastOptions { Model = model, Percentiles = Percentiles, MaxDegreeOfParallelism = 2 };
        var first = Backtester.Run(data.History, new BacktestOptions
        {
            From = data.From, To = data.To, HowManyDays = 14, WhenItems = 10, Forecast = forecast, Calibration = calibration,
        });
        var second = Backtester.Run(data.History, new BacktestOptions
        {
            From = data.From, To = data.To, HowManyDays = null, WhenItems = 20, Forecast = forecast, Calibration = calibration,
        });
        yield return new Row(data.Name, model.Name, "how many in 14 days", first, BacktestQuestion.HowMany);
        yield return new Row(data.Name, model.Name, "when the next 10", first, BacktestQuestion.When);
        yield return new Row(data.Name, model.Name, "when the next 20", second, BacktestQuestion.When);
    }

    public static string Markdown(IEnumerable<Row> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| data | model | question | points | raw P50 | P70 | P85 | P95 | calibrated P50 | P70 | P85 | P95 | pinball raw | pinball calibrated |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in rows)
        {
            string Rates(IReadOnlyList<BacktestSummary> s) => string.Join(" | ", s.Select(x => x.HitRate!.Value.ToString("0.00", CultureInfo.InvariantCulture)));
            var raw = r.Raw.Average(s => s.PinballLoss!.Value);
            var cal = r.Calibrated.Average(s => s.PinballLoss!.Value);
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Dataset} | {r.Model} | {r.Question} | {r.Raw[0].Points} ({r.CalibratedPoints} cal.) | {Rates(r.Raw)} | {Rates(r.Calibrated)} | {raw:0.00} | {cal:0.00} |");
        }

        return sb.ToString();
    }
}
