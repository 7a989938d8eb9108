using PmoFlow.Core.Simulation;
using PmoFlow.Streams.Configuration;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Streams.Samples;

namespace PmoFlow.Ingestion.Tests.Pipeline;

/// <summary>Issue 13 item 12: the import progress bar moves by bytes of the events file read.</summary>
public sealed class ImportProgressTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-progress-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EventBatches_CarryBytesRead_RisingToTheFileLength()
    {
        var config = ConfigLoader.Load(SampleDataWriter.Write(_dir, new SimulationParameters { Days = 365, Teams = 4 }));
        var source = config.Sources.Single();
        var length = new FileInfo(source.Csv!.EventsPath).Length;

        var batches = CsvSourceImporter.Read(source.Name, source.Csv!, TimeZoneInfo.Utc, null, batchSize: 200).ToList();

        // The items file's batches come first and say nothing about the events file.
        var eventBatches = batches.Where(b => b.Events.Count > 0).ToList();
        Assert.All(batches.Where(b => b.Events.Count == 0 && b.Items.Count > 0 && b.CursorAfter is null), b => Assert.Null(b.BytesRead));
        var bytes = eventBatches.Select(b => b.BytesRead!.Value).ToList();
        Assert.True(eventBatches.Count > 20, $"{eventBatches.Count} batches");
        Assert.Equal(bytes.Order(), bytes);
        Assert.True(bytes.Distinct().Count() > 3, string.Join(",", bytes));
        Assert.True(bytes[0] < length / 2, $"first batch at {bytes[0]} of {length}");
        Assert.Equal(length, bytes[^1]);
    }
}
