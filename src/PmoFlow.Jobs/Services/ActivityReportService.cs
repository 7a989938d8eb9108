using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using PmoFlow.Jobs.Configuration;
using PmoFlow.Jobs.Periods;

namespace PmoFlow.Jobs.Services;

/// <summary>
/// The default report until the reporting engine is wired in: the period's activity (events recorded with an
/// instant in the period, distinct items they touched) and each snapshot metric's week-on-week change as of the
/// period's last local day. Holds no generation timestamp, so rebuilding a period gives the same bytes.
/// </summary>
public sealed class ActivityReportService(NpgsqlDataSource dataSource, MetricSnapshotStore snapshots) : IReportService
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    /// <inheritdoc />
    public async Task<RenderedReport> BuildAsync(StreamJobs stream, ReportPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(period);
        var (events, items) = await CountActivityAsync(stream, period, ct);
        var lastDay = LocalDays.DateOf(period.End.AddTicks(-1), stream.Zone);
        var deltas = await snapshots.WeekOnWeekAsync(stream.Name, lastDay, ct);

        var title = $"{stream.Name}: report for {period.Key}";
        var highlights = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{events} events on {items} items between {Local(period.Start, stream.Zone)} and {Local(period.End, stream.Zone)}"),
        };
        highlights.AddRange(deltas.Select(d => string.Create(CultureInfo.InvariantCulture,
            $"{d.Metric}: {d.Value:0.##}{(d.Change is { } c ? $" ({c:+0.##;-0.##;0} week on week)" : string.Empty)}")));

        var json = JsonSerializer.Serialize(
            new
            {
                stream = stream.Name,
                period = new { key = period.Key, start = period.Start, end = period.End, timeZone = stream.Zone.Id },
                activity = new { events, items },
                metrics = deltas.Select(d => new { metric = d.Metric, asOf = d.AsOf, value = d.Value, weekBefore = d.WeekBefore, change = d.Change }),
            },
            JsonOptions);
        var markdown = Markdown(title, highlights, deltas);
        return new RenderedReport(
            stream.Name,
            period,
            title,
            highlights,
            markdown,
            json,
            [
                new ReportFile("report.md", "text/markdown", Encoding.UTF8.GetBytes(markdown)),
                new ReportFile("report.json", "application/json", Encoding.UTF8.GetBytes(json)),
            ]);
    }

    private async Task<(long Events, long Items)> CountActivityAsync(StreamJobs stream, ReportPeriod period, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT count(*), count(DISTINCT (source, item_key))
            FROM events
            WHERE at >= $1 AND at < $2 AND ($3::text[] IS NULL OR source = ANY($3))
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.Start });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.End });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)StreamSources.Of(stream) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static string Markdown(string title, IReadOnlyList<string> highlights, IReadOnlyList<MetricDelta> deltas)
    {
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(title).AppendLine();
        foreach (var h in highlights)
        {
            sb.Append("- ").AppendLine(h);
        }

        if (deltas.Count > 0)
        {
            sb.AppendLine().AppendLine("| metric | as of | value | a week before | change |").AppendLine("| --- | --- | ---: | ---: | ---: |");
            foreach (var d in deltas)
            {
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {d.Metric} | {d.AsOf:yyyy-MM-dd} | {d.Value:0.##} | {(d.WeekBefore is { } w ? w.ToString("0.##", CultureInfo.InvariantCulture) : "–")} | {(d.Change is { } c ? c.ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture) : "–")} |"));
            }
        }

        return sb.ToString();
    }

    private static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
