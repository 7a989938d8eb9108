using System.Globalization;

namespace PmoFlow.Core.Forecasting;

/// <summary>
/// "When" and "how many" forecasts from a throughput sample (METRICS.md §4): exact convolution for the plain
/// bootstrap, Monte Carlo otherwise.
/// </summary>
/// <remarks>
/// Pure: today is the sample's <see cref="ThroughputSample.Today"/>, randomness comes from the seed only.
/// Thread-safe; Monte Carlo uses up to <see cref="ForecastOptions.MaxDegreeOfParallelism"/> threads and returns the
/// same result for the same seed whatever that number.
/// </remarks>
public static class Forecaster
{
    /// <summary>Whether <paramref name="request"/> under <paramref name="options"/> can be answered exactly.</summary>
    /// <remarks>Exact: one feature with a fixed scope, no split, no risks, no backlog growth, throughput factor 1.</remarks>
    public static bool AllowsExact(WhenRequest request, ForecastOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        return request.IsPlain && options.ThroughputFactor == 1.0 && options.Model.Kind == ForecastModelKind.Daily;
    }

    /// <summary>The engine that would answer <paramref name="request"/>; throws when Exact is forced but not allowed.</summary>
    public static ForecastEngine ChooseEngine(WhenRequest request, ForecastOptions options)
    {
        var exact = AllowsExact(request, options);
        return options.Engine switch
        {
            ForecastEngine.Auto => exact ? ForecastEngine.Exact : ForecastEngine.MonteCarlo,
            ForecastEngine.Exact when !exact => throw new ArgumentException(
                "The exact engine answers only one fixed-scope feature without split, risks, growth or throughput factor; use Monte Carlo.",
                nameof(options)),
            _ => options.Engine,
        };
    }

