using PmoFlow.Core.Events;
using PmoFlow.Core.Flow;
using PmoFlow.Core.Model;

namespace PmoFlow.Reporting.Streams;

/// <summary>Selects a stream's item histories (grouping in memory is <see cref="FlowAnalyzer.Histories"/>).</summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class StreamHistories
{
    /// <summary>The histories of the stream's sources, materialised (so they can be analysed more than once).</summary>
    public static IReadOnlyList<ItemHistory> InStream(StreamDefinition stream, IEnumerable<ItemHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(histories);
        return [.. histories.Where(h => Includes(stream, h.Item.Source))];
    }

    /// <summary>Whether a source feeds the stream (a stream naming no source takes every source).</summary>
    public static bool Includes(StreamDefinition stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Sources.Count == 0 || stream.Sources.Contains(source, StringComparer.OrdinalIgnoreCase);
    }
}
