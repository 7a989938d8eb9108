using Npgsql;
using PmoFlow.Core.Events;

namespace PmoFlow.Storage.Tests.Events;

/// <summary>Small builders and direct-SQL oracles for event store tests.</summary>
internal static class StoreTestData
{
    public static readonly DateTimeOffset T0 = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static FlowEvent Status(string source, string item, string key, int minutes, string from, string to) =>
        new(source, item, key, T0.AddMinutes(minutes), EventKind.Status, from, to);

    public static IngestBatch Batch(
        IReadOnlyList<FlowEvent> events,
        IReadOnlyList<WorkItem>? items = null,
        IReadOnlyList<QuarantineRecord>? quarantined = null,
        string? cursor = null) =>
        new(items ?? [], events, quarantined ?? [], cursor);

    public static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql, string source)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = source });
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<long> CountEventsAsync(NpgsqlDataSource dataSource, string source) =>
        ScalarAsync(dataSource, "SELECT count(*) FROM events WHERE source = $1", source);

    public static Task<long> CountItemsAsync(NpgsqlDataSource dataSource, string source) =>
        ScalarAsync(dataSource, "SELECT count(*) FROM work_items WHERE source = $1", source);

    public static Task<long> CountQuarantineAsync(NpgsqlDataSource dataSource, string source) =>
        ScalarAsync(dataSource, "SELECT count(*) FROM quarantine WHERE source = $1", source);

    /// <summary>A list that cancels a token when an element at or past <paramref name="cancelAt"/> is read.</summary>
    public sealed class CancellingList<T>(IReadOnlyList<T> inner, int cancelAt, CancellationTokenSource cts) : IReadOnlyList<T>
    {
        public T this[int index]
        {
            get
            {
                if (index >= cancelAt)
                {
                    cts.Cancel();
                }

                return inner[index];
            }
        }

        public int Count => inner.Count;

        public IEnumerator<T> GetEnumerator()
        {
            for (var i = 0; i < inner.Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
