using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;
using ChartCountFrequency = PmoFlow.Reporting.Charts.CountFrequency;
using ChartDateCount = PmoFlow.Reporting.Charts.DateCount;
using ChartHowMany = PmoFlow.Reporting.Charts.HowManyChartData;
using ChartPercentile = PmoFlow.Reporting.Charts.ChartPercentile;
using ChartPercentileDate = PmoFlow.Reporting.Charts.ChartPercentileDate;
using ChartWhen = PmoFlow.Reporting.Charts.WhenChartData;
using CoreHowMany = PmoFlow.Core.Forecasting.HowManyForecast;
using CoreWhen = PmoFlow.Core.Forecasting.WhenForecast;

namespace PmoFlow.Reporting.Streams;

/// <summary>The report's two forecasts and their mapping onto the chart inputs.</summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class ReportForecasts
{
    /// <summary>
    /// The throughput sample the report's forecasts use: the stream's completions over the default sampling window
    /// (<see cref="ForecastDefaults.Window"/>, or <paramref name="samplingDays"/> days) before <paramref name="today"/>.
    /// </summary>
    public static ThroughputSample Sample(FlowAnalysis analysis, StreamDefinition stream, DateOnly today, int samplingDays = ForecastDefaults.SamplingDays)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(stream);
        return ThroughputSampler.Sample(analysis.CompletionDates, today, ForecastDefaults.Sampling(stream, ForecastDefaults.Window(stream.Options, samplingDays)));
    }

    internal static (IReadOnlyList<ForecastView> Views, CoreWhen? When, CoreHowMany HowMany) Run(
        StreamReportRequest request, FlowAnalysis trailing, DateOnly today)
    {
        var sample = Sample(trailing, request.Stream, today, request.SamplingDays);
        var options = new ForecastOptions
        {
            // The default engine (exact where the model allows it), as every other door's forecast: the same question gets the same dates.
            Percentiles = request.Stream.Options.Percentiles,
            Trials = request.ForecastTrials,
            Seed = request.ForecastSeed,
            MaxDegreeOfParallelism = request.MaxDegreeOfParallelism,
        };
        var by = today.AddDays(7 * request.HowManyWeeks);
        var open = Backlog.Open(trailing);
        var views = new List<ForecastView>();
        CoreWhen? when = null;
        if (open > 0)
        {
            when = Forecaster.When(sample, WhenRequest.Items(open, request.Deadline ?? by), options);
            views.Add(ToView(when, open));
        }
        else
        {
            views.Add(new ForecastView(CannotForecastReason: "No item is open (in the backlog or in progress), so there is nothing to forecast."));
        }

        var howMany = Forecaster.HowMany(sample, by, options);
        views.Add(ToView(howMany, includeWarnings: when is null));
        return (views, when, howMany);
    }

    /// <summary>The chart view of a "when" forecast: trial counts per date (probability × trials), percentile dates and deadline odds.</summary>
    public static ForecastView ToView(CoreWhen forecast, int items, bool includeWarnings = true)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var warnings = includeWarnings ? forecast.Warnings.Select(w => w.Message).ToList() : [];
        if (forecast.Status != ForecastStatus.Ok || forecast.Overall is null)
        {
            return new ForecastView(CannotForecastReason: forecast.Reason ?? "No forecast could be made.", Warnings: warnings);
        }

        var trials = Trials(forecast.Inputs);
        var o = forecast.Overall;
        var chart = new ChartWhen(
            items,
            [.. o.Distribution.Select(p => new ChartDateCount(p.Date, (long)Math.Round(p.Probability * trials)))],
            [.. o.Percentiles.Where(p => p.Date is not null).Select(p => new ChartPercentileDate(p.Percentile, p.Date!.Value))],
            forecast.Deadline,
            o.DeadlineProbability);
        return new ForecastView(When: chart, Warnings: warnings);
    }

    /// <summary>The chart view of a "how many" forecast: trial counts per item count and the count at each confidence.</summary>
    public static ForecastView ToView(CoreHowMany forecast, bool includeWarnings = true)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var warnings = includeWarnings ? forecast.Warnings.Select(w => w.Message).ToList() : [];
        if (forecast.Status != ForecastStatus.Ok)
        {
            return new ForecastView(CannotForecastReason: forecast.Reason ?? "No forecast could be made.", Warnings: warnings);
        }

        var trials = Trials(forecast.Inputs);
        var chart = new ChartHowMany(
            forecast.By,
            [.. forecast.Distribution.Select(c => new ChartCountFrequency(checked((int)c.Items), (long)Math.Round(c.Probability * trials)))],
            [.. forecast.Percentiles.Select(p => new ChartPercentile(p.Percentile, p.Items))]);
        return new ForecastView(HowMany: chart, Warnings: warnings);
    }

    // The exact engine reports probabilities, not trials: scale them to a million "trials" so the chart's shares hold.
    private static double Trials(ForecastInputs inputs) => inputs.Trials > 0 ? inputs.Trials : 1_000_000;
}
