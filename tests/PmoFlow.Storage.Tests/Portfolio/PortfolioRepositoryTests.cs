using Dapper;
using Npgsql;
using PmoFlow.Core.Model;
using PmoFlow.Core.Value;
using PmoFlow.Storage.Portfolio;
using PmoFlow.Testing;

namespace PmoFlow.Storage.Tests.Portfolio;

/// <summary>The portfolio tables of migration 0005 and their repository, on a real PostgreSQL (a fresh database per test).</summary>
public sealed class PortfolioRepositoryTests : IAsyncLifetime
{
    private static readonly DateOnly Jan1 = new(2025, 1, 1);
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static Core.Value.Portfolio Sample() => new()
    {
        ContributionScale = 5,
        Objectives = [new StrategicObjective("GROWTH", "Grow", 3), new StrategicObjective("COST", "Cost", 1)],
        Initiatives =
        [
            new Initiative
            {
                Id = "ONB",
                Name = "Onboarding",
                StartDate = Jan1,
                BusinessValue = 120_000.5m,
                Contributions = new Dictionary<string, double> { ["GROWTH"] = 4.5 },
                Link = new InitiativeLink { ParentKeys = ["EPIC-1"], Labels = ["onb"], ItemTypes = ["Story"], KeyPrefixes = ["ONB-"] },
                CostOfDelayPerWeek = 12_000,
                JobDurationWeeks = 6,
                Financials = new InitiativeFinancials
                {
                    CashFlows = [-250_000, 90_000, 120_000], DiscountRate = 0.08, Investment = 250_000, AnnualAccountingProfits = [30_000, 55_000],
                },
                Kpis =
                [
                    new Kpi { Name = "Conversion", Unit = "%", Baseline = 12, Target = 18, BaselineDate = Jan1, TargetDate = Jan1.AddDays(300) },
                    new Kpi
                    {
                        Name = "Churn", Direction = KpiDirection.LowerIsBetter, Baseline = 3, Target = 2, BaselineDate = Jan1, TargetDate = Jan1.AddDays(200),
                        Readings = [new(Jan1.AddDays(10), 2.9)],
                    },
                ],
            },
            new Initiative { Id = "PLAT", Link = new InitiativeLink { ParentKeys = ["EPIC-6"] } },
        ],
    };

    private static readonly ValueOptions Options = new()
    {
        ArrBasis = ArrBasis.AverageInvestment,
        DayCount = DayCount.Exclusive,
        KpiRule = new KpiStatusRule { OnTrackAttainment = 0.95, AtRiskAttainment = 0.7, MinimumReadings = 3 },
    };

    private PortfolioRepository Repository => new(_db.DataSource);

    private KpiReadingStore Readings => new(_db.DataSource);

