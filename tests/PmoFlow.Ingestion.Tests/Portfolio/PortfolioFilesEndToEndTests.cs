using PmoFlow.Core.Value;
using PmoFlow.Streams.Portfolio;
using PmoFlow.Testing;

namespace PmoFlow.Ingestion.Tests.Portfolio;

public sealed class PortfolioFilesEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-value-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text, bool bom = false)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(bom));
        return path;
    }

    private const string Yaml = """
        objectives:
          - id: O1
            name: Growth
            weight: 1
        initiatives:
          - id: A
            start_date: 2024-01-01
            contributions: { O1: 0.5 }
            link: { epics: [EPIC-1] }
            cost_of_delay_per_week: 1000
            job_duration_weeks: 2
            financials:
              discount_rate: 0.1
              cash_flows: [-100000, 80000, 50000]
              present_value_of_earnings: 30
              probability_commercial_success: 0.5
              commercialisation_cost: 5
              probability_technical_success: 0.8
              development_cost: 3
              investment: 300000
              annual_accounting_profits: [34000, 34000, 34000, 34000, 34000]
            kpis:
              - name: Activation
                baseline: 100
                target: 200
                baseline_date: 2024-01-01
                target_date: 2024-04-10
          - id: B
            contributions: { O1: 1 }
            link: { labels: [b] }
            cost_of_delay_per_week: 1000
            job_duration_weeks: 1
        """;

    private const string Csv = """
        initiative,kpi,date,value
        A,Activation,2024-01-11,112
        A,Activation,2024-01-21,122
        A , activation , 2024-01-31 , 132
        """;

    private static readonly ValueItem[] Items =
    [
        new("S-1", ParentKey: "EPIC-1", BusinessValue: 8, ValueReached: new DateOnly(2024, 1, 5), Completed: new DateOnly(2024, 1, 5)),
        new("S-2", ParentKey: "EPIC-1", BusinessValue: 5, ValueReached: new DateOnly(2024, 1, 10), Completed: new DateOnly(2024, 1, 10)),
        new("B-1", Labels: ["b"], BusinessValue: 3, Created: new DateOnly(2024, 1, 2), ValueReached: new DateOnly(2024, 1, 4), Completed: new DateOnly(2024, 1, 4)),
    ];

    [Fact]
    public void YamlAndCsv_ToRankingTable_GiveTheHandWorkedFigures()
    {
        var document = PortfolioYamlLoader.LoadFile(Write("portfolio.yaml", Yaml));
        var readings = KpiReadingsCsvLoader.LoadFile(Write("kpi-readings.csv", Csv, bom: true));

        var result = PortfolioReadings.Merge(document, readings).Evaluate(Items);
        var table = PortfolioTables.Ranking(result);

        // B: WSJF 1,000 / 1 = 1,000 → rank 1; alignment 1.0; value 3; created 01-02 → value 01-04 = 3 days inclusive.
        Assert.Equal("1|B|O1|1000.00|1000.00||||1.0000|3|||3|3", string.Join('|', table.Rows[0]));
        // A: WSJF 1,000 / 2 = 500 → rank 2. NPV −100,000 + 80,000/1.1 + 50,000/1.21 = 14,049.59.
        // ECV ((30 × 0.5) − 5) × 0.8 − 3 = 5. ARR 34,000 / 300,000 = 0.1133. Alignment 0.5. Value 8 + 5 = 13.
        // Time to value from 01-01: 01-05 → 5 days, 01-10 → 10 days. KPI 112/122/132 → projected 202 → on track.
        Assert.Equal("2|A|O1|500.00|1000.00|14049.59|5.00|0.1133|0.5000|13||on_track|5|10", string.Join('|', table.Rows[1]));
        var kpis = PortfolioTables.KpiStatuses(result);
        Assert.Equal("A|Activation|100|200|2024-04-10|2024-01-31|132|202|1.0200|on_track", string.Join('|', Assert.Single(kpis.Rows)));
    }

    [Fact]
    public void Evaluate_InitiativeLinkedToNoItems_WarnsWithTheLinkLine()
    {
        var document = PortfolioYamlLoader.LoadFile(Write("portfolio.yaml", Yaml));

        var result = document.Evaluate([]);

        var w = Assert.Single(result.Warnings, d => d is { InitiativeId: "B", Field: "link" });
        Assert.Equal(30, w.Location!.Line); // "    link: { labels: [b] }"
        Assert.EndsWith("portfolio.yaml", w.Location.File, StringComparison.Ordinal);
        var noReadings = Assert.Single(result.Warnings, d => d is { Kpi: "Activation", Field: "readings" });
        Assert.Equal(23, noReadings.Location!.Line); // the KPI's "- name: Activation" line
    }

    [Fact]
    public void Samples_LoadMergeAndRank()
    {
        var samples = Path.Combine(TestPaths.RepositoryRoot, "samples");
        var document = PortfolioYamlLoader.LoadFile(Path.Combine(samples, "portfolio.yaml"));
        var readings = KpiReadingsCsvLoader.LoadFile(Path.Combine(samples, "kpi-readings.csv"));
        var merged = PortfolioReadings.Merge(document, readings);
        ValueItem[] items =
        [
            new("T1-1", ParentKey: "EPIC-1", BusinessValue: 5, Created: new DateOnly(2025, 1, 9), ValueReached: new DateOnly(2025, 2, 1), Completed: new DateOnly(2025, 2, 1)),
            new("T1-2", ParentKey: "EPIC-3", BusinessValue: 3, Created: new DateOnly(2025, 2, 2)),
            new("T1-3", ParentKey: "EPIC-4", Created: new DateOnly(2025, 3, 2), Completed: new DateOnly(2025, 3, 20), ValueReached: new DateOnly(2025, 3, 20)),
        ];

        var result = merged.Evaluate(items, new Dictionary<string, DateOnly?> { ["ONBOARDING"] = new DateOnly(2025, 9, 30) });

        Assert.Equal(4, result.Ranking.Count);
        // WSJF: SELF-SERVICE 3,000/1 = 3,000; ONBOARDING 12,000/6 = 2,000; CHURN 8,000/4 = 2,000 (tie: higher CoD
        // first, ONBOARDING); PLATFORM has no cost of delay.
        Assert.Equal(["SELF-SERVICE", "ONBOARDING", "CHURN", "PLATFORM"], result.Ranking.Select(r => r.InitiativeId));
        Assert.Equal(3, result.Kpis.Count);
        // Conversion, days since 2025-01-08: 51, 82, 112, 143 (x̄ 97) with 12.4, 13.1, 13.9, 14.3 (ȳ 13.425);
        // Sxy = 99.4, Sxx = 4,682 → slope 0.0212303; target date is day 357 → 13.425 + 0.0212303 × 260 = 18.945;
        // attainment (18.945 − 12) / 6 = 1.1575 → on track.
        var conversion = result.Kpis.Single(k => k.InitiativeId == "ONBOARDING");
        Assert.Equal(1.1575, conversion.Attainment!.Value, 4);
        Assert.Equal(KpiStatus.OnTrack, conversion.Status);
        // Churn, days since 2025-02-01: 27, 58, 88, 119 (x̄ 73) with 2.95, 2.9, 2.8, 2.8 (ȳ 2.8625); Sxy = −8.4 →
        // slope −0.001794105; target day 302 → 2.8625 − 0.001794105 × 229 = 2.451650; attainment (2.451650 − 3) / (2 − 3)
        // = 0.548350 → off track.
        var churn = result.Kpis.Single(k => k.InitiativeId == "CHURN");
        Assert.Equal(0.548350, churn.Attainment!.Value, 6);
        Assert.Equal(KpiStatus.OffTrack, churn.Status);
        Assert.Equal(KpiStatus.NotEnoughData, result.Kpis.Single(k => k.InitiativeId == "SELF-SERVICE").Status);
        Assert.Equal(new DateOnly(2025, 9, 30), result.Ranking[1].ForecastDate);
    }
}
