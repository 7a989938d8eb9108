namespace PmoFlow.Core.Model;

/// <summary>
/// The user-facing names of every <see cref="FlowOptions"/> switch and its choices, shared by the
/// configuration file, the CLI (<c>--option key=value</c>) and the REST API.
/// </summary>
public static class FlowOptionNames
{
    /// <summary>Every switch name with its allowed choices (for help text and errors).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Choices { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["timeResolution"] = ["local-date", "wall-clock", "continuous"],
        ["dayCount"] = ["inclusive", "exclusive"],
        ["cycleTime"] = ["start-to-done", "process-time"],
        ["reentry"] = ["first", "latest"],
        ["backwardMove"] = ["keep", "erase"],
        ["skippedStages"] = ["back-fill", "empty"],
        ["wip"] = ["end-of-day", "start-of-day"],
        ["cfd"] = ["cumulative", "current"],
        ["cfdEnd"] = ["today", "last-event"],
        ["cfdRemovedBand"] = ["true", "false"],
        ["cfdStart"] = ["first-event", "window"],
        ["cfdDone"] = ["show", "hide"],
        ["throughputAnchor"] = ["today", "last-completion"],
        ["weekEndsOn"] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
        ["percentileMethod"] = ["nearest-rank", "linear"],
        ["percentiles"] = ["comma-separated percents, e.g. 50,70,85,95", "auto"],
        ["processStatuses"] = ["comma-separated statuses or stage names"],
        ["blockedDays"] = ["elapsed", "whole-days-in-commitment"],
        ["seriesStart"] = ["window", "first-event", "first-completion"],
        ["seriesEnd"] = ["window", "last-completion", "last-event", "today"],
        ["sampling"] = ["pooled", "by-weekday"],
        ["coldStart"] = ["true", "false"],
        ["excludeOutliers"] = ["true", "false"],
        ["excludeDates"] = ["comma-separated date ranges, e.g. 2025-12-24..2026-01-01,2026-03-02"],
        ["forecastModel"] = ["daily", "weekly", "block:N", "rate-mix"],
    };

    /// <summary>
    /// The conventions an analysis uses: the named profile (null: <paramref name="streamOptions"/>), then each
    /// <c>key=value</c> override in order. The one rule behind <c>--profile</c>/<c>--option</c> and the API's options.
    /// </summary>
    /// <exception cref="ArgumentException">An override is not key=value, or names an unknown switch or value.</exception>
    public static FlowOptions Resolve(FlowOptions streamOptions, string? profile, IEnumerable<string>? overrides)
    {
        ArgumentNullException.ThrowIfNull(streamOptions);
        var options = profile is null ? streamOptions : FlowOptions.Profile(profile);
        foreach (var o in overrides ?? [])
        {
            var eq = o.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"--option '{o}' must be key=value, e.g. dayCount=exclusive.");
            }

            options = Apply(options, o[..eq].Trim(), o[(eq + 1)..]);
        }

        return options;
    }

    /// <summary>
    /// Applies one switch to the options; throws <see cref="ArgumentException"/> naming the switch and its choices
    /// when the name or value is unknown.
    /// </summary>
    public static FlowOptions Apply(FlowOptions options, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(options);
        var v = value?.Trim().ToLowerInvariant() ?? string.Empty;
        return name switch
        {
            "timeResolution" => options with { TimeResolution = Pick(name, v, ("local-date", TimeResolution.LocalDate), ("wall-clock", TimeResolution.WallClockDate), ("continuous", TimeResolution.Continuous)) },
            "dayCount" => options with { DayCount = Pick(name, v, ("inclusive", DayCount.Inclusive), ("exclusive", DayCount.Exclusive)) },
            "cycleTime" => options with { CycleTimeMeasure = Pick(name, v, ("start-to-done", CycleTimeMeasure.StartToDone), ("process-time", CycleTimeMeasure.ProcessTime)) },
            "reentry" => options with { StageReentry = Pick(name, v, ("first", StageReentry.KeepFirst), ("latest", StageReentry.KeepLatest)) },
            "backwardMove" => options with { BackwardMove = Pick(name, v, ("keep", BackwardMove.KeepLaterEntries), ("erase", BackwardMove.EraseLaterEntries)) },
            "skippedStages" => options with { SkippedStages = Pick(name, v, ("back-fill", SkippedStages.BackFill), ("empty", SkippedStages.LeaveEmpty)) },
            "wip" => options with { WipCountPoint = Pick(name, v, ("end-of-day", WipCountPoint.EndOfDay), ("start-of-day", WipCountPoint.StartOfDay)) },
            "cfd" => options with { CfdMode = Pick(name, v, ("cumulative", CfdMode.CumulativeArrivals), ("current", CfdMode.CurrentlyInStage)) },
            "cfdEnd" => options with { CfdEnd = Pick(name, v, ("today", CfdEnd.Today), ("last-event", CfdEnd.LastEvent)) },
            "cfdRemovedBand" => options with { CfdRemovedBand = Pick(name, v, ("true", true), ("false", false)) },
            "cfdStart" => options with { CfdStart = Pick(name, v, ("first-event", CfdStart.FirstEvent), ("window", CfdStart.Window)) },
            "cfdDone" => options with { CfdDone = Pick(name, v, ("show", CfdDone.Show), ("hide", CfdDone.Hide)) },
            "throughputAnchor" => options with { ThroughputAnchor = Pick(name, v, ("today", ThroughputAnchor.Today), ("last-completion", ThroughputAnchor.LastCompletion)) },
            "weekEndsOn" => options with { WeekEndsOn = Enum.TryParse<DayOfWeek>(v, ignoreCase: true, out var d) && Enum.IsDefined(d) && !char.IsDigit(v[0]) ? d : throw Bad(name, v) },
            "percentileMethod" => options with { PercentileMethod = Pick(name, v, ("nearest-rank", PercentileMethod.NearestRank), ("linear", PercentileMethod.Linear)) },
            "percentiles" => v == "auto"
                ? options with { AutoPercentiles = true }
                : options with { Percentiles = ParsePercentiles(value ?? string.Empty), AutoPercentiles = false },
            "processStatuses" => options with { ProcessStatuses = SplitList(value ?? string.Empty) },
            "seriesStart" => options with { SeriesStart = Pick(name, v, ("window", SeriesStart.Window), ("first-event", SeriesStart.FirstEvent), ("first-completion", SeriesStart.FirstCompletion)) },
            "seriesEnd" => options with { SeriesEnd = Pick(name, v, ("window", SeriesEnd.Window), ("last-completion", SeriesEnd.LastCompletion), ("last-event", SeriesEnd.LastEvent), ("today", SeriesEnd.Today)) },
            "blockedDays" => options with { BlockedDays = Pick(name, v, ("elapsed", BlockedDaysCount.Elapsed), ("whole-days-in-commitment", BlockedDaysCount.WholeDaysInCommitment)) },
            "sampling" => options with { Sampling = Pick(name, v, ("pooled", ThroughputSampling.Pooled), ("by-weekday", ThroughputSampling.ByWeekday)) },
            "coldStart" => options with { ColdStart = Pick(name, v, ("true", true), ("false", false)) },
            "excludeOutliers" => options with { ExcludeOutliers = Pick(name, v, ("true", true), ("false", false)) },
            "excludeDates" => options with { ExcludedDates = [.. SplitList(value ?? string.Empty).Select(DateRange.Parse)] },
            "forecastModel" => options with { ForecastModel = ParseForecastModel(v) },
            _ => throw new ArgumentException($"Unknown option '{name}'. Known options: {string.Join(", ", Choices.Keys)}."),
        };
    }

    private static string ParseForecastModel(string value)
    {
        try
        {
            return Forecasting.ForecastModel.Parse(value).Name;
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Option 'forecastModel': {e.Message}", e);
        }
    }

    /// <summary>Parses "50,70,85,95" into percents in (0, 100].</summary>
    public static IReadOnlyList<double> ParsePercentiles(string value)
    {
        var result = new List<double>();
        foreach (var part in SplitList(value))
        {
            if (!double.TryParse(part, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var p)
                || !(p > 0 && p <= 100))
            {
                throw new ArgumentException($"Percentile '{part}' must be a number above 0 and at most 100.");
            }

            result.Add(p);
        }

        if (result.Count == 0)
        {
            throw new ArgumentException("At least one percentile is needed.");
        }

        result.Sort();
        return result;
    }

    private static string[] SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static T Pick<T>(string name, string value, params (string Name, T Value)[] choices)
    {
        foreach (var (n, val) in choices)
        {
            if (n == value)
            {
                return val;
            }
        }

        throw Bad(name, value);
    }

    private static ArgumentException Bad(string name, string value) =>
        new($"'{value}' is not a valid {name}; choose one of {string.Join(", ", Choices[name])}.");
}
