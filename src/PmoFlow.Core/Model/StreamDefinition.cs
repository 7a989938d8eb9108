namespace PmoFlow.Core.Model;

/// <summary>
/// A value stream: which items belong to it, how their statuses map to stages, where work is
/// committed, delivered and turns into value, and which conventions its figures follow.
/// </summary>
public sealed record StreamDefinition
{
    /// <summary>The stream's name (unique).</summary>
    public required string Name { get; init; }

    /// <summary>The IANA time zone days are bucketed in (e.g. <c>Europe/London</c>).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The workflow: ordered stages and their statuses.</summary>
    public required Workflow Workflow { get; init; }

    /// <summary>Index of the commitment stage (default: first non-backlog stage).</summary>
    public int CommitmentStage { get; init; } = -1;

    /// <summary>Index of the delivery stage (default: first done stage).</summary>
    public int DeliveryStage { get; init; } = -1;

    /// <summary>Index of the value-point stage (default: the delivery stage).</summary>
    public int ValueStage { get; init; } = -1;

    /// <summary>Optional index of the "idea" stage time to value is measured from (default: creation).</summary>
    public int IdeaStage { get; init; } = -1;

    /// <summary>The convention switches (a profile plus overrides).</summary>
    public FlowOptions Options { get; init; } = FlowOptions.PmoFlow;

    /// <summary>The working calendar (default every day).</summary>
    public WorkingCalendar Calendar { get; init; } = WorkingCalendar.EveryDay;

    /// <summary>A configured Service Level Expectation in days; null means the 85th percentile cycle time.</summary>
    public double? SleDays { get; init; }

    /// <summary>Source names whose items belong to this stream (empty: every source).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Optional mapping of raw work item types to flow-distribution classes (feature, defect, risk, debt).</summary>
    public IReadOnlyDictionary<string, string> TypeMapping { get; init; } = new Dictionary<string, string>();

    /// <summary>The commitment stage with the default applied.</summary>
    public int EffectiveCommitmentStage => CommitmentStage >= 0 ? CommitmentStage : Workflow.DefaultCommitmentStage();

    /// <summary>The delivery stage with the default applied.</summary>
    public int EffectiveDeliveryStage => DeliveryStage >= 0 ? DeliveryStage : Workflow.DefaultDeliveryStage();

    /// <summary>The value stage with the default applied.</summary>
    public int EffectiveValueStage => ValueStage >= 0 ? ValueStage : EffectiveDeliveryStage;
}
