using Npgsql;

namespace PmoFlow.Jobs.Jobs;

/// <summary>A job run's final state.</summary>
public static class JobRunStatus
{
    /// <summary>Started, not finished (or its worker died: see <see cref="Abandoned"/>).</summary>
    public const string Running = "running";

    /// <summary>Finished and did its work.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Finished with a failure (the error says why).</summary>
    public const string Failed = "failed";

    /// <summary>Stopped by a shutdown.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Its worker died mid-run; another worker recovered the job.</summary>
    public const string Abandoned = "abandoned";
}

/// <summary>One row of <c>job_runs</c>.</summary>
/// <param name="Id">Row id.</param>
/// <param name="Job">Job name, e.g. <c>publish.delivery</c>.</param>
/// <param name="Kind">ingest, snapshot, publish or forecast-check.</param>
/// <param name="Target">The stream or source.</param>
/// <param name="InstanceId">The worker that ran it.</param>
/// <param name="FireInstanceId">Quartz's id of the firing.</param>
/// <param name="ScheduledFireAt">The fire time it was scheduled for (the original one when recovering).</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Recovering">Whether this run recovered a run whose worker died.</param>
/// <param name="Manual">Whether it was triggered by hand.</param>
/// <param name="Status">running, succeeded, failed, cancelled or abandoned.</param>
/// <param name="Detail">What it did.</param>
/// <param name="Error">Why it failed.</param>
public sealed record JobRunRecord(
    long Id,
    string Job,
    string Kind,
    string Target,
    string InstanceId,
    string? FireInstanceId,
    DateTimeOffset? ScheduledFireAt,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    bool Recovering,
    bool Manual,
    string Status,
    string? Detail,
    string? Error);

/// <summary>The <c>job_runs</c> table: PmoFlow's own history of every job execution in the cluster.</summary>
public sealed class JobRunStore(NpgsqlDataSource dataSource)
{
    /// <summary>Records a run as started (committed at once, so a run whose worker dies stays visible).</summary>
    public async Task<long> StartAsync(JobFire fire, string instanceId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fire);
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO job_runs (job, kind, target, instance_id, fire_instance_id, scheduled_fire_at, recovering, manual)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            RETURNING id
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = fire.Job });
        cmd.Parameters.Add(new NpgsqlParameter { Value = fire.Kind });
        cmd.Parameters.Add(new NpgsqlParameter { Value = fire.Target });
        cmd.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)fire.FireInstanceId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = fire.ScheduledFireUtc });
        cmd.Parameters.Add(new NpgsqlParameter { Value = fire.Recovering });
        cmd.Parameters.Add(new NpgsqlParameter { Value = fire.Manual });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Records how a run ended.</summary>
    public async Task CompleteAsync(long id, string status, string? detail, string? error, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE job_runs SET status = $2, detail = $3, error = $4, ended_at = now() WHERE id = $1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = status });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)detail ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Marks the still-running rows of the same job and scheduled fire time, left by a worker that died, as
    /// abandoned (called by the recovering run). Returns how many.
    /// </summary>
    public async Task<int> AbandonAsync(JobFire fire, string recoveredBy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fire);
        await using var cmd = dataSource.CreateCommand("""
            UPDATE job_runs
            SET status = 'abandoned', ended_at = now(), error = 'the worker running it stopped; recovered by ' || $4
            WHERE job = $1 AND scheduled_fire_at = $2 AND status = 'running' AND fire_instance_id IS DISTINCT FROM $3
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = fire.Job });
        cmd.Parameters.Add(new NpgsqlParameter { Value = fire.ScheduledFireUtc });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)fire.FireInstanceId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = recoveredBy });
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The highest run id of <paramref name="job"/> so far (0 when it never ran): runs recorded later have higher ids.</summary>
    public async Task<long> LastIdAsync(string job, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM job_runs WHERE job = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = job });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Runs, newest first, optionally of one job.</summary>
    public async Task<IReadOnlyList<JobRunRecord>> ReadAsync(string? job, int limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT id, job, kind, target, instance_id, fire_instance_id, scheduled_fire_at, started_at, ended_at,
                   recovering, manual, status, detail, error
            FROM job_runs
            WHERE $1::text IS NULL OR job = $1
            ORDER BY started_at DESC, id DESC
            LIMIT $2
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)job ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        var list = new List<JobRunRecord>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new JobRunRecord(
                r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5),
                r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6),
                r.GetFieldValue<DateTimeOffset>(7),
                r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
                r.GetBoolean(9), r.GetBoolean(10), r.GetString(11),
                r.IsDBNull(12) ? null : r.GetString(12),
                r.IsDBNull(13) ? null : r.GetString(13)));
        }

        return list;
    }
}
