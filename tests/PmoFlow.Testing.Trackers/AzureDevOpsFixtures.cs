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

    /// <summary>
    /// How many events an Azure DevOps source stores for a full read of <paramref name="revisions"/> (every revision
    /// from rev 1), worked out from the raw fields: per work item in rev order, <c>created</c> at rev 1; then one
    /// event each time System.State, System.WorkItemType or System.Parent changes, and each time a tag of
    /// <paramref name="blockedTags"/> appears or the last one disappears (rev 1 included). A field a revision
    /// leaves out keeps its previous value.
    /// </summary>
    public static int ExpectedEventCount(IEnumerable<JsonObject> revisions, IReadOnlyCollection<string> blockedTags)
    {
        var total = 0;
        foreach (var item in revisions.GroupBy(r => (long)r["id"]!))
        {
            string? state = null, type = null, parent = null;
            var blocked = false;
            foreach (var r in item.OrderBy(r => (long)r["rev"]!))
            {
                var fields = r["fields"]!.AsObject();
                var first = (long)r["rev"]! == 1;
                var newState = (string?)fields["System.State"] ?? state;
                var newType = (string?)fields["System.WorkItemType"] ?? type;
                var newParent = fields["System.Parent"]?.ToString() ?? parent;
                var newBlocked = fields.ContainsKey("System.Tags")
                    ? Tags(r).Any(t => blockedTags.Contains(t, StringComparer.OrdinalIgnoreCase))
                    : blocked;
                total += first ? 1 : (newState != state ? 1 : 0) + (newType != type ? 1 : 0) + (newParent != parent ? 1 : 0);
                total += newBlocked != blocked ? 1 : 0;
                (state, type, parent, blocked) = (newState, newType, newParent, newBlocked);
            }
        }

        return total;
    }
}
