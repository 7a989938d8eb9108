using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Model;
using ChartBurnUpPoint = PmoFlow.Reporting.Charts.BurnUpPoint;
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
    /// <summary>Sample trial paths the report's burn-up fan draws behind the "when" forecast.</summary>
    public const int FanPaths = 50;

    /// <summary>
    /// The throughput sample the report's forecasts use: the stream's completions over the default sampling window
    /// (<see cref="ForecastDefaults.Window"/>, or <paramref name="samplingDays"/> days) before <paramref name="today"/>,
    /// with the analysis' forecast switches (excluded dates, weekday pools, cold start; <see cref="ForecastSampling"/>).
    /// </summary>
    public static ThroughputSample Sample(FlowAnalysis analysis, StreamDefinition stream, DateOnly today, int samplingDays = ForecastDefaults.SamplingDays)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(stream);
        return ForecastSampling.From(analysis, ForecastDefaults.Sampling(stream, ForecastDefaults.Window(stream.Options, samplingDays)), today);
    }

    internal static (IReadOnlyList<ForecastView> Views, CoreWhen? When, CoreHowMany HowMany) Run(
        StreamReportRequest request, FlowAnalysis trailing, DateOnly today)
    {
        var by = today.AddDays(7 * request.HowManyWeeks);
        // The application layer's forecast use case when it built the request (every door's reports do), else the
        // report's own calibrated defaults (Reporting used on its own).
        var answers = (request.Forecaster ?? Own)(request, trailing, request.Deadline ?? by, by);
        var views = new List<ForecastView>();
        var when = answers.When;
        if (when is not null)
        {
            var open = Backlog.Open(trailing);
            var paths = ForecastPaths.Sample(answers.Sample, open, FanPaths, when.Inputs.Seed, when.Inputs.HorizonYears);
            views.Add(ToView(when, open) with
            {
                Calibration = answers.WhenCalibration is { } wc ? ToView(wc, $"when the next {open}") : null,
                Paths = [.. paths.Select(p => new ChartBurnUpPoint(p.Path, p.Date, p.Done))],
            });
        }
        else
        {
            views.Add(new ForecastView(CannotForecastReason: "No item is open (in the backlog or in progress), so there is nothing to forecast."));
        }

        var howMany = answers.HowMany;
        views.Add(ToView(howMany, includeWarnings: when is null) with
        {
            Calibration = answers.HowManyCalibration is { } hc ? ToView(hc, $"how many in {by.DayNumber - today.DayNumber} days") : null,
        });
        return (views, when, howMany);
    }

    private static ReportForecastAnswers Own(StreamReportRequest request, FlowAnalysis trailing, DateOnly deadline, DateOnly by)
    {
        var today = trailing.Today;
        var sample = Sample(trailing, request.Stream, today, request.SamplingDays);
        var options = new ForecastOptions
        {
            Percentiles = request.Stream.Options.Percentiles,
            Trials = request.ForecastTrials,
            Seed = request.ForecastSeed,
            MaxDegreeOfParallelism = request.MaxDegreeOfParallelism,
        };
        var open = Backlog.Open(trailing);
        var history = CompletionHistory.FromDates(trailing.CompletionDates);
        var sampling = new SamplingOptions { Window = sample.Window, Calendar = request.Stream.Calendar };
        var calibrationOptions = new CalibrationOptions();
        CoreWhen? when = null;
        ForecastCalibration? whenCalibration = null;
        if (open > 0)
        {
            (when, whenCalibration) = SelfCalibration.When(history, sample, WhenRequest.Items(open, deadline), sampling, options, calibrationOptions);
        }

        var (howMany, howManyCalibration) = SelfCalibration.HowMany(history, sample, by, sampling, options, calibrationOptions);
        return new ReportForecastAnswers(sample, when, whenCalibration, howMany, howManyCalibration);
    }

    /// <summary>
    /// The chart view of a calibration: the raw model's measured coverage at 5..95% and each reported percentile's
    /// measured coverage, both over the past forecasts it was calibrated on.
    /// </summary>
    public static Charts.CalibrationView ToView(ForecastCalibration calibration, string question)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        IReadOnlyList<Charts.ReliabilityPoint> raw = calibration.PastLevels.Count == 0
            ? []
            : [.. Enumerable.Range(1, 19).Select(i => new Charts.ReliabilityPoint(5 * i, 100 * calibration.Probability(i / 20.0, applied: true)))];
        IReadOnlyList<Charts.ReliabilityPoint> reported = calibration.PastLevels.Count == 0
            ? []
            : [.. calibration.Levels.Select(l => new Charts.ReliabilityPoint(l.Percentile, 100 * calibration.Probability(l.RawLevel / 100, applied: true)))];
        return new Charts.CalibrationView(question, calibration.Applied, calibration.Points, calibration.Lines, raw, reported);
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
