using BenchmarkDotNet.Attributes;
using PmoFlow.Reporting;
using PmoFlow.Reporting.Charts;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Rendering;
using PmoFlow.Reporting.Tables;

namespace PmoFlow.Benchmarks.Reporting;

/// <summary>
/// Building and rendering the weekly report for a stream with <see cref="Items"/> completed items on the
/// scatterplot and histogram, two years of daily throughput, WIP and a six-stage CFD, 2% of the items in
/// progress (ageing chart and SLE table), and a 10,000-trial forecast.
/// </summary>
[MemoryDiagnoser]
public class HtmlReportBenchmarks
{
    private ReportInputs _inputs = null!;
    private ReportModel _model = null!;

    [Params(1_000, 100_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var end = new DateOnly(2024, 12, 29);
        var start = end.AddDays(-729);
        string[] stages = ["Analysis", "Ready for dev", "In development", "Ready for review", "In review", "Done"];

        var points = new CycleTimePoint[Items];
        for (var i = 0; i < Items; i++)
        {
            var days = 1 + (int)(-Math.Log(1 - random.NextDouble()) * 6);
            points[i] = new CycleTimePoint(start.AddDays(random.Next(730)), days, $"BENCH-{i}", $"Item {i}: fix <widget> & \"gadget\" #{i % 97}");
        }

        var throughput = Enumerable.Range(0, 730).Select(d => new DatedValue(start.AddDays(d), points.Length / 730.0)).ToList();
        var cfd = stages.Select((s, k) => new CfdBand(s, Enumerable.Range(0, 730)
            .Select(d => new DatedValue(start.AddDays(d), (d + 1) * (Items / 730.0) * (1 - (k * 0.02)))).ToList())).ToList();
        var ageing = Enumerable.Range(0, Items / 50)
            .Select(i => new AgeingItem($"OPEN-{i}", $"Open item {i} <b>", stages[1 + (i % 4)], 1 + random.Next(60)))
            .ToList();
        _inputs = new ReportInputs
        {
            StreamName = "Benchmark stream",
            Period = ReportPeriod.IsoWeek(end),
            PreviousPeriod = ReportPeriod.IsoWeek(end).Previous("previous"),
            GeneratedAt = new DateTimeOffset(2024, 12, 30, 6, 0, 0, TimeSpan.Zero),
            Current = new HeadlineValues(140, 4, 11, 300, 0.31, 0.86),
            Previous = new HeadlineValues(120, 5, 12, 320, 0.29, 0.84),
            SleDays = 11,
            CycleTimes = points,
            CycleTimePercentiles = [new(50, 4), new(70, 7), new(85, 11), new(95, 18)],
            Throughput = throughput,
            Wip = throughput.Select(t => t with { Value = 300 }).ToList(),
            Cfd = cfd,
            InProgressStages = stages[1..5],
            Ageing = ageing,
            Blocked = ageing.Take(50).Select(a => new BlockedItem(a.Key, a.Title, a.Stage, end.AddDays(-3), 3)).ToList(),
            FlowEfficiencyByStage = stages.Select((s, k) => new StageValue(s, k % 2 == 0 ? 0.8 : 0.1)).ToList(),
            ValueStream = stages.Select((s, k) => new VsmStageBar(s, k % 2 == 0 ? 2 : 0.2, k % 2 == 0 ? 0.5 : 3, 1 - (k * 0.05))).ToList(),
            TotalLeadTimeDays = 14,
            TotalActiveDays = 4,
            StageWaits = stages.Select((s, k) => new StageWait(s, k, k * 100, 50)).ToList(),
            Waste = stages.SelectMany(s => new[] { new WasteEntry(s, "waiting", 40), new WasteEntry(s, "blocked", 5) }).ToList(),
            Forecasts =
            [
                new ForecastView(When: new WhenChartData(
                    200,
                    Enumerable.Range(0, 60).Select(d => new DateCount(end.AddDays(20 + d), 10_000 / 60)).ToList(),
                    [new(50, end.AddDays(50)), new(85, end.AddDays(70))],
                    end.AddDays(60),
                    0.62)),
            ],
        };
        _model = ReportBuilder.Build(_inputs);
    }

    [Benchmark(Baseline = true)]
    public ReportModel BuildModel() => ReportBuilder.Build(_inputs);

    [Benchmark]
    public int RenderHtml() => HtmlReportRenderer.Render(_model).Length;

    [Benchmark]
    public int BuildAndRenderHtml() => HtmlReportRenderer.Render(ReportBuilder.Build(_inputs)).Length;

    [Benchmark]
    public int RenderMarkdownJsonCsv() =>
        MarkdownReportRenderer.Render(_model).Length
        + JsonReportRenderer.Render(_model).Length
        + _model.AllTables().Sum(t => CsvTableRenderer.Render(t).Length);
}
