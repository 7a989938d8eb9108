using Microsoft.Extensions.Logging;
using Npgsql;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;
using PmoFlow.Jobs.Services;

namespace PmoFlow.Jobs.Publishing;

/// <summary>The outcome of one (stream, period, publisher) in a publish run.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="PeriodKey">The period.</param>
/// <param name="Publisher">The publisher's name.</param>
/// <param name="Status"><c>delivered</c> (now), <c>already-delivered</c> (earlier, skipped), <c>failed</c> or <c>skipped</c> (no longer configured).</param>
/// <param name="Detail">The receipt or the failure's reason.</param>
public sealed record DeliveryOutcome(string Stream, string PeriodKey, string Publisher, string Status, string? Detail);

/// <summary>What a publish run did.</summary>
/// <param name="Period">The period the run was for.</param>
/// <param name="Outcomes">Every delivery it looked at, retries of earlier periods first.</param>
public sealed record PublishResult(PublishPeriod Period, IReadOnlyList<DeliveryOutcome> Outcomes)
{
    /// <summary>Deliveries made by this run.</summary>
    public int Delivered => Outcomes.Count(o => o.Status == "delivered");

    /// <summary>Deliveries that failed in this run (recorded; retried next run).</summary>
    public int Failed => Outcomes.Count(o => o.Status == "failed");

    /// <summary>A one-line summary.</summary>
    public string Summary => $"period {Period.Key}: {Delivered} delivered, {Outcomes.Count(o => o.Status == "already-delivered")} already delivered, {Failed} failed"
        + (Failed > 0 ? ": " + string.Join("; ", Outcomes.Where(o => o.Status == "failed").Select(o => $"{o.PeriodKey}/{o.Publisher}: {o.Detail}")) : string.Empty);
}

/// <summary>
/// Publishes a stream's report for a period to each of its publishers, once per (stream, period, publisher), and
/// first retries deliveries of earlier periods that failed or whose worker died.
/// </summary>
/// <remarks>
/// Each delivery: the ledger row is created (pending) if absent, then locked <c>FOR UPDATE</c> in a transaction; if
/// it is already delivered nothing happens; otherwise the publisher runs inside that transaction and the outcome
/// (delivered with a receipt, or failed with the reason) is written and committed with it. A second worker on the
/// same delivery waits for the lock and then finds it delivered. A worker that dies mid-delivery loses its
/// connection, PostgreSQL rolls its transaction back and releases the lock, and the row stays pending for the next
/// run (or the recovered job) to deliver. Thread-safe.
/// </remarks>
public sealed class PublishService(
    NpgsqlDataSource dataSource,
    IReportService reports,
    PublisherFactory publishers,
    DeliveryStore deliveries,
    PmoFlowSchedulerOptions options,
    ILogger<PublishService> logger)
{
    /// <summary>Retries the stream's outstanding deliveries of other periods, then delivers <paramref name="period"/>.</summary>
    public async Task<PublishResult> PublishAsync(StreamJobs stream, PublishPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(period);
        var outcomes = new List<DeliveryOutcome>();
        var owed = await deliveries.ListOutstandingAsync(stream.Name, ct);
        foreach (var group in owed.Where(o => o.Period.Key != period.Key).GroupBy(o => o.Period.Key))
        {
            var earlier = group.First().Period;
            outcomes.AddRange(await DeliverPeriodAsync(stream, earlier, [.. group.Select(o => o.Publisher)], ct));
        }

        outcomes.AddRange(await DeliverPeriodAsync(stream, period, [.. stream.Publishers.Select(p => p.Name)], ct));
        return new PublishResult(period, outcomes);
    }

    private async Task<List<DeliveryOutcome>> DeliverPeriodAsync(StreamJobs stream, PublishPeriod period, IReadOnlyList<string> names, CancellationToken ct)
    {
        var outcomes = new List<DeliveryOutcome>();
        RenderedReport? report = null;
        async Task<RenderedReport> Report() => report ??= await reports.BuildAsync(stream, period, ct);
        foreach (var name in names)
        {
            var config = stream.Publishers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (config is null)
            {
                outcomes.Add(new DeliveryOutcome(stream.Name, period.Key, name, "skipped", "publisher is no longer configured"));
                continue;
            }

            outcomes.Add(await DeliverOnceAsync(stream, period, config, Report, ct));
        }

        return outcomes;
    }

    private async Task<DeliveryOutcome> DeliverOnceAsync(
        StreamJobs stream, PublishPeriod period, PublisherConfig config, Func<Task<RenderedReport>> report, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await DeliveryStore.EnsureAsync(conn, stream.Name, period, config.Name, config.Kind, ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await DeliveryStore.LockAsync(conn, tx, stream.Name, period.Key, config.Name, ct);
        if (row.Status == DeliveryStatus.Delivered)
        {
            await tx.CommitAsync(ct);
            return new DeliveryOutcome(stream.Name, period.Key, config.Name, "already-delivered", row.Receipt);
        }

        var context = new DeliveryContext(conn, tx, row.DedupeKey, row.Attempts + 1);
        var savepoint = false;
        DeliveryOutcome outcome;
        try
        {
            var rendered = await report();
            if (options.DelayBeforeDelivery > TimeSpan.Zero)
            {
                // Test hook: widens the window in which a worker can be killed mid-delivery.
                await Task.Delay(options.DelayBeforeDelivery, ct);
            }

            // A failing publisher statement (database) aborts the transaction; the savepoint keeps the outcome writable.
            await tx.SaveAsync("publish", ct);
            savepoint = true;
            var receipt = await publishers.Create(config).PublishAsync(rendered, context, ct);
            await DeliveryStore.MarkDeliveredAsync(conn, tx, row, receipt, ct);
            outcome = new DeliveryOutcome(stream.Name, period.Key, config.Name, "delivered", receipt);
            logger.LogInformation("Delivered {Stream} {Period} to {Publisher}: {Receipt}", stream.Name, period.Key, config.Name, receipt);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            if (savepoint)
            {
                await tx.RollbackAsync("publish", ct);
            }

            var reason = ex is DeliveryFailedException ? ex.Message : $"{config.Kind} '{config.Name}': {ex.GetType().Name}: {ex.Message}";
            await DeliveryStore.MarkFailedAsync(conn, tx, row, reason, ct);
            outcome = new DeliveryOutcome(stream.Name, period.Key, config.Name, "failed", reason);
            logger.LogWarning("Delivery of {Stream} {Period} to {Publisher} failed (retried next run): {Reason}", stream.Name, period.Key, config.Name, reason);
        }

        await tx.CommitAsync(ct);
        return outcome;
    }
}
