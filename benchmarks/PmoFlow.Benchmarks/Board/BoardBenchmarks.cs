using BenchmarkDotNet.Attributes;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;
using PmoFlow.Core.Simulation;
using PmoFlow.Streams.Configuration;
using PmoFlow.Streams.Samples;
using PmoFlow.Reporting.Board;
using PmoFlow.Server.Pages;

namespace PmoFlow.Benchmarks.Board;

/// <summary>
/// The server's work for <c>/streams/{s}/board</c> on a simulated stream of about 10,000 items (10 teams × 730 days,
/// 2 arrivals per working day per team, seed 2024): <see cref="Cold"/> = the board's flow analysis as of the end of
/// the simulation + the board + its HTML (a first request for an as-of instant); <see cref="Warm"/> = the board and
/// its HTML on the memoised analysis (every later request, e.g. another filter). Target: under 300 ms.
/// </summary>
[MemoryDiagnoser]
public class BoardBenchmarks
{
    private StreamDefinition _stream = null!;
    private IReadOnlyList<ItemHistory> _histories = null!;
    private FlowAnalysis _analysis = null!;
    private DateTimeOffset _asOf;

    [GlobalSetup]
    public void Setup()
    {
        var data = DeliverySimulator.Run(new SimulationParameters { Seed = 2024, Teams = 10, Days = 730, ArrivalsPerDay = 2, TimeZone = "UTC" });
        _stream = ConfigLoader.Parse(SampleDataWriter.Yaml(data), "benchmark.yaml").Streams[0].Definition;
        _histories = FlowAnalyzer.Histories(_stream, data.Items, data.Events);
        _asOf = data.Events.Max(e => e.At);
        _analysis = BoardBuilder.Analyze(_stream, _histories, _asOf);
        Console.WriteLine($"// board stream: {_histories.Count} items, {data.Events.Count} events, {_analysis.Items.Count(i => i.State == ItemState.InProgress)} in progress");
    }

    [Benchmark(Baseline = true)]
    public int Warm() => BoardMarkup.Render(BoardBuilder.Build(_stream, _histories, _analysis)).Length;

    [Benchmark]
    public int Cold() => BoardMarkup.Render(BoardBuilder.Build(_stream, _histories, BoardBuilder.Analyze(_stream, _histories, _asOf))).Length;

    [Benchmark]
    public int WarmFiltered() => BoardMarkup.Render(BoardBuilder.Build(_stream, _histories, _analysis, new BoardOptions { Filter = new BoardFilter(Type: "defect") })).Length;
}
