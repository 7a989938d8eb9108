using System.Text.Json;
using PmoFlow.Cli.Output;
using PmoFlow.Core.Flow;
using PmoFlow.Ingestion.Analysis;
using PmoFlow.Ingestion.Configuration;
using PmoFlow.Storage;

namespace PmoFlow.Cli.Commands;

/// <summary>Writes the demo's report file.</summary>
internal static class DemoReport
{
    public static async Task<string> WriteAsync(PmoFlowDatabase db, PmoFlowConfig config, StreamConfig stream, DateTimeOffset asOf, string dir, CancellationToken ct)
    {
        Directory.CreateDirectory(dir);
        var analysis = await StreamLoader.AnalyzeFromDatabaseAsync(db, config, stream, StreamLoader.Query(asOf, null, null, null), ct);
        var path = Path.Combine(dir, "metrics.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(FlowTables.All(analysis), Printer.Json), ct);
        return path;
    }
}