    /// <summary>When will the request's features be done? Dates at each percentile, full distributions, deadline odds.</summary>
    /// <param name="sample">Throughput sample; its calendar also decides the simulated working days.</param>
    /// <param name="request">Features in priority order, WIP limit, deadline, growth.</param>
    /// <param name="options">Percentiles, trials, seed, engine, horizon (defaults when null).</param>
    /// <param name="cancellationToken">Cancels a long Monte Carlo run.</param>
    public static WhenForecast When(
        ThroughputSample sample, WhenRequest request, ForecastOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(request);
        options ??= new ForecastOptions();
        options.Validate();
        request.Validate();
        var pooled = NeedsPools(sample);
        if (pooled)
        {
            CheckPools(options);
        }

        var engine = pooled ? ForecastEngine.MonteCarlo : ChooseEngine(request, options);
        if (options.Model.Kind != ForecastModelKind.Daily && (request.Features.Count != 1 || request.Arrivals is not null))
        {
            throw new ArgumentException(
                $"The {options.Model.Name} model answers one backlog (one feature, no backlog growth); use the daily model for several features or growth.",
                nameof(request));
        }

        var days = SimulatedDays.Build(sample.Today, sample.Calendar, options.HorizonYears);
        var inputs = new ForecastInputs(
            sample.Today, sample.Summary(), engine, options.Seed, engine == ForecastEngine.Exact ? 0 : options.Trials,
            [.. options.Percentiles], options.HorizonYears, days.HorizonEnd, options.ThroughputFactor, request.Arrivals?.Summary(), options.Model.Name);
        var warnings = new List<ForecastWarning>(sample.Warnings);
        if (sample.CannotForecastReason is { } why)
        {
            return new WhenForecast(ForecastStatus.CannotForecast, why, inputs, warnings, request.Deadline, request.WipLimit, null, []);
        }

        var features = request.Features;
        string Figures(int f) => FiguresFor(sample, options, f < 0 ? features : [features[f]], days.Count);
        DateDistribution overall;
        var perFeature = new List<FeatureForecast>(features.Count);
        if (options.Model.Kind != ForecastModelKind.Daily)
        {
            var hist = ModelKernels.When(
                ModelSampler.Prepare(options.Model, sample, options.ThroughputFactor), new PreparedFeature(features[0]), days.Count,
                options.Trials, options.Seed, options.MaxDegreeOfParallelism, options.Progress, cancellationToken);
            var (cum, _) = DistributionBuilder.FromHistogram(hist, options.Trials);
            overall = DistributionBuilder.Dates(cum, days, options.Percentiles, request.Deadline, options.HorizonYears, () => Figures(-1));
            perFeature.Add(new FeatureForecast(features[0].Name, 0, overall));
        }
        else if (engine == ForecastEngine.Exact)
        {
            var (values, probs) = ExactConvolution.DailyPmf(sample.DailyCounts);
            var (cumulative, _) = ExactConvolution.When(values, probs, features[0].ScopeLow, days.Count);
            overall = DistributionBuilder.Dates(cumulative, days, options.Percentiles, request.Deadline, options.HorizonYears, () => Figures(-1));
            perFeature.Add(new FeatureForecast(features[0].Name, 0, overall));
        }
        else
        {
            var prepared = features.Select(f => new PreparedFeature(f)).ToArray();
            var throughput = new ThroughputPools(sample, days, options.ThroughputFactor);
            var arrivals = request.Arrivals is { DailyCounts.Count: > 0 } a ? a.DailyCounts.ToArray() : null;
            var hist = MonteCarloWhen.Run(
                throughput, prepared, request.WipLimit, arrivals, days.Count, options.Trials, options.Seed,
                options.MaxDegreeOfParallelism, options.Progress, cancellationToken);
            var (cum, _) = DistributionBuilder.FromHistogram(hist.Overall, options.Trials);
            overall = DistributionBuilder.Dates(cum, days, options.Percentiles, request.Deadline, options.HorizonYears, () => Figures(-1));
            for (var f = 0; f < features.Count; f++)
            {
                var index = f;
                var (fc, _) = DistributionBuilder.FromHistogram(hist.Features[f], options.Trials);
                perFeature.Add(new FeatureForecast(features[f].Name, f,
                    DistributionBuilder.Dates(fc, days, options.Percentiles, request.Deadline, options.HorizonYears, () => Figures(index))));
            }
        }

        var beyond = 1 - overall.ProbabilityWithinHorizon;
        if (overall.Status == ForecastStatus.Ok && beyond > DistributionBuilder.PercentileTolerance)
        {
            warnings.Add(new ForecastWarning(ForecastWarningCode.TrialsBeyondHorizon, string.Create(CultureInfo.InvariantCulture,
                $"{beyond * 100:0.####}% of outcomes do not finish within the {options.HorizonYears}-year horizon (by {days.HorizonEnd:yyyy-MM-dd}).")));
        }

        return new WhenForecast(overall.Status, overall.Reason, inputs, warnings, request.Deadline, request.WipLimit, overall, perFeature);
    }

