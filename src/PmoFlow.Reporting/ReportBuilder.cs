using System.Globalization;
using PmoFlow.Reporting.Charts;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Tables;

namespace PmoFlow.Reporting;

/// <summary>Builds the standard weekly report model from <see cref="ReportInputs"/>.</summary>
/// <remarks>Pure: no I/O, no clock (the time stamp comes in the inputs). Thread-safe.</remarks>
public static class ReportBuilder
{
    /// <summary>
    /// The report: six headline figures against the previous period, then the sections "Cycle time",
    /// "Throughput and WIP", "Work in progress", "Flow efficiency and value stream", "Waste", "Forecasts" and, when the
    /// inputs hold a portfolio, "Value".
    /// </summary>
    public static ReportModel Build(ReportInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var sle = inputs.SleDays;
        var sleNote = sle is { } s ? $"SLE {FigureFormatNumber(s)} days" : null;
        return new ReportModel
        {
            StreamName = inputs.StreamName,
            Period = inputs.Period,
            PreviousPeriod = inputs.PreviousPeriod,
            TimeZone = inputs.TimeZone,
            GeneratedAt = inputs.GeneratedAt,
            Attribution = inputs.Attribution,
            Warnings = inputs.Warnings,
            Headlines =
            [
                HeadlineFigure.Create(HeadlineMetric.Throughput, inputs.Current.Throughput, inputs.Previous.Throughput),
                HeadlineFigure.Create(HeadlineMetric.CycleTimeP50, inputs.Current.CycleTimeP50, inputs.Previous.CycleTimeP50),
                HeadlineFigure.Create(HeadlineMetric.CycleTimeP85, inputs.Current.CycleTimeP85, inputs.Previous.CycleTimeP85),
                HeadlineFigure.Create(HeadlineMetric.Wip, inputs.Current.Wip, inputs.Previous.Wip),
                HeadlineFigure.Create(HeadlineMetric.FlowEfficiency, inputs.Current.FlowEfficiency, inputs.Previous.FlowEfficiency),
                HeadlineFigure.Create(HeadlineMetric.SleAttainment, inputs.Current.SleAttainment, inputs.Previous.SleAttainment, sleNote),
            ],
            Sections =
            [
                new ReportSection(
                    "cycle-time",
                    "Cycle time",
                    [
                        CycleTimeCharts.Scatter(inputs.CycleTimes, inputs.CycleTimePercentiles),
                        CycleTimeCharts.Histogram(inputs.CycleTimes.Select(p => p.Days).ToList(), inputs.CycleTimePercentiles),
                    ],
                    [],
                    []),
                new ReportSection(
                    "throughput-wip",
                    "Throughput and WIP",
                    [
                        FlowCharts.Throughput(inputs.Throughput, inputs.ThroughputBucket),
                        FlowCharts.Wip(inputs.Wip, inputs.WipLimit),
                        FlowCharts.Cfd(inputs.Cfd, inputs.CfdValues),
                    ],
                    [],
                    []),
                new ReportSection(
                    "work-in-progress",
                    "Work in progress",
                    [AgeingWipChart.Build(inputs.Ageing, inputs.InProgressStages, sle, inputs.CycleTimePercentiles)],
                    sle is { } limit
                        ? [ReportTables.ItemsBeyondSle(inputs.Ageing, limit), ReportTables.BlockedItems(inputs.Blocked)]
                        : [ReportTables.BlockedItems(inputs.Blocked)],
                    sle is null ? ["No SLE: too few completed items to set one, and none is configured."] : []),
                new ReportSection(
                    "flow-efficiency",
                    "Flow efficiency and value stream",
                    [
                        EfficiencyCharts.ByStage(inputs.FlowEfficiencyByStage, inputs.Current.FlowEfficiency),
                        EfficiencyCharts.ValueStreamMap(inputs.ValueStream, inputs.TotalLeadTimeDays, inputs.TotalActiveDays),
                    ],
                    [ReportTables.LongestWaitingStages(inputs.StageWaits)],
                    []),
                new ReportSection("waste", "Waste", [WasteChart.Build(inputs.Waste, inputs.InProgressStages)], [], []),
                Forecasts(inputs.Forecasts),
                .. inputs.Value is { } value ? [Value(value)] : Array.Empty<ReportSection>(),
            ],
        };
    }

    /// <summary>
    /// The "Value" section: ranking chart and table, value delivered per week, one realisation chart per KPI with its
    /// table, time to value, and the saved what-if scenarios beside the baseline (tables <c>what-if</c> and
    /// <c>what-if-initiatives</c>) when there are any.
    /// </summary>
    public static ReportSection Value(ValueView value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Section is not { } data)
        {
            return new ReportSection("value", "Value", [], [], value.Notes.Count > 0 ? value.Notes : ["The portfolio could not be evaluated."]);
        }

        var charts = new List<ReportChart> { ValueCharts.Ranking(data.Ranking) };
        if (value.DeliveredByWeek is { Count: > 0 } delivered)
        {
            charts.Add(ValueCharts.DeliveredByPeriod(delivered));
        }

        charts.AddRange(data.Kpis.Select((k, i) => ValueCharts.KpiRealisation(k, $"kpi-{(i + 1).ToString(CultureInfo.InvariantCulture)}")));
        charts.Add(ValueCharts.TimeToValue(data.TimeToValue));
        List<ReportTable> tables = [ValueTables.Ranking(data.Ranking), ValueTables.KpiStatuses(value.KpiStatuses), ValueTables.TimeToValue(data.TimeToValue)];
        if (value.WhatIfs is { Count: > 1 } whatIfs)
        {
            tables.Add(ValueTables.WhatIf(whatIfs));
            tables.Add(ValueTables.WhatIfInitiatives(whatIfs));
        }

        return new ReportSection("value", "Value", charts, tables, value.Notes);
    }

    private static ReportSection Forecasts(IReadOnlyList<ForecastView> forecasts)
    {
        var charts = new List<ReportChart>();
        var notes = new List<string>();
        for (var i = 0; i < forecasts.Count; i++)
        {
            var f = forecasts[i];
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (f.When is not null)
            {
                charts.Add(ForecastCharts.When(f.When, $"forecast-{n}-when"));
                if (f.Paths is { Count: > 0 } paths)
                {
                    charts.Add(ForecastCharts.BurnUpFan(paths, f.When.Items, f.When.Percentiles, $"forecast-{n}-fan"));
                }
            }

            if (f.HowMany is not null)
            {
                charts.Add(ForecastCharts.HowMany(f.HowMany, $"forecast-{n}-how-many"));
            }

            if (f.Calibration is { } calibration)
            {
                if (calibration.Raw.Count > 0)
                {
                    charts.Add(ReliabilityChart.Create(calibration, $"forecast-{n}-reliability"));
                }

                notes.AddRange(calibration.Lines.Select(l => $"Forecast {n}: {l}"));
            }

            if (f.CannotForecastReason is { } reason)
            {
                notes.Add($"Forecast {n}: cannot forecast. {reason}");
            }

            notes.AddRange((f.Warnings ?? []).Select(w => $"Forecast {n}: {w}"));
        }

        if (forecasts.Count == 0)
        {
            notes.Add("No forecast was requested.");
        }

        return new ReportSection("forecasts", "Forecasts", charts, [], notes);
    }

    private static string FigureFormatNumber(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
