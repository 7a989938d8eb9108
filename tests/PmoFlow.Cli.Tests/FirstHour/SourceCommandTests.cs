using System.Text.Json;
using Dapper;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests.FirstHour;

/// <summary>Issue 13 item 10: `source list|remove`, `quarantine list`, and one file per source name (`--replace`).</summary>
public sealed class SourceCommandTests : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly DatabaseFixture _db;
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-cli-src-").FullName;

    public SourceCommandTests(DatabaseFixture db) => _db = db;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ImportingAnotherFileUnderTheSameName_AsksForReplace_ThenReplacesEverything()
    {
        var config = Config("merge", "a/events.csv");
        Write("a/events.csv", "A-1", "A-2", "A-3");
        Write("b/events.csv", "B-1", "B-2");

        var first = await CliRunner.RunAsync("import", "csv", "--config", config, "-f", "csv");
        var refused = await CliRunner.RunAsync("import", "csv", "--config", config, "--events", Path.Combine(_dir, "b/events.csv"), "-f", "csv");

        Assert.True(first.Code == 0, first.Stderr);
        Assert.Equal(2, refused.Code);
        Assert.Contains("source 'merge' already holds 6 events imported from " + Path.Combine(_dir, "a/events.csv"), refused.Stderr, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_dir, "b/events.csv") + " is another file", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--replace", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(["A-1", "A-2", "A-3"], await KeysAsync("merge"));

        var replaced = await CliRunner.RunAsync("import", "csv", "--config", config, "--events", Path.Combine(_dir, "b/events.csv"), "--replace", "-f", "csv");

        Assert.True(replaced.Code == 0, replaced.Stderr);
        Assert.Contains("Replaced source 'merge': deleted 6 events, 3 items", replaced.Stderr, StringComparison.Ordinal);
        Assert.Equal(["B-1", "B-2"], await KeysAsync("merge"));
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(2L, await conn.ExecuteScalarAsync<long>("select count(*) from work_items where source = 'merge'"));
    }

    [Fact]
    public async Task ReimportingTheSameFileAfterItGrew_IsNotAConflict()
    {
        var config = Config("grow", "events.csv");
        Write("events.csv", "G-1");
        var first = await CliRunner.RunAsync("import", "csv", "--config", config, "-f", "csv");
        Write("events.csv", "G-1", "G-2");

        var second = await CliRunner.RunAsync("import", "csv", "--config", config, "-f", "csv");

        Assert.True(first.Code == 0, first.Stderr);
        Assert.True(second.Code == 0, second.Stderr);
        Assert.Equal(["G-1", "G-2"], await KeysAsync("grow"));
    }

    [Fact]
    public async Task SourceListAndRemove_ShowAndDeleteASourcesData()
    {
        var config = Config("gone", "events.csv");
        Write("events.csv", "R-1", "R-2");
        File.AppendAllText(Path.Combine(_dir, "events.csv"), "R-3,not-a-time,Open,Doing,\n");
        Assert.Equal(0, (await CliRunner.RunAsync("import", "csv", "--config", config, "-f", "csv")).Code);

        var list = await CliRunner.RunAsync("source", "list", "--config", config, "-f", "json");
        var unconfirmed = await CliRunner.RunAsync("source", "remove", "gone", "--config", config);
        var afterUnconfirmed = await KeysAsync("gone");
        var removed = await CliRunner.RunAsync("source", "remove", "gone", "--yes", "--config", config);
        var again = await CliRunner.RunAsync("source", "remove", "gone", "--yes", "--config", config);

        Assert.True(list.Code == 0, list.Stderr);
        var row = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Single(r => r.GetProperty("source").GetString() == "gone");
        Assert.Equal(4, row.GetProperty("events").GetInt64());
        Assert.Equal(2, row.GetProperty("items").GetInt64());
        Assert.Equal(1, row.GetProperty("quarantined").GetInt64());
        Assert.Equal(Path.Combine(_dir, "events.csv"), row.GetProperty("origin").GetString());
        Assert.StartsWith("csv:v1:", row.GetProperty("cursor").GetString(), StringComparison.Ordinal);

        Assert.Equal(2, unconfirmed.Code);
        Assert.Contains("nothing deleted; pass --yes to delete source 'gone': 4 events, 2 items, 1 quarantined rows", unconfirmed.Stderr, StringComparison.Ordinal);
        Assert.Equal(["R-1", "R-2"], afterUnconfirmed);

        Assert.True(removed.Code == 0, removed.Stderr);
        Assert.Contains("Deleted source 'gone': 4 events, 2 items, 1 quarantined rows, 1 import runs.", removed.Stdout, StringComparison.Ordinal);
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        foreach (var sql in new[]
        {
            "select count(*) from events where source = 'gone'", "select count(*) from work_items where source = 'gone'",
            "select count(*) from quarantine where source = 'gone'", "select count(*) from ingest_runs where source = 'gone'",
            "select count(*) from sources where name = 'gone'",
        })
        {
            Assert.Equal(0L, await conn.ExecuteScalarAsync<long>(sql));
        }

        Assert.Equal(2, again.Code);
        Assert.Contains("no source 'gone' is stored", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuarantineList_ShowsLocationReasonAndRawRecord()
    {
        var config = Config("quar", "events.csv");
        Write("events.csv", "Q-1");
        File.AppendAllText(Path.Combine(_dir, "events.csv"), "Q-2,yesterday-ish,Open,Doing,\n,2026-01-05T10:00:00Z,Open,Doing,\n");
        Assert.Equal(0, (await CliRunner.RunAsync("import", "csv", "--config", config, "-f", "csv")).Code);

        var (code, stdout, stderr) = await CliRunner.RunAsync("quarantine", "list", "--source", "quar", "--config", config, "-f", "json");
        var limited = await CliRunner.RunAsync("quarantine", "list", "--source", "quar", "--config", config, "-f", "csv", "--limit", "1");

        Assert.True(code == 0, stderr);
        var rows = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("quar", r.GetProperty("source").GetString()));
        var bad = rows.Single(r => r.GetProperty("location").GetString()!.EndsWith("events.csv:4", StringComparison.Ordinal));
        Assert.Contains("Q-2,yesterday-ish", bad.GetProperty("raw").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(bad.GetProperty("reason").GetString()));
        Assert.Contains(rows, r => r.GetProperty("location").GetString()!.EndsWith("events.csv:5", StringComparison.Ordinal));
        Assert.Equal(2, limited.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header + 1 row
        Assert.Contains("Showing the newest 1 of 2 quarantined rows", limited.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Each item (with a title, so a work item is stored): Open → Doing on 5 Jan → Done on 7 Jan: two events per key.</summary>
    private void Write(string relative, params string[] keys)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "item_key,timestamp,from_status,to_status,title\n" + string.Concat(keys.Select(k =>
            $"{k},2026-01-05T10:00:00Z,Open,Doing,Item {k}\n{k},2026-01-07T10:00:00Z,Doing,Done,\n")));
    }

    private string Config(string source, string events)
    {
        var path = Path.Combine(_dir, source + ".yaml");
        File.WriteAllText(path, $"""
            database: "{_db.ConnectionString}"
            streams:
              - name: team
                timeZone: UTC
                sources: [{source}]
                stages:
                  - {"{"} name: Open, category: backlog, statuses: [Open] {"}"}
                  - {"{"} name: Doing, category: active, statuses: [Doing] {"}"}
                  - {"{"} name: Done, category: done, statuses: [Done] {"}"}
            sources:
              - {"{"} name: {source}, kind: csv, events: {events} {"}"}
            """);
        return path;
    }

    private async Task<List<string>> KeysAsync(string source)
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        return [.. await conn.QueryAsync<string>("select distinct item_key from events where source = @source order by item_key", new { source })];
    }
}
