using System.Text.Json.Nodes;

namespace PmoFlow.Testing.Trackers;

/// <summary>Microsoft's recorded Azure DevOps REST examples.</summary>
public static class AzureDevOpsFixtures
{
    private static JsonNode Load(params string[] parts) =>
        JsonNode.Parse(File.ReadAllText(TestPaths.Data(["api-fixtures", "azure-devops-docs", .. parts])))!;

    private static JsonNode Body(params string[] parts) => Load(parts)["responses"]!["200"]!["body"]!;

    /// <summary>The reporting API's two recorded pages (first page, and the page after watermark 794).</summary>
    public static List<JsonObject> ReportingRevisions() =>
    [
        .. Body("workItemRevisions", "GET__wit_reporting_workItemRevisions.json")["values"]!.AsArray().Select(v => v!.AsObject()),
        .. Body("workItemRevisions", "GET__wit_reporting_workItemRevisions_includeIdentityRef-true_watermark-794.json")["values"]!.AsArray().Select(v => v!.AsObject()),
    ];

    /// <summary>All nine revisions of work item 1 (a Bug: New → Active, tags added at rev 3).</summary>
    public static List<JsonObject> Bug1Revisions() =>
        [.. Body("revisions", "GET__list_workitem_revisions.json")["value"]!.AsArray().Select(v => v!.AsObject())];

    public static JsonObject BugStates() => Body("workItemTypeStates", "GET__workitem_type_states.json").AsObject();

    public static string? State(JsonObject revision) => (string?)revision["fields"]!["System.State"];

    public static IEnumerable<string> Tags(JsonObject revision) =>
        ((string?)revision["fields"]!["System.Tags"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
