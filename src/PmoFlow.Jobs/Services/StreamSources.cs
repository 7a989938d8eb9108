using PmoFlow.Jobs.Configuration;

namespace PmoFlow.Jobs.Services;

/// <summary>Which stored sources belong to a stream.</summary>
internal static class StreamSources
{
    /// <summary>The stream's source names, or null when it names none (then every source belongs to it).</summary>
    public static string[]? Of(StreamJobs stream) =>
        stream.Config.Definition.Sources.Count == 0 ? null : [.. stream.Config.Definition.Sources];
}
