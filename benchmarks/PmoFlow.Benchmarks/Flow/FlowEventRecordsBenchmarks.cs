using BenchmarkDotNet.Attributes;
using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;

namespace PmoFlow.Benchmarks.Flow;

/// <summary>
/// The histories of <see cref="FlowMetricsBenchmarks"/> handed over as <see cref="FlowEvent"/> records: adds grouping by
/// item, sorting, de-duplication and status interning to the compact path's work.
/// </summary>
[MemoryDiagnoser]
public class FlowEventRecordsBenchmarks : FlowMetricsBenchmarks
{
    /// <summary>Number of items (records cost about 150 bytes per event, so sizes stay moderate).</summary>
    [Params(10_000, 100_000)]
    public override int Items { get; set; }

    /// <inheritdoc />
    protected override bool KeepRecords => true;

    /// <summary>Records in, every figure out.</summary>
    [Benchmark]
    public FlowAnalysis Records() => AnalyzeRecords();
}
