using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests;

public sealed class SampleCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-sample-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task SampleGenerate_DefaultParameters_ReproducesTheCommittedSamplesByteForByte()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("sample", "generate", "--out", _dir);

        Assert.True(code == 0, stderr);
        foreach (var file in new[] { "events.csv", "items.csv", "pmoflow.yaml" })
        {
            var committed = await File.ReadAllBytesAsync(Path.Combine(TestPaths.RepositoryRoot, "samples", file));
            var generated = await File.ReadAllBytesAsync(Path.Combine(_dir, file));
            Assert.True(committed.AsSpan().SequenceEqual(generated), $"samples/{file} differs from a fresh `pmoflow sample generate --out samples`");
        }
    }

    [Fact]
    public async Task SampleGenerate_WrittenConfig_LoadsAndImportsItsOwnFilesWithoutQuarantine()
    {
        await CliRunner.RunAsync("sample", "generate", "--out", _dir, "--days", "60");
        var config = PmoFlow.Streams.Configuration.ConfigLoader.Load(Path.Combine(_dir, "pmoflow.yaml"));
        var source = config.Sources.Single();

        var batches = PmoFlow.Ingestion.Pipeline.CsvSourceImporter.Read(source.Name, source.Csv!, config.Streams[0].Definition.TimeZone, null).ToList();

        Assert.Empty(batches.SelectMany(b => b.Quarantined));
        var events = batches.SelectMany(b => b.Events).ToList();
        Assert.Equal(File.ReadLines(Path.Combine(_dir, "events.csv")).Count() - 1, events.Count);
        Assert.All(events, e => Assert.NotEqual(-1, config.Streams[0].Definition.Workflow.StageOf(e.ToStatus ?? "Backlog")));
    }
}
