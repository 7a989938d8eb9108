using Quartz;

namespace PmoFlow.Jobs.Jobs;

/// <summary>The kinds of scheduled job and how their keys are named (<c>kind.target</c> in group <c>pmoflow</c>).</summary>
public static class JobKinds
{
    /// <summary>The Quartz group every PmoFlow job and trigger lives in.</summary>
    public const string Group = "pmoflow";

    /// <summary>Ingest one source.</summary>
    public const string Ingest = "ingest";

    /// <summary>Snapshot one stream's metrics.</summary>
    public const string Snapshot = "snapshot";

    /// <summary>Publish one stream's report.</summary>
    public const string Publish = "publish";

    /// <summary>Check one stream's forecasts.</summary>
    public const string ForecastCheck = "forecast-check";

    /// <summary>Job data key: the stream or source the job works on.</summary>
    public const string TargetKey = "pmoflow.target";

    /// <summary>Trigger data key: a period key chosen by hand (<c>jobs trigger --period</c>).</summary>
    public const string PeriodKey = "pmoflow.period";

    /// <summary>Trigger data key: set on triggers fired by hand.</summary>
    public const string ManualKey = "pmoflow.manual";

    /// <summary>All kinds.</summary>
    public static IReadOnlyList<string> All { get; } = [Ingest, Snapshot, Publish, ForecastCheck];

    /// <summary>The job's key, e.g. <c>pmoflow.publish.delivery</c>.</summary>
    public static JobKey JobKey(string kind, string target) => new($"{kind}.{target}", Group);

    /// <summary>The job's (single) scheduled trigger's key: the same name as the job.</summary>
    public static TriggerKey TriggerKey(string kind, string target) => new($"{kind}.{target}", Group);

    /// <summary>Splits a job name (<c>publish.delivery</c>) into kind and target, or null when it is not one of ours.</summary>
    public static (string Kind, string Target)? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var kind in All)
        {
            if (name.StartsWith(kind + ".", StringComparison.Ordinal) && name.Length > kind.Length + 1)
            {
                return (kind, name[(kind.Length + 1)..]);
            }
        }

        return null;
    }
}
