using Dapper;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests;

/// <summary>`pmoflow import csv` end to end on a real PostgreSQL (the child-process tests set PMOFLOW_DATABASE).</summary>
public sealed class ImportCommandTests : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly DatabaseFixture _db;
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-cli-").FullName;

    public ImportCommandTests(DatabaseFixture db) => _db = db;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ImportCsv_OfbizTwice_StoresEveryEventOnceAndTheSecondRunAddsNothing()
    {
        var config = CliRunner.ApacheConfig("OFBIZ", _dir);
        var env = new Dictionary<string, string> { ["PMOFLOW_DATABASE"] = _db.ConnectionString };

        var first = await RunChildAsync(env, "import", "csv", "--config", config, "--format", "csv");
        var second = await RunChildAsync(env, "import", "csv", "--config", config, "--format", "csv", "--full");

        // The data README: 24,188 status changes of 12,470 issues.
        Assert.Equal(0, first.Code);
        var firstRow = first.Stdout.Split('\n')[1].Split(',');
        Assert.Equal("24188", firstRow[2]); // new_events
        Assert.Equal("0", firstRow[5]); // quarantined
        var secondRow = second.Stdout.Split('\n')[1].Split(',');
        Assert.Equal("24188", secondRow[1]); // events_read: the whole file again (--full)
        Assert.Equal("0", secondRow[2]); // new_events
        Assert.Equal("24188", secondRow[3]); // duplicates_skipped
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(24_188L, await conn.ExecuteScalarAsync<long>("select count(*) from events where source = 'ofbiz'"));
        Assert.Equal(12_470L, await conn.ExecuteScalarAsync<long>("select count(*) from work_items where source = 'ofbiz'"));
    }

    [Fact]
    public async Task ImportCsv_KilledPartWayThenRerun_StoresEveryEventExactlyOnce()
    {
        // A big generated file and small transactions, so the kill lands between commits.
        var gen = await CliRunner.RunAsync("sample", "generate", "--out", _dir, "--teams", "12", "--days", "800", "--seed", "11");
        Assert.Equal(0, gen.Code);
        var config = Path.Combine(_dir, "pmoflow.yaml");
        File.WriteAllText(config, File.ReadAllText(config).Replace("name: sample", "name: killed", StringComparison.Ordinal)
            .Replace("sources: [sample]", "sources: [killed]", StringComparison.Ordinal));
        var expected = File.ReadLines(Path.Combine(_dir, "events.csv")).Skip(1)
            .Select(l => l.Split(',')).Select(f => (f[0], f[5])).ToHashSet();
        Assert.True(expected.Count > 50_000, $"only {expected.Count} events generated");
        var env = new Dictionary<string, string> { ["PMOFLOW_DATABASE"] = _db.ConnectionString };

        using (var child = CliRunner.Start(_dir, env, "import", "csv", "--config", config, "--batch-size", "500"))
        {
            await using var conn = await _db.DataSource.OpenConnectionAsync();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            long stored;
            do
            {
                await Task.Delay(50);
                stored = await conn.ExecuteScalarAsync<long>("select count(*) from events where source = 'killed'");
            }
            while (stored < 2_000 && !child.HasExited && DateTime.UtcNow < deadline);

            Assert.False(child.HasExited, "the import finished before it could be killed; make the input bigger");
            child.Kill(entireProcessTree: true); // SIGKILL on Linux: no cleanup runs
            await child.WaitForExitAsync();
        }

        await using (var conn = await _db.DataSource.OpenConnectionAsync())
        {
            var partial = await conn.ExecuteScalarAsync<long>("select count(*) from events where source = 'killed'");
            Assert.InRange(partial, 2_000, expected.Count - 1);
            var runs = await conn.QuerySingleAsync<string>("select outcome from ingest_runs where source = 'killed' order by id desc limit 1");
            Assert.Equal("running", runs); // the killed run never completed
        }

        var rerun = await RunChildAsync(env, "import", "csv", "--config", config, "--batch-size", "5000", "--format", "csv");
        Assert.Equal(0, rerun.Code);

        await using (var conn = await _db.DataSource.OpenConnectionAsync())
        {
            var stored = (await conn.QueryAsync<(string, string)>("select item_key, event_key from events where source = 'killed'")).ToList();
            Assert.Equal(expected.Count, stored.Count);
            Assert.True(expected.SetEquals(stored), "stored events differ from the file's events");
        }
    }

    [Fact]
    public async Task ImportCsv_WrongHeader_ExitsWithBadInputAndWritesNothing()
    {
        var events = Path.Combine(_dir, "events.csv");
        File.WriteAllText(events, "key,when,status\nA-1,2024-01-01,Open\n");
        var config = Path.Combine(_dir, "pmoflow.yaml");
        File.WriteAllText(config, """
            streams:
              - name: s
                sources: [wrong]
                stages:
                  - { name: Open, category: backlog }
                  - { name: Done, category: done }
            sources:
              - { name: wrong, kind: csv, events: events.csv }
            """);
        var env = new Dictionary<string, string> { ["PMOFLOW_DATABASE"] = _db.ConnectionString };

        var result = await RunChildAsync(env, "import", "csv", "--config", config);

        Assert.Equal(3, result.Code);
        Assert.Contains("events.csv:1: the header lacks 'item_key', 'timestamp'", result.Stderr, StringComparison.Ordinal);
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>("select count(*) from ingest_runs where source = 'wrong'"));
    }

    [Fact]
    public async Task ImportCsv_MalformedRows_AreQuarantinedWithLocationAndReasonAndTheRestImported()
    {
        File.WriteAllText(Path.Combine(_dir, "events.csv"),
            "item_key,timestamp,from_status,to_status\nA-1,2024-01-01T10:00:00Z,Open,Done\nA-2,not-a-date,Open,Done\n,2024-01-01T10:00:00Z,Open,Done\n");
        var config = Path.Combine(_dir, "pmoflow.yaml");
        File.WriteAllText(config, """
            streams:
              - name: s
                sources: [q]
                stages:
                  - { name: Open, category: backlog }
                  - { name: Done, category: done }
            sources:
              - { name: q, kind: csv, events: events.csv }
            """);
        var env = new Dictionary<string, string> { ["PMOFLOW_DATABASE"] = _db.ConnectionString };

        var result = await RunChildAsync(env, "import", "csv", "--config", config, "--format", "json");

        Assert.Equal(0, result.Code);
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(string Location, string Reason)>("select location, reason from quarantine where source = 'q' order by location")).ToList();
        Assert.Equal(["events.csv:3", "events.csv:4"], rows.Select(r => r.Location));
        Assert.Contains("not-a-date", rows[0].Reason, StringComparison.Ordinal);
        Assert.Contains("item_key is empty", rows[1].Reason, StringComparison.Ordinal);
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("select count(*) from events where source = 'q'"));
    }

    private Task<(int Code, string Stdout, string Stderr)> RunChildAsync(IReadOnlyDictionary<string, string> env, params string[] args) =>
        CliRunner.RunChildAsync(_dir, env, args);
}
