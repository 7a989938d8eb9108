using BenchmarkDotNet.Attributes;
using PmoFlow.Reporting;
using PmoFlow.Streams.Reports;

namespace PmoFlow.Benchmarks.Web;

/// <summary>
/// The weekly report of 10 value streams over 2 years of simulated data, read from PostgreSQL and written in every
/// format: what the scheduled weekly job does. Target: ≤ 10 s for all ten.
/// </summary>
[MemoryDiagnoser]
public class WeeklyReportBenchmarks
{
    private WebBenchmarkData? _data;
    private string _out = string.Empty;

    /// <summary>Mean new items per working day per team (20 teams, two per stream): about 21,000 or 104,000 items in all.</summary>
    [Params(2.0, 10.0)]
    public double ArrivalsPerDay { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = WebBenchmarkData.CreateAsync(teams: 20, days: 730, ArrivalsPerDay, streams: 10).GetAwaiter().GetResult();
        _out = Directory.CreateTempSubdirectory("pmoflow-bench-reports-").FullName;
        Console.WriteLine($"// data: {_data.Data.Items.Count:N0} items, {_data.Data.Events.Count:N0} events in 10 streams");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _data?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_out, recursive: true);
    }

    /// <summary>Ten reports, one after another, each read from the database, built and written (HTML, Markdown, JSON, CSV).</summary>
    [Benchmark]
    public async Task<long> TenStreamsFromPostgres()
    {
        var data = _data!;
        var week = DateOnly.FromDateTime(data.End.UtcDateTime).AddDays(-7);
        long bytes = 0;
        foreach (var stream in data.Config.Streams)
        {
            var report = await StreamReports.BuildAsync(data.Config, stream, data.DataSource, week, data.End, CancellationToken.None);
            var files = await ReportWriter.WriteAsync(report.Model, Path.Combine(_out, stream.Definition.Name));
            bytes += new FileInfo(files.Html).Length;
        }

        return bytes;
    }
}
