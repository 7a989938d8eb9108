using PmoFlow.Cli.Output;
using PmoFlow.Cli.Jobs;
using PmoFlow.Jobs.Jobs;
using PmoFlow.Jobs.Publishing;

namespace PmoFlow.Cli.Commands;

/// <summary>The tables <c>pmoflow jobs</c> prints (snake_case columns, as documented in docs/jobs.md).</summary>
internal static class JobsTables
{
    public static TableData Jobs(IReadOnlyList<JobListing> jobs) => new(
        "jobs",
        ["name", "kind", "target", "schedule", "misfire", "state", "next_fire_utc", "next_fire_local", "previous_fire_utc"],
        [.. jobs.Select(j => (IReadOnlyList<object?>)[j.Name, j.Kind, j.Target, j.Schedule, j.Misfire, j.State, j.NextFireUtc, Local(j.NextFireLocal), j.PreviousFireUtc])]);

    public static TableData Nodes(IReadOnlyList<ClusterNodeListing> nodes) => new(
        "nodes",
        ["instance_id", "last_checkin_utc", "state"],
        [.. nodes.Select(n => (IReadOnlyList<object?>)[n.InstanceId, n.LastCheckInUtc, n.State])]);

    public static TableData Triggered(TriggeredJob triggered, JobRunRecord? run) => new(
        "triggered",
        ["job", "period", "run_id", "instance_id", "status", "detail", "error"],
        [[triggered.Name, triggered.Period, run?.Id, run?.InstanceId, run?.Status ?? "queued", run?.Detail, run?.Error]]);

    public static TableData Runs(IReadOnlyList<JobRunRecord> runs) => new(
        "runs",
        ["id", "job", "kind", "target", "instance_id", "scheduled_fire_utc", "started_utc", "ended_utc", "recovering", "manual", "status", "detail", "error"],
        [.. runs.Select(r => (IReadOnlyList<object?>)[r.Id, r.Job, r.Kind, r.Target, r.InstanceId, r.ScheduledFireAt, r.StartedAt, r.EndedAt, r.Recovering, r.Manual, r.Status, r.Detail, r.Error])]);

    public static TableData InFlight(IReadOnlyList<InFlightFiring> firings) => new(
        "in_flight",
        ["job", "instance_id", "state", "fired_utc", "scheduled_fire_utc"],
        [.. firings.Select(f => (IReadOnlyList<object?>)[f.Job, f.InstanceId, f.State, f.FiredAtUtc, f.ScheduledFireUtc])]);

    public static TableData Deliveries(IReadOnlyList<DeliveryRecord> deliveries) => new(
        "outstanding_deliveries",
        ["stream", "period", "publisher", "kind", "status", "attempts", "last_error", "updated_utc"],
        [.. deliveries.Select(d => (IReadOnlyList<object?>)[d.Stream, d.Period.Key, d.Publisher, d.Kind, d.Status, d.Attempts, d.LastError, d.UpdatedAt])]);

    // The local time with its offset (Printer writes DateTimeOffset values in UTC).
    private static string? Local(DateTimeOffset? local) =>
        local?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
