using PmoFlow.Streams.Configuration;
using System.Globalization;
using PmoFlow.Jobs.Configuration;

namespace PmoFlow.Jobs.Hosting;

/// <summary>One option of a scheduler node (<c>pmoflow worker</c>, <c>PmoFlow.Worker</c>): its name, help and effect.</summary>
/// <param name="Name">The option as typed, e.g. <c>--threads</c>.</param>
/// <param name="Description">One line of help.</param>
/// <param name="Hidden">A test hook left out of the help.</param>
/// <param name="Apply">Parses the value and sets it on the options; throws <see cref="ArgumentException"/> naming the option for a bad value.</param>
public sealed record WorkerSwitch(string Name, string Description, bool Hidden, Action<PmoFlowSchedulerOptions, string> Apply);

/// <summary>
/// The scheduler node options both hosts accept (besides <c>--config</c>), defined once: the CLI builds its
/// System.CommandLine options from this list, the stand-alone worker parses its arguments with it.
/// </summary>
public static class WorkerSwitches
{
    /// <summary>Every option, in help order.</summary>
    public static IReadOnlyList<WorkerSwitch> All { get; } =
    [
        new("--instance-id", "This node's id in the cluster, unique per process (default: host-pid-random).", false,
            (o, v) => o.InstanceId = string.IsNullOrWhiteSpace(v) ? throw new ArgumentException("--instance-id needs a value.") : v.Trim()),
        new("--threads", "Jobs this node runs at once (default 4).", false,
            (o, v) => o.MaxConcurrency = int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t > 0
                ? t
                : throw new ArgumentException($"--threads: '{v}' is not a positive whole number.")),
        new("--checkin-interval", "How often the node records it is alive (default 7500ms).", false, (o, v) => o.CheckinInterval = Duration("--checkin-interval", v)),
        new("--checkin-misfire-threshold", "How long past a missed check-in before other nodes recover its jobs (default 15s).", false,
            (o, v) => o.CheckinMisfireThreshold = Duration("--checkin-misfire-threshold", v)),
        new("--idle-wait", "How often an idle node looks for due triggers (default 5s; bounds how soon `jobs trigger` runs).", false,
            (o, v) => o.IdleWaitTime = Duration("--idle-wait", v)),
        new("--misfire-threshold", "How late a fire may be before its misfire policy applies (default 60s).", false,
            (o, v) => o.MisfireThreshold = Duration("--misfire-threshold", v)),
        new("--test-delay-before-delivery", "Test hook: holds each delivery open this long so a test can kill the node mid-job.", true,
            (o, v) => o.DelayBeforeDelivery = Duration("--test-delay-before-delivery", v)),
    ];

    /// <summary>The option named <paramref name="name"/>, or null.</summary>
    public static WorkerSwitch? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    private static TimeSpan Duration(string name, string text) =>
        DurationText.TryParse(text, out var d) && d > TimeSpan.Zero
            ? d
            : throw new ArgumentException($"{name}: '{text}' is not a duration (e.g. 500ms, 2s, 1m).");
}
