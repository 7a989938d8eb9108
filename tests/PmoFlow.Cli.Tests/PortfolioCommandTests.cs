using System.Globalization;
using System.Text.Json;
using Dapper;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Forecasting;
using PmoFlow.Core.Simulation;
using PmoFlow.Core.Value;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Portfolio;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests;

/// <summary>
/// `pmoflow portfolio` and `pmoflow kpi` end to end, in-process: the sample generator's data imported with
/// `pmoflow import csv`, samples/portfolio.yaml and samples/kpi-readings.csv, and a real PostgreSQL named by the
/// configuration file's `database:` key (a fresh database per test).
/// </summary>
public sealed partial class PortfolioCommandTests : IAsyncLifetime
{
    private const string AsOf = "2025-09-30";
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-portfolio-").FullName;
    private TestDatabase _db = null!;

    private string Config => Path.Combine(_dir, "pmoflow.yaml");

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, "samples", "portfolio.yaml"), Path.Combine(_dir, "portfolio.yaml"));
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, "samples", "kpi-readings.csv"), Path.Combine(_dir, "kpi-readings.csv"));
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Portfolio_WhatIf_DropAndIdentityBesideTheBaseline()
    {
        await GenerateAndImportSampleAsync();

        var run = await CliRunner.RunAsync("portfolio", "--config", Config, "--as-of", AsOf, "--trials", "500", "--seed", "5", "--format", "json",
            "--what-if", "no churn:drop=CHURN", "--what-if", "same:throughputFactor=1", "--value-by", "2025-12-31");

        Assert.True(run.Code == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var rows = json.RootElement.GetProperty("what_if").EnumerateArray().ToList();
        Assert.Equal(["baseline", "no churn", "same"], rows.Select(r => r.GetProperty("scenario").GetString()));
        Assert.Equal("SELF-SERVICE > ONBOARDING > CHURN > PLATFORM", rows[0].GetProperty("wsjf_order").GetString());
        Assert.Equal("SELF-SERVICE > ONBOARDING > PLATFORM", rows[1].GetProperty("wsjf_order").GetString());
        // Dropping CHURN removes its NPV (−80000 + 40000 × (1/1.08 + 1/1.08² + 1/1.08³) = 23083.88) from the portfolio's.
        Assert.Equal(23083.88, rows[0].GetProperty("npv").GetDouble() - rows[1].GetProperty("npv").GetDouble(), 2);
        Assert.Equal(0, rows[2].GetProperty("cost_of_delay").GetDouble());
        Assert.Equal(rows[0].GetProperty("value_delivered").GetDecimal(), rows[2].GetProperty("value_delivered").GetDecimal());
        var initiatives = json.RootElement.GetProperty("what_if_initiatives").EnumerateArray().ToList();
        Assert.DoesNotContain(initiatives, i => i.GetProperty("scenario").GetString() == "no churn" && i.GetProperty("initiative").GetString() == "CHURN");

        var bad = await CliRunner.RunAsync("portfolio", "--config", Config, "--as-of", AsOf, "--what-if", "oops:speed=2");
        Assert.Equal(2, bad.Code);
        Assert.Contains("unknown key 'speed'", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portfolio_SampleDataImported_RanksWithFiguresMatchingTheValueCore()
    {
        await GenerateAndImportSampleAsync();
        Assert.Equal(0, (await CliRunner.RunAsync("kpi", "import", "--config", Config, "--file", Path.Combine(_dir, "kpi-readings.csv"))).Code);

        var run = await CliRunner.RunAsync("portfolio", "--config", Config, "--as-of", AsOf, "--trials", "2000", "--seed", "5", "--format", "json");

        Assert.True(run.Code == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var ranking = json.RootElement.GetProperty("ranking").EnumerateArray().ToList();

        // WSJF = cost of delay per week ÷ weeks: SELF-SERVICE 3000/1 = 3000; ONBOARDING 12000/6 = 2000 and CHURN
        // 8000/4 = 2000 tie, broken by the larger cost of delay (ONBOARDING); PLATFORM has none: unranked, last.
        Assert.Equal(["SELF-SERVICE", "ONBOARDING", "CHURN", "PLATFORM"], ranking.Select(r => r.GetProperty("initiative").GetString()));
        Assert.Equal([1, 2, 3], ranking.Take(3).Select(r => r.GetProperty("rank").GetInt32()));
        Assert.Equal(JsonValueKind.Null, ranking[3].GetProperty("rank").ValueKind);
        Assert.Equal([3000m, 2000m, 2000m], ranking.Take(3).Select(r => r.GetProperty("wsjf").GetDecimal()));
        var onb = ranking[1];
        // NPV at 8 %: −250000 + 90000/1.08 + 120000/1.08² + 140000/1.08³ = 47350.5055 → 47350.51.
        Assert.Equal(47350.51m, onb.GetProperty("npv").GetDecimal());
        // ECV = ((400000 × 0.7) − 40000) × 0.9 − 150000 = 66000.
        Assert.Equal(66000m, onb.GetProperty("ecv").GetDecimal());
        // ARR = mean(30000, 55000, 70000) ÷ 250000 = 0.206667.
        Assert.Equal(0.2067m, onb.GetProperty("arr").GetDecimal());
        // Alignment, weights 3/2/1 (sum 6): ONBOARDING 3/6 × 0.9 + 2/6 × 0.3 = 0.55; CHURN 2/6 × 1 = 0.3333;
        // SELF-SERVICE 1/6 × 1 + 2/6 × 0.2 = 0.2333; PLATFORM 1/6 × 0.5 = 0.0833.
        Assert.Equal([0.2333m, 0.55m, 0.3333m, 0.0833m], ranking.Select(r => r.GetProperty("alignment").GetDecimal()));
        Assert.Equal("GROWTH", onb.GetProperty("objective").GetString());
        // CHURN: −80000 + 40000 × (1/1.08 + 1/1.08² + 1/1.08³) = 23083.88.
        Assert.Equal(23083.88m, ranking[2].GetProperty("npv").GetDecimal());

        // The same figures computed in memory from the simulator (same seed as `sample generate`), without the CLI or
        // the database.
        var expected = ComputeInMemory();
        foreach (var row in ranking)
        {
            var id = row.GetProperty("initiative").GetString()!;
            var want = expected.Flow.Flow.Result.Ranking.Single(r => r.InitiativeId == id);
            Assert.Equal(want.ValueDelivered is { } v ? Math.Round(v, 2, MidpointRounding.AwayFromZero) : null, Decimal(row, "value_delivered"));
            Assert.Equal(want.ForecastDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Text(row, "forecast_date"));
            Assert.Equal(PortfolioTables.Status(want.KpiStatus), Text(row, "kpi_status") ?? string.Empty);
            Assert.Equal(want.TimeToFirstValueDays, Int(row, "time_to_first_value_days"));
            Assert.Equal(want.TimeToLastValueDays, Int(row, "time_to_last_value_days"));
        }

        // Value delivered by CHURN (item values, epic EPIC-3), summed straight from the simulator's items and the flow
        // analysis' Done states: an oracle that does not go through the value core's linking.
        var values = expected.Simulation.Items.ToDictionary(i => i.Key);
        var churn = expected.Analysis.Items
            .Where(m => m.State == ItemState.Done && values[m.Key].Parent == "EPIC-3")
            .Sum(m => values[m.Key].BusinessValue ?? 0);
        Assert.Equal(churn, Decimal(ranking[2], "value_delivered"));
        Assert.True(churn > 0);
        // SELF-SERVICE's business value 60 is shared equally among its linked items: 60 × completed ÷ linked.
        var self = expected.Flow.Flow.Result.Ranking.Single(r => r.InitiativeId == "SELF-SERVICE");
        Assert.Equal(Math.Round(60m * self.CompletedItems / self.LinkedItems, 2, MidpointRounding.AwayFromZero), Decimal(ranking[0], "value_delivered"));

        // Forecast dates exist for initiatives with open items, in a sensible order: after the as-of date.
        var forecasts = json.RootElement.GetProperty("forecasts").EnumerateArray().ToList();
        Assert.Equal(["SELF-SERVICE", "ONBOARDING", "CHURN", "PLATFORM"], forecasts.Select(f => f.GetProperty("initiative").GetString()));
        Assert.All(forecasts.Where(f => f.GetProperty("status").GetString() == "forecast"),
            f => Assert.True(string.CompareOrdinal(f.GetProperty("forecast_date").GetString(), AsOf) > 0));
        Assert.Contains(forecasts, f => f.GetProperty("status").GetString() == "forecast");

        // KPI status of ONBOARDING: least squares over (days since 2025-01-08, value) = (51, 12.4), (82, 13.1),
        // (112, 13.9), (143, 14.3), projected to 2025-12-31 (day 357), computed here in closed form.
        var kpi = json.RootElement.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("initiative").GetString() == "ONBOARDING");
        double[] xs = [51, 82, 112, 143];
        double[] ys = [12.4, 13.1, 13.9, 14.3];
        var (mx, my) = (xs.Average(), ys.Average());
        var slope = xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / xs.Sum(x => (x - mx) * (x - mx));
        var projected = my + (slope * (357 - mx));
        var attainment = (projected - 12) / (18 - 12);
        Assert.Equal(Math.Round((decimal)projected, 4), kpi.GetProperty("projected_at_target_date").GetDecimal());
        Assert.Equal(Math.Round((decimal)attainment, 4), kpi.GetProperty("attainment").GetDecimal());
        Assert.Equal(attainment >= 1 ? "on_track" : attainment >= 0.8 ? "at_risk" : "off_track", kpi.GetProperty("status").GetString());

        // The warnings carry the portfolio file's line: PLATFORM has no cost of delay.
        var warnings = json.RootElement.GetProperty("warnings").EnumerateArray().ToList();
        Assert.Contains(warnings, w => w.GetProperty("initiative").GetString() == "PLATFORM"
            && w.GetProperty("field").GetString() == "cost_of_delay_per_week"
            && w.GetProperty("location").GetString()!.Contains("portfolio.yaml:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_FromFiles_ValueSectionShowsWhatPortfolioComputes()
    {
        // Files → `import csv` → `kpi import` → `report`: the report's "Value" section against `pmoflow portfolio` as of
        // the same instant (the end of 2025-09-30 in Europe/London = 22:59:59.9999999 UTC), same trials and seed.
        await GenerateAndImportSampleAsync();
        Assert.Equal(0, (await CliRunner.RunAsync("kpi", "import", "--config", Config, "--file", Path.Combine(_dir, "kpi-readings.csv"))).Code);
        var outDir = Path.Combine(_dir, "report");

        var report = await CliRunner.RunAsync("report", "--config", Config, "--week", AsOf, "--as-of", "2025-09-30T22:59:59.9999999Z", "--out", outDir);
        var portfolio = await CliRunner.RunAsync("portfolio", "--config", Config, "--as-of", AsOf, "--format", "json");

        Assert.True(report.Code == 0, report.Stderr);
        Assert.True(portfolio.Code == 0, portfolio.Stderr);
        using var reportJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        using var portfolioJson = JsonDocument.Parse(portfolio.Stdout);
        var value = reportJson.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "value");
        Assert.Equal("Value", value.GetProperty("title").GetString());

        // Ranking: every figure of the portfolio command, in the same order.
        var rows = TableRows(value, "value-ranking");
        var ranking = portfolioJson.RootElement.GetProperty("ranking").EnumerateArray().ToList();
        Assert.Equal(ranking.Count, rows.Count);
        foreach (var (row, want) in rows.Zip(ranking))
        {
            Assert.Equal(Text(want, "initiative"), row["Initiative"]);
            Assert.Equal(Int(want, "rank")?.ToString(CultureInfo.InvariantCulture), row["Rank"]);
            Assert.Equal(Decimal(want, "wsjf"), Number(row["WSJF"]));
            Assert.Equal(Decimal(want, "npv"), Number(row["NPV"]));
            Assert.Equal(Decimal(want, "ecv"), Number(row["ECV"]));
            Assert.Equal(Decimal(want, "alignment"), Number(row["Alignment"]));
            Assert.Equal(Decimal(want, "value_delivered"), Number(row["Value delivered"]));
            Assert.Equal(Text(want, "forecast_date"), row["Forecast date"]);
            Assert.Equal(Text(want, "kpi_status"), row["KPI status"]);
            Assert.Equal(Int(want, "time_to_first_value_days")?.ToString(CultureInfo.InvariantCulture), row["Days to first value"]);
        }

        // Hand-worked: ONBOARDING's NPV at 8 %: −250000 + 90000/1.08 + 120000/1.08² + 140000/1.08³ = 47350.5055.
        Assert.Equal("47350.51", rows.Single(r => r["Initiative"] == "ONBOARDING")["NPV"]);

        // KPI realisation: one chart per KPI with its readings (file and imported) and the target line's two ends.
        var kpis = TableRows(value, "kpi-status");
        var kpiStatus = portfolioJson.RootElement.GetProperty("kpis").EnumerateArray().ToList();
        Assert.Equal(kpiStatus.Select(k => (Text(k, "initiative"), Text(k, "kpi"), Text(k, "status"), Decimal(k, "attainment"))),
            kpis.Select(k => (k["Initiative"], k["KPI"], k["Status"], Number(k["Attainment"]))));
        var charts = value.GetProperty("charts").EnumerateArray().ToList();
        Assert.Equal(["value-ranking", "value-delivered", "kpi-1", "kpi-2", "kpi-3", "time-to-value"], charts.Select(c => c.GetProperty("id").GetString()));

        // Value delivered per week over the report's 12 trailing weeks (the week of 2025-09-30 ends Sunday 2025-10-05, so
        // they start on Monday 2025-07-14; the last runs to the as-of day 2025-09-30): summed here from the simulator's
        // item values and the flow analysis' Done dates in Europe/London, without the value core.
        var delivered = charts.Single(c => c.GetProperty("id").GetString() == "value-delivered").GetProperty("option");
        var weeks = delivered.GetProperty("xAxis").GetProperty("data").EnumerateArray().Select(w => DateOnly.ParseExact(w.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(12, weeks.Count);
        Assert.Equal(new DateOnly(2025, 7, 14), weeks[0]);
        var memory = ComputeInMemory();
        var itemValues = memory.Simulation.Items.ToDictionary(i => i.Key, i => i.BusinessValue);
        var zone = ConfigLoader.Load(Config).Stream("delivery").Definition.TimeZone;
        var doneDays = memory.Analysis.Items.Where(m => m.State == ItemState.Done)
            .Select(m => (Day: DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(m.Done!.Value, zone).DateTime), Value: itemValues[m.Key]))
            .ToList();
        var bars = delivered.GetProperty("series")[0].GetProperty("data").EnumerateArray().ToList();
        for (var w = 0; w < weeks.Count; w++)
        {
            var end = w + 1 < weeks.Count ? weeks[w + 1].AddDays(-1) : new DateOnly(2025, 9, 30);
            var done = doneDays.Where(d => d.Day >= weeks[w] && d.Day <= end).ToList();
            decimal? want = done.Count == 0 ? 0m : done.All(d => d.Value is null) ? null : done.Sum(d => d.Value ?? 0m);
            Assert.Equal(want, bars[w].ValueKind == JsonValueKind.Null ? null : bars[w].GetDecimal());
        }
        var onboardingChart = charts.Single(c => c.GetProperty("title").GetString()!.StartsWith("ONBOARDING", StringComparison.Ordinal));
        var series = onboardingChart.GetProperty("option").GetProperty("series").EnumerateArray().ToDictionary(x => x.GetProperty("name").GetString()!);
        // samples/kpi-readings.csv: ONBOARDING's four readings; portfolio.yaml: baseline 12 on 2025-01-08, target 18 on 2025-12-31.
        Assert.Equal(["2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31"], series["Readings"].GetProperty("data").EnumerateArray().Select(p => p[0].GetString()));
        Assert.Equal([("2025-01-08", 12.0), ("2025-12-31", 18.0)],
            series["Target line"].GetProperty("data").EnumerateArray().Select(p => (p[0].GetString(), p[1].GetDouble())));

        // Time to value per initiative, as the portfolio command counts it.
        var ttv = TableRows(value, "time-to-value");
        Assert.Equal(ranking.Select(r => (Text(r, "initiative"), Int(r, "time_to_first_value_days"), Int(r, "time_to_last_value_days"))),
            ttv.Select(r => (r["Initiative"], ParseInt(r["Days to first value"]), ParseInt(r["Days to last value"]))));

        // The warnings are notes naming the portfolio file and line, not the server's folders; the CSV is written too.
        var notes = value.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notes, n => n.StartsWith("portfolio.yaml:", StringComparison.Ordinal) && n.Contains("'PLATFORM'", StringComparison.Ordinal));
        Assert.DoesNotContain(notes, n => n.Contains(_dir, StringComparison.Ordinal));
        Assert.StartsWith("Rank,Initiative,Name,Objective,WSJF,", File.ReadAllText(Path.Combine(outDir, "value-ranking.csv")), StringComparison.Ordinal);
        Assert.Contains("id=\"section-value\"", File.ReadAllText(Path.Combine(outDir, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_InitiativesLinkedByLabel_CountTheItemsCarryingTheLabel()
    {
        // Labels from the items file reach the database and link items to initiatives (matched ignoring case).
        File.WriteAllText(Path.Combine(_dir, "events.csv"), """
            item_key,timestamp,from_status,to_status
            A,2025-09-01T09:00:00Z,,Backlog
            A,2025-09-02T09:00:00Z,Backlog,Done
            B,2025-09-01T09:00:00Z,,Backlog
            C,2025-09-01T09:00:00Z,,Backlog
            C,2025-09-03T09:00:00Z,Backlog,Done

            """);
        File.WriteAllText(Path.Combine(_dir, "items.csv"), "key,labels\nA,churn\nB,Churn; ux\nC,ux\n");
        WriteConfig(", items: items.csv");
        File.WriteAllText(Path.Combine(_dir, "portfolio.yaml"), """
            objectives:
              - { id: KEEP, weight: 1 }
            initiatives:
              - { id: CHURN, contributions: { KEEP: 1 }, link: { labels: [churn] } }
              - { id: UX, contributions: { KEEP: 1 }, link: { labels: [UX] } }
            """);
        Assert.Equal(0, (await CliRunner.RunAsync("import", "csv", "--config", Config)).Code);
        var outDir = Path.Combine(_dir, "report");

        var report = await CliRunner.RunAsync("report", "--config", Config, "--week", AsOf, "--as-of", "2025-09-30T22:59:59Z", "--out", outDir, "--format", "json");

        Assert.True(report.Code == 0, report.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var value = json.RootElement.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "value");
        var ttv = TableRows(value, "time-to-value").ToDictionary(r => r["Initiative"]!);
        // CHURN: A and B (B's "Churn"); UX: B and C. Each has one item done: A on 09-02, C on 09-03, counted inclusively
        // from the first linked item's creation on 09-01: 2 and 3 days.
        Assert.Equal(("2", "1", "2"), (ttv["CHURN"]["Linked items"], ttv["CHURN"]["Items at value"], ttv["CHURN"]["Days to first value"]));
        Assert.Equal(("2", "1", "3"), (ttv["UX"]["Linked items"], ttv["UX"]["Items at value"], ttv["UX"]["Days to first value"]));
    }

    [Fact]
    public async Task Report_PortfolioFileWithErrors_StillWritesTheFlowReportAndSaysWhyValueIsMissing()
    {
        await GenerateAndImportSampleAsync();
        var yaml = File.ReadAllText(Path.Combine(_dir, "portfolio.yaml"));
        File.WriteAllText(Path.Combine(_dir, "portfolio.yaml"), yaml.Replace("probability_commercial_success: 0.7", "probability_commercial_success: 1.7", StringComparison.Ordinal));
        var outDir = Path.Combine(_dir, "report");

        var report = await CliRunner.RunAsync("report", "--config", Config, "--week", AsOf, "--as-of", "2025-09-30T22:59:59Z", "--out", outDir, "--format", "json");

        Assert.True(report.Code == 0, report.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var sections = json.RootElement.GetProperty("sections").EnumerateArray().ToList();
        Assert.Contains(sections, s => s.GetProperty("id").GetString() == "cycle-time");
        var value = sections.Single(s => s.GetProperty("id").GetString() == "value");
        Assert.Equal(0, value.GetProperty("charts").GetArrayLength());
        var notes = value.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains("holds errors", notes[0], StringComparison.Ordinal);
        Assert.Contains(notes, n => n.StartsWith("portfolio.yaml:", StringComparison.Ordinal) && n.Contains("probability_commercial_success", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Portfolio_TableFormat_PrintsTheRankingColumnsAndWarningsOnStderr()
    {
        await GenerateAndImportSampleAsync();

        var run = await CliRunner.RunAsync("portfolio", "--config", Config, "--as-of", AsOf, "--trials", "500", "--format", "csv");

        Assert.True(run.Code == 0, run.Stderr);
        var lines = run.Stdout.Split('\n');
        Assert.Equal("# ranking", lines[0]);
        Assert.Equal(string.Join(',', PortfolioTables.RankingColumns), lines[1]);
        Assert.StartsWith("1,SELF-SERVICE,EFFICIENCY,3000.00,3000.00,", lines[2], StringComparison.Ordinal);
        Assert.Contains("# forecasts", lines);
        Assert.Contains("# kpis", lines);
        Assert.Contains("warning: initiative 'PLATFORM', field 'cost_of_delay_per_week'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KpiImport_Twice_SecondRunAddsNothing()
    {
        WriteConfig();
        var csv = Path.Combine(_dir, "kpi-readings.csv");

        var first = await CliRunner.RunAsync("kpi", "import", "--config", Config, "--file", csv, "--format", "csv");
        var second = await CliRunner.RunAsync("kpi", "import", "--config", Config, "--file", csv, "--format", "csv");

        Assert.True(first.Code == 0, first.Stderr);
        Assert.True(second.Code == 0, second.Stderr);
        // samples/kpi-readings.csv holds 8 readings.
        Assert.Equal("8,8,0", string.Join(',', first.Stdout.Split('\n')[1].Split(',')[1..]));
        Assert.Equal("8,0,8", string.Join(',', second.Stdout.Split('\n')[1].Split(',')[1..]));
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(8L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM kpi_readings"));
        Assert.Equal(4L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM portfolio_initiatives WHERE active"));
    }

    [Fact]
    public async Task KpiImport_BadRows_AreReportedWithFileAndLineAndNothingIsWritten()
    {
        WriteConfig();
        var bad = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(bad, """
            initiative,kpi,date,value
            ONBOARDING,Trial-to-paid conversion,2025-13-01,12.4
            ONBOARDING,Trial-to-paid conversion,2025-03-31,twelve
            CHURN,Monthly churn,2025-02-28,2.95
            """);

        var run = await CliRunner.RunAsync("kpi", "import", "--config", Config, "--file", bad);

        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Contains("bad.csv:2: error: initiative 'ONBOARDING', KPI 'Trial-to-paid conversion', field 'date': '2025-13-01' is not a date", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("bad.csv:3: error:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("'twelve' is not a number", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("bad.csv:4", run.Stderr, StringComparison.Ordinal);
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM kpi_readings"));
    }

    [Fact]
    public async Task KpiImport_UnknownKpiOrInitiative_IsAnErrorNamingTheLine()
    {
        WriteConfig();
        var bad = Path.Combine(_dir, "unknown.csv");
        File.WriteAllText(bad, "initiative,kpi,date,value\nNOPE,Anything,2025-02-28,1\nCHURN,Weekly churn,2025-02-28,2\n");

        var run = await CliRunner.RunAsync("kpi", "import", "--config", Config, "--file", bad);

        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Contains("unknown.csv:2: error: initiative 'NOPE'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("unknown.csv:3: error: initiative 'CHURN', KPI 'Weekly churn', field 'kpi': initiative 'CHURN' has no KPI 'Weekly churn' (its KPIs: Monthly churn)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KpiImport_ChangedValueForAStoredDate_IsRefusedNamingTheStoredReading()
    {
        WriteConfig();
        Assert.Equal(0, (await CliRunner.RunAsync("kpi", "import", "--config", Config, "--file", Path.Combine(_dir, "kpi-readings.csv"))).Code);
        var changed = Path.Combine(_dir, "changed.csv");
        File.WriteAllText(changed, "initiative,kpi,date,value\nCHURN,Monthly churn,2025-06-30,2.7\nONBOARDING,Trial-to-paid conversion,2025-02-28,12.5\n");

        var run = await CliRunner.RunAsync("kpi", "import", "--config", Config, "--file", changed);

        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Contains("changed.csv:3: error: initiative 'ONBOARDING', KPI 'Trial-to-paid conversion', field 'value': 2025-02-28 already has the reading 12.4 in the database (stored from ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("kpi-readings.csv:2); this row gives 12.5", run.Stderr, StringComparison.Ordinal);
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        // The good CHURN row of the refused file was not written either.
        Assert.Equal(8L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM kpi_readings"));
    }

    [Fact]
    public async Task KpiStatus_OneInitiative_ListsOnlyItsKpisWithTheirStatus()
    {
        WriteConfig();
        Assert.Equal(0, (await CliRunner.RunAsync("kpi", "import", "--config", Config, "--file", Path.Combine(_dir, "kpi-readings.csv"))).Code);

        var run = await CliRunner.RunAsync("kpi", "status", "--config", Config, "--initiative", "churn", "--format", "csv");

        Assert.True(run.Code == 0, run.Stderr);
        var lines = run.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(string.Join(',', PortfolioTables.KpiColumns), lines[0]);
        var row = Assert.Single(lines[1..]).Split(',');
        // CHURN readings: (27, 2.95), (58, 2.9), (88, 2.8), (119, 2.8) in days since 2025-02-01; the least-squares
        // fit is 2.99347 − 0.0017941 × day, projected to 2025-11-30 (day 302): 2.45165; attainment (2.45165 − 3) ÷
        // (2 − 3) = 0.5484 < 0.8 → off track.
        Assert.Equal(["CHURN", "Monthly churn", "3", "2", "2025-11-30", "2025-05-31", "2.8"], row[..7]);
        Assert.Equal("off_track", row[9]);
        Assert.Equal("0.5484", row[8]);
    }

    [Fact]
    public async Task KpiStatus_NoPortfolioFile_UsesTheStoredDefinition()
    {
        WriteConfig();
        Assert.Equal(0, (await CliRunner.RunAsync("kpi", "import", "--config", Config, "--file", Path.Combine(_dir, "kpi-readings.csv"))).Code);
        File.Delete(Path.Combine(_dir, "portfolio.yaml"));

        var run = await CliRunner.RunAsync("kpi", "status", "--config", Config, "--format", "csv");

        Assert.True(run.Code == 0, run.Stderr);
        // Three KPIs: ONBOARDING's and CHURN's with four readings each, SELF-SERVICE's without its YAML reading (the
        // file is gone), so no data.
        var rows = run.Stdout.TrimEnd('\n').Split('\n')[1..].Select(l => l.Split(',')).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal("no_data", rows.Single(r => r[0] == "SELF-SERVICE")[9]);
    }

    [Fact]
    public async Task Portfolio_NoPortfolioFile_IsAUsageErrorNamingThePath()
    {
        WriteConfig();
        File.Delete(Path.Combine(_dir, "portfolio.yaml"));

        var run = await CliRunner.RunAsync("portfolio", "--config", Config);

        Assert.Equal(ExitCodes.Usage, run.Code);
        Assert.Contains($"no portfolio file at {Path.Combine(_dir, "portfolio.yaml")}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portfolio_ReadingsFileDisagreeingWithTheYaml_IsBadInputWithBothPlaces()
    {
        WriteConfig();
        var readings = Path.Combine(_dir, "extra.csv");
        // portfolio.yaml already has SELF-SERVICE's reading 39 on 2025-04-01.
        File.WriteAllText(readings, "initiative,kpi,date,value\nSELF-SERVICE,Tickets per 100 customers,2025-04-01,38\n");

        var run = await CliRunner.RunAsync("portfolio", "--config", Config, "--readings", readings);

        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Contains("extra.csv:2: error:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("already has the reading 39", run.Stderr, StringComparison.Ordinal);
    }

    private void WriteConfig(string sourceExtra = "")
    {
        File.WriteAllText(Config, $"""
            database: '{_db.ConnectionString}'
            streams:
              - name: delivery
                timeZone: Europe/London
                stages:
                  - {"{"} name: Backlog, category: backlog {"}"}
                  - {"{"} name: Done, category: done {"}"}
            sources:
              - {"{"} name: sample, kind: csv, events: events.csv{sourceExtra} {"}"}
            """);
    }

    private async Task GenerateAndImportSampleAsync()
    {
        var gen = await CliRunner.RunAsync("sample", "generate", "--out", _dir);
        Assert.True(gen.Code == 0, gen.Stderr);
        File.AppendAllText(Config, $"database: '{_db.ConnectionString}'\n");
        var import = await CliRunner.RunAsync("import", "csv", "--config", Config, "--format", "csv");
        Assert.True(import.Code == 0, import.Stderr);
    }

    private (SimulationResult Simulation, FlowAnalysis Analysis, Storage.Portfolio.StreamPortfolioResult Flow) ComputeInMemory()
    {
        var simulation = DeliverySimulator.Run(new SimulationParameters());
        var stream = ConfigLoader.Load(Config).Stream("delivery").Definition;
        var zone = stream.TimeZone;
        var asOf = new DateTimeOffset(new DateTime(2025, 10, 1, 0, 0, 0), zone.GetUtcOffset(new DateTime(2025, 10, 1))).AddTicks(-1);
        var analysis = FlowAnalyzer.Analyze(stream, simulation.Items, simulation.Events, new FlowQuery { AsOf = asOf });
        var doc = PortfolioReadings.Merge(
            PortfolioYamlLoader.LoadFile(Path.Combine(_dir, "portfolio.yaml")),
            KpiReadingsCsvLoader.LoadFile(Path.Combine(_dir, "kpi-readings.csv")));
        var flow = PortfolioFlow.Evaluate(doc.Portfolio, doc.Options, stream, analysis, simulation.Items, new PortfolioFlowOptions
        {
            Forecast = new InitiativeForecastOptions { Forecast = new ForecastOptions { Trials = 2000, Seed = 5 } },
        });
        return (simulation, analysis, new Storage.Portfolio.StreamPortfolioResult(doc.Portfolio, flow));
    }

    /// <summary>A report table's rows as column name → cell text (null for an empty cell).</summary>
    private static List<Dictionary<string, string?>> TableRows(JsonElement section, string id)
    {
        var table = section.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
        var columns = table.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
        return [.. table.GetProperty("rows").EnumerateArray().Select(r => columns.Zip(r.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Null ? null : c.GetString()))
            .ToDictionary(p => p.First, p => p.Second))];
    }

    private static decimal? Number(string? text) => text is null ? null : decimal.Parse(text, CultureInfo.InvariantCulture);

    private static int? ParseInt(string? text) => text is null ? null : int.Parse(text, CultureInfo.InvariantCulture);

    private static string? Text(JsonElement row, string name) =>
        row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetString();

    private static decimal? Decimal(JsonElement row, string name) =>
        row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetDecimal();

    private static int? Int(JsonElement row, string name) =>
        row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetInt32();
}
