namespace PmoFlow.Jobs;

/// <summary>How this process takes part in the scheduler cluster. Set by the host (not pmoflow.yaml).</summary>
public sealed class PmoFlowSchedulerOptions
{
    /// <summary>The Quartz scheduler name: every process with the same name on the same database is one cluster.</summary>
    public string SchedulerName { get; set; } = "PmoFlow";

    /// <summary>This node's id in the cluster; unique per process. Default: host name, process id and a random suffix.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Whether the hosted service starts the scheduler (false: a client that only lists and triggers).</summary>
    public bool RunScheduler { get; set; } = true;

    /// <summary>Jobs run at once on this node.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How often this node records that it is alive.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>How long past a missed check-in the other nodes wait before recovering this node's jobs.</summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long an idle node waits before looking for due triggers again (bounds how soon a manual trigger from another process runs).</summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How late a fire may be before its trigger's misfire policy decides what happens.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Test hook: a pause inside each delivery after its ledger row is locked and before the publisher runs, so a
    /// test can kill a worker mid-job. Zero (the default) in production.
    /// </summary>
    public TimeSpan DelayBeforeDelivery { get; set; } = TimeSpan.Zero;

    /// <summary>The instance id to use: <see cref="InstanceId"/> or a generated one.</summary>
    internal string ResolveInstanceId() => InstanceId ??= $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
}
