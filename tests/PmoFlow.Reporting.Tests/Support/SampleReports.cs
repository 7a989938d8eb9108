using System.Globalization;
using PmoFlow.Reporting.Charts;
using PmoFlow.Reporting.Model;
using PmoFlow.Reporting.Tables;

namespace PmoFlow.Reporting.Tests.Support;

/// <summary>Report inputs for the tests: small hand-made ones, hostile ones, empty ones and real titles.</summary>
internal static class SampleReports
{
    public static readonly DateTimeOffset GeneratedAt = new(2024, 2, 5, 7, 30, 0, TimeSpan.Zero);

    /// <summary>Strings that must show as text wherever tracker text lands.</summary>
    public static readonly string[] Payloads =
    [
        "</script><script>window.__pwned=1</script>",
        "<img src=x onerror=\"window.__pwned=1\">",
        "<b id=\"pwned-b\">bold?</b> & <i>",
        "\"><svg onload=window.__pwned=1>",
        "{b} {a|rich} {@title}",
        "=HYPERLINK(\"http://evil.example\",\"x\")",
        "*bold* _it_ [link](http://evil.example) | pipe <!channel> `code`",
        "\u2028<!-- comment -->\u2029",
    ];

    public static ReportInputs Small(string stream = "Checkout", string stage0 = "In Progress", string title0 = "Fix the basket")
    {
        var week = ReportPeriod.IsoWeek(new DateOnly(2024, 1, 31));
        string[] stages = [stage0, "Review", "Deploy"];
        var d = week.From;
        return new ReportInputs
        {
            StreamName = stream,
            Period = week,
            PreviousPeriod = week.Previous("2024-W04"),
            TimeZone = "Europe/London",
            GeneratedAt = GeneratedAt,
            Current = new HeadlineValues(12, 4, 9, 7, 0.3, 0.9),
            Previous = new HeadlineValues(10, 5, 9, 8, 0.25, 0.95),
            SleDays = 9,
            Warnings = [new DataQualityWarning("unmapped-status", "Status 'Triage' maps to no stage.", 3)],
            Attribution = Attributions.ApacheJira("OFBiz"),
            CycleTimes =
            [
                new CycleTimePoint(d, 3, "CHK-1", title0),
                new CycleTimePoint(d.AddDays(1), 4, "CHK-2", "Speed up search"),
                new CycleTimePoint(d.AddDays(3), 11, "CHK-3", "Price rounding"),
            ],
            CycleTimePercentiles = [new ChartPercentile(50, 4), new ChartPercentile(85, 9)],
            Throughput = Enumerable.Range(0, 7).Select(i => new DatedValue(d.AddDays(i), i % 3)).ToList(),
            Wip = Enumerable.Range(0, 7).Select(i => new DatedValue(d.AddDays(i), 6 + (i % 2))).ToList(),
            WipLimit = 8,
            Cfd =
            [
                new CfdBand(stages[0], [new(d, 5), new(d.AddDays(1), 6), new(d.AddDays(2), 8)]),
                new CfdBand(stages[1], [new(d, 3), new(d.AddDays(1), 5), new(d.AddDays(2), 6)]),
                new CfdBand(stages[2], [new(d, 1), new(d.AddDays(1), 2), new(d.AddDays(2), 4)]),
            ],
            InProgressStages = stages,
            Ageing =
            [
                new AgeingItem("CHK-4", title0, stages[0], 2),
                new AgeingItem("CHK-5", "Checkout timeout", stages[1], 12),
                new AgeingItem("CHK-6", "Coupon codes", stages[2], 15),
            ],
            Blocked = [new BlockedItem("CHK-5", "Checkout timeout", stages[1], d.AddDays(2), 3.5, "Waiting for vendor")],
            FlowEfficiencyByStage = [new StageValue(stages[0], 0.8), new StageValue(stages[1], 0.1), new StageValue(stages[2], 0.4)],
            ValueStream =
            [
                new VsmStageBar(stages[0], 2, 0.5, 1),
                new VsmStageBar(stages[1], 0.5, 3, 0.9),
                new VsmStageBar(stages[2], 0.2, 1.5, 0.85),
            ],
            TotalLeadTimeDays = 10,
            TotalActiveDays = 3,
            StageWaits = [new StageWait(stages[1], 3, 42, 14), new StageWait(stages[2], 1.5, 20, 13)],
            Waste =
            [
                new WasteEntry(stages[1], "waiting", 42),
                new WasteEntry(stages[1], "blocked", 3.5),
                new WasteEntry(stages[2], "waiting", 20),
                new WasteEntry(stages[0], "rework", 6),
            ],
            Forecasts =
            [
                new ForecastView(
                    When: new WhenChartData(
                        20,
                        [new(new DateOnly(2024, 2, 20), 2000), new(new DateOnly(2024, 2, 22), 6000), new(new DateOnly(2024, 2, 23), 2000)],
                        [new(50, new DateOnly(2024, 2, 22)), new(85, new DateOnly(2024, 2, 23))],
                        new DateOnly(2024, 2, 22),
                        0.8)),
                new ForecastView(
                    HowMany: new HowManyChartData(
                        new DateOnly(2024, 3, 1),
                        [new(8, 1000), new(10, 5000), new(12, 4000)],
                        [new(85, 10), new(50, 10)])),
                new ForecastView(CannotForecastReason: "No item was completed in the sampling window (2023-11-01 to 2024-01-30)."),
            ],
        };
    }