    [Fact]
    public async Task LoadDefinition_NothingSaved_ReturnsNull()
    {
        Assert.Null(await Repository.LoadDefinitionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SaveDefinition_ThenLoad_RoundTripsEveryFieldButReadings()
    {
        var summary = await Repository.SaveDefinitionAsync(Sample(), Options, "portfolio.yaml", CancellationToken.None);

        var stored = await Repository.LoadDefinitionAsync(CancellationToken.None);

        Assert.Equal(new PortfolioSyncSummary(2, 2, 2, 0), summary);
        Assert.NotNull(stored);
        Assert.Equal("portfolio.yaml", stored.Source);
        Assert.Equal(Options, stored.Options);
        var expected = Sample();
        Assert.Equal(5, stored.Portfolio.ContributionScale);
        Assert.Equal(expected.Objectives, stored.Portfolio.Objectives);
        var onb = stored.Portfolio.Initiatives[0];
        var want = expected.Initiatives[0];
        Assert.Equal((want.Id, want.Name, want.StartDate, want.BusinessValue, want.CostOfDelayPerWeek, want.JobDurationWeeks),
            (onb.Id, onb.Name, onb.StartDate, onb.BusinessValue, onb.CostOfDelayPerWeek, onb.JobDurationWeeks));
        Assert.Equal(4.5, onb.Contributions["GROWTH"]);
        Assert.Equal(want.Link.ParentKeys, onb.Link.ParentKeys);
        Assert.Equal(want.Link.Labels, onb.Link.Labels);
        Assert.Equal(want.Link.ItemTypes, onb.Link.ItemTypes);
        Assert.Equal(want.Link.KeyPrefixes, onb.Link.KeyPrefixes);
        Assert.Equal(want.Financials!.CashFlows, onb.Financials!.CashFlows);
        Assert.Equal(want.Financials with { CashFlows = null, AnnualAccountingProfits = null },
            onb.Financials with { CashFlows = null, AnnualAccountingProfits = null });
        Assert.Equal(["Conversion", "Churn"], onb.Kpis.Select(k => k.Name));
        Assert.Equal(want.Kpis[1] with { Readings = [] }, onb.Kpis[1] with { Readings = [] });
        Assert.Empty(onb.Kpis[1].Readings); // readings live in kpi_readings
        Assert.Equal("PLAT", stored.Portfolio.Initiatives[1].Id);
        Assert.Null(stored.Portfolio.Initiatives[1].Financials);
    }

    [Fact]
    public async Task SaveDefinition_InitiativeDroppedAndIdRecased_RetiresItKeepingReadingsAndFollowsTheNewCase()
    {
        await Repository.SaveDefinitionAsync(Sample(), Options, "portfolio.yaml", CancellationToken.None);
        await Readings.AppendAsync([new NewKpiReading("ONB", "Conversion", Jan1.AddDays(30), 12.5, "r.csv:2")], CancellationToken.None);
        var next = Sample() with { Initiatives = [Sample().Initiatives[0] with { Id = "onb" }] };

        var summary = await Repository.SaveDefinitionAsync(next, Options, "portfolio.yaml", CancellationToken.None);

        Assert.Equal(1, summary.Retired); // PLAT
        var stored = (await Repository.LoadDefinitionAsync(CancellationToken.None))!;
        Assert.Equal(["onb"], stored.Portfolio.Initiatives.Select(i => i.Id));
        var reading = Assert.Single(await Readings.ReadAsync("ONB", CancellationToken.None));
        Assert.Equal(("onb", "Conversion", 12.5, "r.csv:2"), (reading.InitiativeId, reading.Kpi, reading.Value, reading.Source));
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM portfolio_initiatives WHERE NOT active"));
    }

    [Fact]
    public async Task Append_TwiceTheSameReadings_SecondTimeAddsNothing()
    {
        await Repository.SaveDefinitionAsync(Sample(), Options, "p.yaml", CancellationToken.None);
        NewKpiReading[] batch =
        [
            new("ONB", "Conversion", Jan1.AddDays(30), 12.5, "r.csv:2"),
            new("onb", "CONVERSION", Jan1.AddDays(60), 13.25, "r.csv:3"),
            new("ONB", "Churn", Jan1.AddDays(30), 2.8, "r.csv:4"),
        ];

        var first = await Readings.AppendAsync(batch, CancellationToken.None);
        var second = await Readings.AppendAsync(batch, CancellationToken.None);

        Assert.Equal((3, 0, true), (first.Inserted, first.AlreadyStored, first.Succeeded));
        Assert.Equal((0, 3, true), (second.Inserted, second.AlreadyStored, second.Succeeded));
        var stored = await Readings.ReadAsync(null, CancellationToken.None);
        // KPI order (Conversion then Churn), then date.
        Assert.Equal([("Conversion", 12.5), ("Conversion", 13.25), ("Churn", 2.8)], stored.Select(r => (r.Kpi, r.Value)));
    }

    [Fact]
    public async Task Append_ChangedValueForAStoredDate_RefusesTheWholeBatch()
    {
        await Repository.SaveDefinitionAsync(Sample(), Options, "p.yaml", CancellationToken.None);
        await Readings.AppendAsync([new("ONB", "Conversion", Jan1.AddDays(30), 12.5, "a.csv:2")], CancellationToken.None);

        var result = await Readings.AppendAsync(
            [new("ONB", "Churn", Jan1.AddDays(30), 2.8, "b.csv:2"), new("ONB", "Conversion", Jan1.AddDays(30), 12.6, "b.csv:3")],
            CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(0, result.Inserted);
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(("b.csv:3", 12.5, "a.csv:2"), (conflict.Reading.Source, conflict.StoredValue, conflict.StoredSource));
        Assert.Single(await Readings.ReadAsync(null, CancellationToken.None)); // the Churn reading was not written either
    }

    [Fact]
    public async Task Append_TwoValuesForOneDateInOneBatch_IsAConflictNamingTheFirst()
    {
        await Repository.SaveDefinitionAsync(Sample(), Options, "p.yaml", CancellationToken.None);

        var result = await Readings.AppendAsync(
            [new("ONB", "Conversion", Jan1.AddDays(30), 12.5, "r.csv:2"), new("ONB", "Conversion", Jan1.AddDays(30), 13, "r.csv:5")],
            CancellationToken.None);

        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(("r.csv:5", 12.5, "r.csv:2"), (conflict.Reading.Source, conflict.StoredValue, conflict.StoredSource));
        Assert.Empty(await Readings.ReadAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task Append_UnknownInitiativeOrKpi_IsRefusedAndListed()
    {
        await Repository.SaveDefinitionAsync(Sample(), Options, "p.yaml", CancellationToken.None);

        var result = await Readings.AppendAsync(
            [new("ONB", "Conversion", Jan1, 12, "r.csv:2"), new("NOPE", "Conversion", Jan1, 1, "r.csv:3"), new("ONB", "Nope", Jan1, 1, "r.csv:4")],
            CancellationToken.None);

        Assert.Equal(["r.csv:3", "r.csv:4"], result.UnknownKpis.Select(u => u.Source));
        Assert.Empty(await Readings.ReadAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task Append_NoReadings_DoesNothing()
    {
        var result = await Readings.AppendAsync([], CancellationToken.None);

        Assert.Equal(new KpiAppendResult(0, 0, [], []), result with { Conflicts = [], UnknownKpis = [] });
        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task KpiReadings_UpdateInSql_IsRefusedByTheAppendOnlyTrigger()
    {
        await Repository.SaveDefinitionAsync(Sample(), Options, "p.yaml", CancellationToken.None);
        await Readings.AppendAsync([new("ONB", "Conversion", Jan1, 12, "r.csv:2")], CancellationToken.None);
        await using var conn = await _db.DataSource.OpenConnectionAsync();

        var ex = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("UPDATE kpi_readings SET value = 99"));

        Assert.Contains("append-only", ex.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_StoredReadings_AreAddedAndAnEqualOneCountsOnce()
    {
        var portfolio = Sample();
        var at = DateTimeOffset.UnixEpoch;

        var merged = StoredReadings.Apply(portfolio,
        [
            new StoredKpiReading("onb", "churn", Jan1.AddDays(10), 2.9, "api", at), // same as the YAML's reading
            new StoredKpiReading("ONB", "Churn", Jan1.AddDays(40), 2.7, "r.csv:2", at),
            new StoredKpiReading("OLD", "Gone", Jan1, 1, "r.csv:3", at), // a retired KPI: ignored
        ]);

        Assert.Equal([(Jan1.AddDays(10), 2.9), (Jan1.AddDays(40), 2.7)], merged.Initiatives[0].Kpis[1].Readings.Select(r => (r.Date, r.Value)));
        Assert.Empty(merged.Initiatives[0].Kpis[0].Readings);
    }

    [Fact]
    public void Apply_StoredReadingDisagreeingWithTheFile_IsAnErrorNamingBothValues()
    {
        var ex = Assert.Throws<ValueInputException>(() => StoredReadings.Apply(Sample(),
            [new StoredKpiReading("ONB", "Churn", Jan1.AddDays(10), 3.1, "r.csv:7", DateTimeOffset.UnixEpoch)]));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(("ONB", "Churn"), (error.InitiativeId, error.Kpi));
        Assert.Contains("2.9 in the portfolio file but 3.1 in the database (stored from r.csv:7)", error.Message, StringComparison.Ordinal);
    }
}
