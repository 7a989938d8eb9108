using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using PmoFlow.Core.Model;
using PmoFlow.Core.Simulation;
using PmoFlow.Server.Hosting;
using PmoFlow.Server.Tests.Support;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Ingest;
using PmoFlow.Streams.Loading;
using PmoFlow.Streams.Reports;
using PmoFlow.Streams.Samples;
using PmoFlow.Streams.Snapshots;
using PmoFlow.Testing;

namespace PmoFlow.Server.Tests.Consistency;

/// <summary>
/// One question, one answer: for one stream and one as-of instant, the demo's summary, <c>pmoflow metrics</c> and
/// <c>pmoflow forecast when</c>, the report's headline figures, the API and the daily snapshot job give the same
/// throughput, P50/P85 cycle time, WIP, open backlog and forecast dates (same seed).
/// </summary>
public sealed class OneAnswerTests : IClassFixture<DatabaseFixture>, IDisposable
{
    // A Sunday inside the simulated year, so "the week" and "the trailing seven days" are the same days.
    private static readonly DateOnly Day = new(2025, 12, 21);
    private readonly DatabaseFixture _db;
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-one-answer-").FullName;

    public OneAnswerTests(DatabaseFixture db) => _db = db;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task EveryDoor_OneStreamOneAsOf_TheSameFigures()
    {
        var path = SampleDataWriter.Write(_dir, new SimulationParameters { Start = new DateOnly(2025, 1, 1), Days = 365 });
        await File.WriteAllTextAsync(path, $"database: \"{_db.ConnectionString}\"\n" + await File.ReadAllTextAsync(path));
        var config = ConfigLoader.Load(path);
        var service = new SourceIngestService(config, _db.DataSource);
        foreach (var source in config.Sources)
        {
            Assert.Equal("succeeded", (await service.IngestAsync(source, null, CancellationToken.None)).Outcome);
        }

        var stream = config.Streams[0];
        var calendar = StreamCalendar.Of(stream.Definition);
        var asOf = calendar.EndOfDay(Day);
        var weekFrom = calendar.WeekStart(Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var dayText = Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // The report (and the demo's summary, read off it).
        var report = await StreamReports.BuildAsync(config, stream, _db.DataSource, Day, asOf, CancellationToken.None);
        var summary = StreamSummary.Of(report);
        var headline = report.Inputs.Current;
        Assert.False(summary.PartialWeek);
        Assert.True(headline.Throughput > 0, "the week has completions");
        Assert.True(summary.OpenBacklog > 0, "the stream has open items");
        Assert.NotNull(summary.BacklogDoneP85);

        // pmoflow metrics and pmoflow forecast when, in process.
        var metrics = await Cli(["metrics", "--config", path, "--as-of", dayText, "--from", weekFrom, "--to", dayText, "--format", "json"]);
        var percentiles = metrics.GetProperty("percentiles").EnumerateArray().Single(r => r.GetProperty("metric").GetString() == "cycle_time");
        var cliThroughput = metrics.GetProperty("throughput_daily").EnumerateArray().Sum(r => r.GetProperty("items").GetInt32());
        var cliWip = metrics.GetProperty("wip_daily").EnumerateArray().Last().GetProperty("wip").GetInt32();
        var when = await Cli(["forecast", "when", "--config", path, "--as-of", dayText, "--format", "json", "--no-save"]);
        var cliItems = when.GetProperty("basis").GetProperty("items").GetInt32();
        var cliDates = Dates(when.GetProperty("forecast").GetProperty("overall").GetProperty("percentiles"));

        // The API, as of the same day.
        await using var app = ServerHost.BuildApp(new ServerOptions
        {
            Config = config, DataSource = _db.DataSource, Host = "127.0.0.1", Port = 0, Clock = new FixedClock(asOf.AddDays(30)),
            CacheDuration = TimeSpan.FromMinutes(10), ForecastParallelism = 1,
        }, b => b.WebHost.UseTestServer());
        await app.StartAsync();
        var http = app.GetTestClient();
        var apiMetrics = await http.GetFromJsonAsync<JsonElement>($"/api/streams/delivery/metrics?asOf={dayText}&from={weekFrom}&to={dayText}");
        var apiWhen = await http.GetFromJsonAsync<JsonElement>($"/api/streams/delivery/forecasts/when?asOf={dayText}");
        var apiCycle = apiMetrics.GetProperty("cycleTime").GetProperty("percentiles").EnumerateArray()
            .ToDictionary(p => p.GetProperty("percentile").GetDouble(), p => p.GetProperty("value").GetDouble());

        // The daily snapshot job's figures for the same local day.
        var histories = await StreamLoader.LoadHistoriesAsync(_db.DataSource, config, stream, CancellationToken.None);
        var snapshot = FlowSnapshotMetrics.Compute(stream.Definition, histories, Day).ToDictionary(m => m.Metric, m => m.Value);

        // Throughput of the week.
        Assert.Equal(headline.Throughput, summary.Throughput);
        Assert.Equal(headline.Throughput, cliThroughput);
        Assert.Equal(headline.Throughput, apiMetrics.GetProperty("throughput").GetInt32());
        Assert.Equal(headline.Throughput, snapshot[SnapshotMetrics.Throughput7d]);

        // P50 / P85 cycle time of the week's completions.
        Assert.Equal(headline.CycleTimeP50!.Value, percentiles.GetProperty("p50").GetDouble(), 3);
        Assert.Equal(headline.CycleTimeP85!.Value, percentiles.GetProperty("p85").GetDouble(), 3);
        Assert.Equal(headline.CycleTimeP50.Value, apiCycle[50], 9);
        Assert.Equal(headline.CycleTimeP85.Value, apiCycle[85], 9);
        Assert.Equal(headline.CycleTimeP50.Value, snapshot[SnapshotMetrics.CycleTimeP50], 9);
        Assert.Equal(headline.CycleTimeP85.Value, snapshot[SnapshotMetrics.CycleTimeP85], 9);

        // WIP at the end of the day.
        Assert.Equal(headline.Wip, summary.Wip);
        Assert.Equal(headline.Wip, cliWip);
        Assert.Equal(headline.Wip, apiMetrics.GetProperty("wip").GetInt32());
        Assert.Equal(headline.Wip, snapshot[SnapshotMetrics.Wip]);

        // The open backlog and the dates it is done by.
        Assert.Equal(summary.OpenBacklog, cliItems);
        Assert.Equal(summary.OpenBacklog, apiWhen.GetProperty("items").GetInt32());
        Assert.Equal(summary.OpenBacklog, report.Inputs.Forecasts[0].When!.Items);
        var apiDates = Dates(apiWhen.GetProperty("forecast").GetProperty("overall").GetProperty("percentiles"));
        Assert.Equal(summary.BacklogDoneP50, cliDates[50]);
        Assert.Equal(summary.BacklogDoneP85, cliDates[85]);
        Assert.Equal(cliDates, apiDates);

        // ... because they are one calibrated answer (StreamForecasts): the demo summary's calibration line is the CLI's and the API's.
        static string? P85Line(JsonElement calibration)
        {
            var lines = calibration.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToList();
            return lines.FirstOrDefault(l => l.StartsWith("P85 ", StringComparison.Ordinal)) ?? lines[0];
        }

        Assert.NotNull(summary.Calibration);
        Assert.Equal(summary.Calibration, P85Line(when.GetProperty("calibration")));
        Assert.Equal(summary.Calibration, P85Line(apiWhen.GetProperty("calibration")));
    }

    private static Dictionary<double, DateOnly?> Dates(JsonElement percentiles) => percentiles.EnumerateArray().ToDictionary(
        p => p.GetProperty("percentile").GetDouble(),
        p => p.GetProperty("date").ValueKind == JsonValueKind.Null ? (DateOnly?)null : DateOnly.Parse(p.GetProperty("date").GetString()!, CultureInfo.InvariantCulture));

    private static async Task<JsonElement> Cli(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await PmoFlow.Cli.Program.RunAsync(args, stdout, stderr);
        Assert.True(code == 0, $"pmoflow {string.Join(' ', args)}: exit {code}: {stderr}");
        return JsonDocument.Parse(stdout.ToString()).RootElement;
    }
}
