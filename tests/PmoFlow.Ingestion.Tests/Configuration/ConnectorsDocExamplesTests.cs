using System.Text.RegularExpressions;
using PmoFlow.Streams.Configuration;
using PmoFlow.Ingestion.Connectors;
using PmoFlow.Testing;

namespace PmoFlow.Ingestion.Tests.Configuration;

/// <summary>The YAML in docs/connectors.md is read exactly as <c>pmoflow ingest</c> reads it, so the documentation cannot drift.</summary>
public partial class ConnectorsDocExamplesTests
{
    private const string StreamHead = """
        streams:
          - name: s
            stages:
              - { name: Open, category: backlog }
              - { name: Done, category: done }

        """;

    private static readonly string Doc = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "connectors.md"));

    private static string Section(string heading)
    {
        var start = Doc.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/connectors.md has no '{heading}'");
        var end = Doc.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? Doc[start..] : Doc[start..end];
    }

    private static List<string> YamlBlocks(string text) => [.. YamlBlock().Matches(text).Select(m => m.Groups[1].Value)];

    private static List<TrackerSourceOptions> ReadTrackers(string yaml)
    {
        var config = ConfigLoader.Parse(yaml, "/srv/pmoflow/pmoflow.yaml");
        return [.. config.Sources.Where(s => s.Csv is null).Select(s => TrackerOptionsReader.Read(config, s))];
    }

    [Fact]
    public void IngestSection_EveryCompleteFile_ParsesAndCoversTheFourTrackers()
    {
        var blocks = YamlBlocks(Section("## `pmoflow ingest`"));

        Assert.Equal(5, blocks.Count); // Jira Cloud, Jira Data Center, Azure DevOps, GitHub, GitLab
        var sources = blocks.SelectMany(ReadTrackers).ToList();
        Assert.Equal(["jira", "jira", "azure-devops", "github", "gitlab"], sources.Select(s => s.Kind));
        Assert.All(sources, s => Assert.True(s.TokenEnv is not null || s.TokenFile is not null, s.Name));
        Assert.Contains(sources, s => s.TokenFile == "/srv/pmoflow/secrets/github-token");
    }

    [Fact]
    public void ConfigurationSection_EverySourceSnippet_ReadsWithAStreamAdded()
    {
        var blocks = YamlBlocks(Section("## Configuration (`pmoflow.yaml`, `sources:`)"));

        Assert.Equal(4, blocks.Count);
        var kinds = new List<string>();
        foreach (var block in blocks)
        {
            // The Jira snippet opens the sources: list; the others continue it.
            var yaml = StreamHead + (block.StartsWith("sources:", StringComparison.Ordinal) ? block : "sources:\n" + block);
            kinds.AddRange(ReadTrackers(yaml).Select(s => s.Kind));
        }

        Assert.Equal(["jira", "azure-devops", "github", "gitlab"], kinds);
    }

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
