using Npgsql;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Services;

namespace PmoFlow.Jobs.Publishing;

/// <summary>
/// Stores the report in the <c>reports</c> table (keyed by stream and period) through the delivery's own
/// transaction: the row and the ledger's "delivered" commit together or not at all.
/// </summary>
public sealed class DatabasePublisher(DatabasePublisherConfig config) : IReportPublisher
{
    /// <inheritdoc />
    public string Name => config.Name;

    /// <inheritdoc />
    public async Task<string> PublishAsync(RenderedReport report, DeliveryContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(context);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO reports (stream, period_key, period_start, period_end, title, markdown, json)
            VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
            ON CONFLICT (stream, period_key) DO NOTHING
            """, context.Connection, context.Transaction);
        cmd.Parameters.Add(new NpgsqlParameter { Value = report.Stream });
        cmd.Parameters.Add(new NpgsqlParameter { Value = report.Period.Key });
        cmd.Parameters.Add(new NpgsqlParameter { Value = report.Period.Start });
        cmd.Parameters.Add(new NpgsqlParameter { Value = report.Period.End });
        cmd.Parameters.Add(new NpgsqlParameter { Value = report.Title });
        cmd.Parameters.Add(new NpgsqlParameter { Value = report.Markdown });
        cmd.Parameters.Add(new NpgsqlParameter { Value = report.Json });
        var inserted = await cmd.ExecuteNonQueryAsync(ct);
        return inserted == 1 ? "stored in reports" : "already in reports";
    }
}
