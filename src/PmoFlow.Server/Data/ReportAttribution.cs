using PmoFlow.Ingestion.Configuration;

namespace PmoFlow.Server.Data;

/// <summary>Decides the credit line a stream's report carries: <see cref="Jobs.Reports.ReportAttribution"/>, shared with the publish job.</summary>
public static class ReportAttribution
{
    /// <summary>The credit line for <paramref name="stream"/>'s report, or null when none is needed.</summary>
    public static string? For(PmoFlowConfig config, StreamConfig stream) => Jobs.Reports.ReportAttribution.For(config, stream);

    /// <summary>The project of a file inside an <c>apache-jira</c> folder (its name up to the first '_'), or null.</summary>
    public static string? ApacheProject(string? path) => Jobs.Reports.ReportAttribution.ApacheProject(path);
}
