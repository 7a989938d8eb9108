using PmoFlow.Streams.Configuration;

namespace PmoFlow.Jobs.Tests.Support;

/// <summary>pmoflow.yaml texts for tests, written into throwaway folders.</summary>
internal static class TestConfigs
{
    public const string Stages = """
            stages:
              - { name: Todo, category: backlog }
              - { name: Doing, category: active }
              - { name: Done, category: done }
        """;

    /// <summary>A one-stream file whose stream block ends with <paramref name="streamExtra"/> (indented 4 spaces).</summary>
    public static string OneStream(string streamExtra, string zone = "Europe/London", string? root = null) => $"""
        streams:
          - name: delivery
            timeZone: {zone}
        {Stages}
        {Indent(streamExtra, 4)}
        {root ?? string.Empty}
        """;

    public static PmoFlowConfig Parse(string yaml, string? folder = null) =>
        ConfigLoader.Parse(yaml, Path.Combine(folder ?? Path.GetTempPath(), "pmoflow.yaml"));

    /// <summary>Writes <paramref name="yaml"/> to folder/pmoflow.yaml and returns the path.</summary>
    public static string Write(string folder, string yaml)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "pmoflow.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public static string NewFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pmoflow-jobs-tests", Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : pad + l));
    }
}