    /// <summary>How many items will be done from tomorrow up to and including <paramref name="by"/>?</summary>
    /// <remarks>Uses the throughput sample only (scope options do not apply). Exact unless Monte Carlo is forced or the throughput factor is not 1.</remarks>
    public static HowManyForecast HowMany(
        ThroughputSample sample, DateOnly by, ForecastOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        options ??= new ForecastOptions();
        options.Validate();
        var pooled = NeedsPools(sample);
        if (pooled)
        {
            CheckPools(options);
        }

        var exactAllowed = options.ThroughputFactor == 1.0 && options.Model.Kind == ForecastModelKind.Daily && !pooled;
        var engine = options.Engine switch
        {
            ForecastEngine.Auto => exactAllowed ? ForecastEngine.Exact : ForecastEngine.MonteCarlo,
            ForecastEngine.Exact when !exactAllowed => throw new ArgumentException(
                "The exact engine needs a throughput factor of 1 and the daily model; use Monte Carlo.", nameof(options)),
            _ => options.Engine,
        };
        var days = 0;
        for (var d = sample.Today.AddDays(1); d <= by; d = d.AddDays(1))
        {
            if (sample.Calendar.IsWorkingDay(d))
            {
                days++;
            }
        }

        var inputs = new ForecastInputs(
            sample.Today, sample.Summary(), engine, options.Seed, engine == ForecastEngine.Exact ? 0 : options.Trials,
            [.. options.Percentiles], options.HorizonYears, sample.Today.AddYears(options.HorizonYears), options.ThroughputFactor, null, options.Model.Name);
        if (sample.CannotForecastReason is { } why)
        {
            return new HowManyForecast(ForecastStatus.CannotForecast, why, inputs, sample.Warnings, by, days, [], []);
        }

        double[] pmf;
        if (options.Model.Kind != ForecastModelKind.Daily)
        {
            var hist = ModelKernels.HowMany(
                ModelSampler.Prepare(options.Model, sample, options.ThroughputFactor), days, options.Trials, options.Seed,
                options.MaxDegreeOfParallelism, options.Progress, cancellationToken);
            pmf = [.. hist.Select(h => (double)h / options.Trials)];
        }
        else if (engine == ForecastEngine.Exact)
        {
            var (values, probs) = ExactConvolution.DailyPmf(sample.DailyCounts);
            pmf = ExactConvolution.SumOf(values, probs, days);
        }
        else
        {
            // Simulated far enough that a cold start ending after `by` lies beyond its day count.
            var longest = sample.ColdStartCycleTimes.Count > 0 ? (int)Math.Min(Math.Ceiling(Math.Max(0, sample.ColdStartCycleTimes.Max())), 365_000) : 0;
            var end = by > sample.Today.AddDays(longest + 7) ? by : sample.Today.AddDays(longest + 7);
            var hist = MonteCarloHowMany.Run(
                new ThroughputPools(sample, SimulatedDays.Until(sample.Today, sample.Calendar, end), options.ThroughputFactor), days, options.Trials, options.Seed,
                options.MaxDegreeOfParallelism, options.Progress, cancellationToken);
            pmf = [.. hist.Select(h => (double)h / options.Trials)];
        }

        var (percentiles, distribution) = DistributionBuilder.Counts(pmf, options.Percentiles);
        return new HowManyForecast(ForecastStatus.Ok, null, inputs, sample.Warnings, by, days, percentiles, distribution);
    }

    /// <summary>Weekday/weekend pools or a cold start: answered by daily Monte Carlo (<see cref="ThroughputPools"/>).</summary>
    private static bool NeedsPools(ThroughputSample sample) =>
        sample.Sampling == Model.ThroughputSampling.ByWeekday || sample.ColdStartCycleTimes.Count > 0;

    /// <summary>Refuses what the pools cannot answer, naming the switch.</summary>
    private static void CheckPools(ForecastOptions options)
    {
        if (options.Engine == ForecastEngine.Exact)
        {
            throw new ArgumentException("Weekday/weekend sampling and cold starts need Monte Carlo; drop --exact.", nameof(options));
        }

        if (options.Model.Kind != ForecastModelKind.Daily)
        {
            throw new ArgumentException(
                $"Weekday/weekend sampling and cold starts draw daily throughput; the {options.Model.Name} model cannot use them (use the daily model).",
                nameof(options));
        }
    }

    private static string FiguresFor(ThroughputSample sample, ForecastOptions options, IReadOnlyList<FeatureSpec> features, int horizonDays)
    {
        var mean = (double)sample.Completions / sample.DailyCounts.Count * options.ThroughputFactor;
        var low = features.Sum(f => (long)f.ScopeLow);
        var high = features.Sum(f => (long)f.ScopeHigh);
        var scope = low == high ? low.ToString(CultureInfo.InvariantCulture) : $"{low}..{high}";
        return string.Create(CultureInfo.InvariantCulture,
            $"Scope {scope} items (before split, risks and growth); mean throughput {mean:0.###} items per working day over {sample.DailyCounts.Count} sampled days ({sample.Completions} completions), so about {low / mean:0} working days are needed at the mean against {horizonDays} in the horizon.");
    }
}
