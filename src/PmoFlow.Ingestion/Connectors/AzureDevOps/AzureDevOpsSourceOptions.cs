namespace PmoFlow.Ingestion.Connectors.AzureDevOps;

/// <summary>An Azure DevOps Boards source (<c>kind: azure-devops</c>); <c>baseUrl</c> is the organisation URL.</summary>
public sealed class AzureDevOpsSourceOptions : TrackerSourceOptions
{
    /// <summary>Defaults: the organisation URL of Azure DevOps Services is <c>https://dev.azure.com/{org}</c>.</summary>
    public AzureDevOpsSourceOptions() => PageSize = 200;

    /// <inheritdoc/>
    public override string Kind => "azure-devops";

    /// <summary><c>project</c>: the project name; revisions are read for the whole organisation when empty.</summary>
    public string? Project { get; set; }

    /// <summary><c>workItemTypes</c>: only these types (empty: all); also the types whose states are read.</summary>
    public IList<string> WorkItemTypes { get; set; } = [];

    /// <summary><c>blockedTags</c>: tags that mean blocked while present.</summary>
    public IList<string> BlockedTags { get; set; } = ["Blocked"];

    /// <summary><c>blockedField</c>: a field that means blocked when it equals <c>blockedValue</c> (CMMI's Blocked field by default).</summary>
    public string? BlockedField { get; set; } = "Microsoft.VSTS.CMMI.Blocked";

    /// <summary><c>blockedValue</c>: the value of <c>blockedField</c> that means blocked.</summary>
    public string BlockedValue { get; set; } = "Yes";

    /// <summary><c>apiVersion</c>: the REST API version sent as <c>api-version</c>.</summary>
    public string ApiVersion { get; set; } = "7.1";
}