    /// <summary>Every tracker-supplied string holds a payload.</summary>
    public static ReportModel Hostile()
    {
        var p = Payloads;
        var inputs = Small(stream: p[0], stage0: p[1], title0: p[2]) with
        {
            Warnings = [new DataQualityWarning("unmapped-status", $"Status '{p[3]}' maps to no stage.", 1)],
            Attribution = p[4],
            CycleTimes =
            [
                .. p.Select((payload, i) => new CycleTimePoint(new DateOnly(2024, 1, 29).AddDays(i % 7), i + 1, $"KEY-{i}", payload)),
            ],
            Ageing = [.. p.Select((payload, i) => new AgeingItem($"KEY-{i}", payload, i % 2 == 0 ? p[1] : "Review", 10 + i))],
            Blocked = [.. p.Select((payload, i) => new BlockedItem($"KEY-{i}", payload, p[1], new DateOnly(2024, 1, 30), i, p[5]))],
            StageWaits = [new StageWait(p[1], 3, 42, 14), new StageWait(p[6], 1, 2, 3)],
            Waste = [new WasteEntry(p[1], p[7], 4)],
        };
        return ReportBuilder.Build(inputs);
    }

    public static ReportModel Empty() => ReportBuilder.Build(new ReportInputs
    {
        StreamName = "Empty stream",
        Period = ReportPeriod.IsoWeek(new DateOnly(2024, 1, 31)),
        GeneratedAt = GeneratedAt,
    });

    /// <summary>
    /// A report over the real Apache Maven JAR Plugin issues: real keys and titles (with &lt;, &amp;, quotes and
    /// non-ASCII text). The figures are a crude created→resolved span, enough to draw charts: these tests check
    /// rendering, not metrics.
    /// </summary>
    public static ReportModel FromMjar()
    {
        using var reader = new StreamReader(PmoFlow.Testing.TestPaths.Data("apache-jira", "MJAR_issues.csv"));
        using var csv = CsvHelper.CsvReader.Create(reader, new CsvHelper.CsvReaderOptions(), leaveOpen: false);
        csv.ReadHeader();
        var points = new List<CycleTimePoint>();
        var open = new List<AgeingItem>();
        var asOf = new DateOnly(2022, 1, 10);
        while (csv.Read())
        {
            var key = csv.GetStringOrNull("issue_key")!;
            var title = csv.GetStringOrNull("summary")!;
            var created = DateOnly.FromDateTime(DateTimeOffset.Parse(csv.GetStringOrNull("created")!, CultureInfo.InvariantCulture).UtcDateTime);
            var resolved = csv.GetStringOrNull("resolutiondate");
            if (string.IsNullOrEmpty(resolved))
            {
                open.Add(new AgeingItem(key, title, "Open", asOf.DayNumber - created.DayNumber + 1));
            }
            else
            {
                var done = DateOnly.FromDateTime(DateTimeOffset.Parse(resolved, CultureInfo.InvariantCulture).UtcDateTime);
                points.Add(new CycleTimePoint(done, done.DayNumber - created.DayNumber + 1, key, title));
            }
        }

        var sorted = points.Select(p => p.Days).Order().ToArray();
        double Nearest(double pct) => sorted[Math.Max(0, (int)Math.Ceiling(pct / 100 * sorted.Length) - 1)];
        var week = ReportPeriod.IsoWeek(new DateOnly(2022, 1, 5));
        return ReportBuilder.Build(new ReportInputs
        {
            StreamName = "Maven JAR Plugin",
            Period = week,
            PreviousPeriod = week.Previous("2021-W52"),
            GeneratedAt = GeneratedAt,
            Attribution = Attributions.ApacheJira("Maven JAR Plugin"),
            CycleTimes = points,
            CycleTimePercentiles = [new(50, Nearest(50)), new(85, Nearest(85)), new(95, Nearest(95))],
            InProgressStages = ["Open"],
            Ageing = open,
            SleDays = Nearest(85),
        });
    }
}
