using System.Text;
using PmoFlow.Streams.Configuration;
using PmoFlow.Ingestion.Pipeline;
using PmoFlow.Storage;
using PmoFlow.Testing;

namespace PmoFlow.Server.Tests.Support;

/// <summary>The streams the server tests serve, written as CSV files and imported into a real PostgreSQL.</summary>
internal static class ServerData
{
    /// <summary>"Now" for every server test: Monday 5 February 2024, 12:00 UTC (ISO week 2024-W06).</summary>
    public static readonly DateTimeOffset Now = new(2024, 2, 5, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Strings that must show as text wherever tracker text lands.</summary>
    public static readonly string[] Payloads =
    [
        "</script><script>window.__pwned=1</script>",
        "<img src=x onerror=\"window.__pwned=1\">",
        "<b id=\"pwned-b\">bold?</b> & <i>",
        "\"><svg onload=window.__pwned=1>",
        "{b} {a|rich} {@title}",
        "=HYPERLINK(\"http://evil.example\",\"x\")",
    ];

    /// <summary>
    /// The "shop" stream (UTC, SLE 5): weeks 2024-W04 and W05.
    /// A story: In Progress Jan 22 10:00, Done Jan 24 10:00 (3 days);
    /// B story: In Progress Jan 23 10:00, Review Jan 25 10:00, Done Jan 30 10:00 (8 days);
    /// C bug: In Progress Jan 29 09:00, Done Jan 29 17:00 (1 day);
    /// D story "Coupon codes": In Progress Jan 30 09:00, Done Feb 1 09:00 (3 days);
    /// E story: In Progress Jan 26 09:00, blocked Feb 2 12:00; F bug: still Open.
    /// </summary>
    public const string ShopEvents = """
        item_key,timestamp,from_status,to_status,event,item_type,title,value
        A,2024-01-22T09:00:00Z,,Open,created,story,Basket rounding,
        A,2024-01-22T10:00:00Z,Open,In Progress,status,story,Basket rounding,
        A,2024-01-24T10:00:00Z,In Progress,Done,status,story,Basket rounding,
        B,2024-01-23T09:00:00Z,,Open,created,story,Search speed,
        B,2024-01-23T10:00:00Z,Open,In Progress,status,story,Search speed,
        B,2024-01-25T10:00:00Z,In Progress,Review,status,story,Search speed,
        B,2024-01-30T10:00:00Z,Review,Done,status,story,Search speed,
        C,2024-01-29T08:00:00Z,,Open,created,bug,Typo on the button,
        C,2024-01-29T09:00:00Z,Open,In Progress,status,bug,Typo on the button,
        C,2024-01-29T17:00:00Z,In Progress,Done,status,bug,Typo on the button,
        D,2024-01-29T08:00:00Z,,Open,created,story,Coupon codes,
        D,2024-01-30T09:00:00Z,Open,In Progress,status,story,Coupon codes,
        D,2024-02-01T09:00:00Z,In Progress,Done,status,story,Coupon codes,
        E,2024-01-20T08:00:00Z,,Open,created,story,Payment provider,
        E,2024-01-26T09:00:00Z,Open,In Progress,status,story,Payment provider,
        E,2024-02-02T12:00:00Z,,,blocked,story,Payment provider,Waiting for vendor
        F,2024-01-31T08:00:00Z,,Open,created,bug,Gift cards,

        """;

    public static string Config(string dir, string connectionString) => $"""
        database: "{connectionString}"
        streams:
          - name: shop
            timeZone: UTC
            sle: 5
            sources: [shop]
            stages:
              - {"{"} name: Backlog, category: backlog, statuses: [Open] {"}"}
              - {"{"} name: Doing, category: active, statuses: [In Progress], wipLimit: 3 {"}"}
              - {"{"} name: Review, category: wait, statuses: [Review], wipLimit: 2 {"}"}
              - {"{"} name: Done, category: done, statuses: [Done] {"}"}
          - name: hostile
            timeZone: Europe/London
            sources: [hostile]
            stages:
              - {"{"} name: Backlog, category: backlog, statuses: [Open] {"}"}
              - {"{"} name: Doing, category: active, statuses: [In Progress], wipLimit: 3 {"}"}
              - {"{"} name: Review, category: wait, statuses: [Review], wipLimit: 2 {"}"}
              - {"{"} name: Done, category: done, statuses: [Done] {"}"}
          - name: mjar
            timeZone: UTC
            sources: [mjar]
            stages:
              - {"{"} name: Open, category: backlog, statuses: [Open] {"}"}
              - {"{"} name: In Progress, category: active, statuses: [In Progress, Reopened] {"}"}
              - {"{"} name: Patch Available, category: wait, statuses: [Patch Available] {"}"}
              - {"{"} name: Done, category: done, statuses: [Resolved, Closed] {"}"}
        sources:
          - name: shop
            kind: csv
            events: shop.csv
            timeZone: UTC
          - name: hostile
            kind: csv
            events: hostile.csv
            timeZone: UTC
          - name: mjar
            kind: csv
            events: {TestPaths.Data("apache-jira", "MJAR_status_events.csv")}
            items: {TestPaths.Data("apache-jira", "MJAR_issues.csv")}
            timeZone: UTC
            columns:
              events: {"{"} item_key: issue_key, timestamp: event_time {"}"}
              items: {"{"} key: issue_key, type: issuetype_name, title: summary {"}"}
        """;

    /// <summary>
    /// The "hostile" stream: one item per payload (title, type and blocked reason all hostile), each started and
    /// half of them done, so the payloads land on every chart, table and page.
    /// </summary>
    public static string HostileEvents()
    {
        var sb = new StringBuilder("item_key,timestamp,from_status,to_status,event,item_type,title,value\n");
        for (var i = 0; i < Payloads.Length; i++)
        {
            var key = $"H-{i}";
            var p = Payloads[i];
            var day = 22 + i;
            Row(sb, key, $"2024-01-{day:00}T08:00:00Z", string.Empty, "Open", "created", p, p, string.Empty);
            Row(sb, key, $"2024-01-{day:00}T09:00:00Z", "Open", "In Progress", "status", p, p, string.Empty);
            if (i % 2 == 0)
            {
                Row(sb, key, $"2024-02-0{1 + (i / 2)}T09:00:00Z", "In Progress", "Done", "status", p, p, string.Empty);
            }
            else
            {
                Row(sb, key, $"2024-02-0{1 + (i / 2)}T10:00:00Z", string.Empty, string.Empty, "blocked", p, p, p);
            }
        }

        return sb.ToString();
    }

    private static void Row(StringBuilder sb, params string[] fields) =>
        sb.Append(string.Join(",", fields.Select(f => f.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f))).Append('\n');

    /// <summary>Writes the files and the config into <paramref name="dir"/> and imports every source.</summary>
    public static async Task<PmoFlowConfig> ImportAsync(string dir, string connectionString, Npgsql.NpgsqlDataSource dataSource)
    {
        await File.WriteAllTextAsync(Path.Combine(dir, "shop.csv"), ShopEvents.Replace("\r\n", "\n", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(dir, "hostile.csv"), HostileEvents());
        var path = Path.Combine(dir, "pmoflow.yaml");
        await File.WriteAllTextAsync(path, Config(dir, connectionString));
        var config = ConfigLoader.Load(path);
        var store = new EventStore(dataSource);
        foreach (var source in config.Sources)
        {
            var batches = CsvSourceImporter.Read(source.Name, source.Csv!, TimeZoneInfo.Utc, null, full: true);
            var summary = await IngestPipeline.RunAsync(store, source.Name, "csv", IngestPipeline.AsAsync(batches), null, CancellationToken.None);
            if (summary.Quarantined > 0)
            {
                throw new InvalidOperationException($"{source.Name}: {summary.Quarantined} rows quarantined");
            }
        }

        return config;
    }
}
