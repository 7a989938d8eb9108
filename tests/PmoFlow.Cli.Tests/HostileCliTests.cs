using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests;

/// <summary>Issue 19's findings against the built CLI: a real <c>serve</c> child process, config files and CSV imports.</summary>
public sealed partial class HostileCliTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-hostile-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Dictionary<string, string> Env => new() { ["PMOFLOW_DATABASE"] = db.ConnectionString };

    [Fact]
    public async Task Serve_PutPortfolioOf100KBNestedBrackets_422AndTheProcessStillAnswersHealth()
    {
        var config = CliRunner.ApacheConfig("MJAR", _dir);
        using var serve = CliRunner.Start(_dir, Env, "serve", "--config", config, "--port", "0", "--no-scheduler");
        try
        {
            var url = await ServingUrlAsync(serve);
            using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };

            using var put = await client.PutAsync("/api/portfolio", new StringContent(new string('[', 100 * 1024), Encoding.UTF8, "application/yaml"));
            Assert.Equal((HttpStatusCode)422, put.StatusCode);
            Assert.Contains("limits.yaml.maxDepth", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            Assert.False(serve.HasExited, "serve ended");
            using var health = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);

            // Finding 4 on the real process: a rebound name gets nothing.
            using var rebind = new HttpRequestMessage(HttpMethod.Get, "/api/streams");
            rebind.Headers.Host = "rebind.attacker.example";
            Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(rebind)).StatusCode);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    private static async Task<string> ServingUrlAsync(Process serve)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await serve.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ServingLine().Match(line) is { Success: true } m)
            {
                return m.Groups[1].Value;
            }
        }

        throw new InvalidOperationException("serve ended before serving: " + await serve.StandardError.ReadToEndAsync());
    }

    [GeneratedRegex(@"PmoFlow is serving (http://[^ ]+) ")]
    private static partial Regex ServingLine();

    [Fact]
    public async Task Config_NestedBrackets_Exit2WithFileLine_NoStackTrace()
    {
        var config = Path.Combine(_dir, "pmoflow.yaml");
        File.WriteAllText(config, "streams:\n  - name: x\n    stages: " + new string('[', 50_000) + "\n");

        var (code, _, stderr) = await RunChildAsync("items", "--config", config);

        Assert.Equal(2, code);
        Assert.Equal($"pmoflow: {config}:3: (limits): lists and mappings are nested more than 64 deep (limits.yaml.maxDepth)", stderr.Trim());
    }

    [Fact]
    public async Task ImportCsv_NulByteAndRepeatedRows_QuarantinedOnceAcrossReReads_DuplicatesCounted()
    {
        var rows = new StringBuilder("item_key,timestamp,from_status,to_status,event,item_type,title\n");
        rows.Append("A,2025-01-01T10:00:00Z,,Open,created,story,first\n");
        rows.Append("B,2025-01-01T11:00:00Z,,Open,created,story,has\0nul\n");
        for (var i = 0; i < 20; i++)
        {
            rows.Append("C,2025-01-02T10:00:00Z,Open,Done,status,story,repeated\n"); // one event written 20 times
        }

        File.WriteAllText(Path.Combine(_dir, "events.csv"), rows.ToString());
        var config = Path.Combine(_dir, "pmoflow.yaml");
        File.WriteAllText(config, """
            streams:
              - name: s
                sources: [nul]
                stages:
                  - { name: Open, category: backlog, statuses: [Open] }
                  - { name: Done, category: done, statuses: [Done] }
            sources:
              - { name: nul, kind: csv, events: events.csv }
            """);

        var first = await RunChildAsync("import", "csv", "--config", config, "--format", "csv");
        var second = await RunChildAsync("import", "csv", "--config", config, "--format", "csv", "--full");

        Assert.True(first.Code == 0, first.Stderr);
        // source, events_read, new_events, duplicates_skipped, items_upserted, quarantined, ...
        var a = first.Stdout.Split('\n')[1].Split(',');
        Assert.Equal(("21", "2", "19", "1"), (a[1], a[2], a[3], a[5])); // A and C stored; C's 19 repeats counted
        Assert.Equal(0, second.Code);
        var b = second.Stdout.Split('\n')[1].Split(',');
        Assert.Equal(("21", "0", "21", "1"), (b[1], b[2], b[3], b[5]));
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var q = Assert.Single(await conn.QueryAsync<(string Location, string Reason)>("select location, reason from quarantine where source = 'nul'"));
        Assert.Equal("events.csv:3", q.Location);
        Assert.Contains("NUL", q.Reason, StringComparison.Ordinal);
        Assert.Equal(2L, await conn.ExecuteScalarAsync<long>("select count(*) from events where source = 'nul'"));
    }

    [Fact]
    public async Task AbandonedRun_ShownByImportAndDbStatus()
    {
        File.WriteAllText(Path.Combine(_dir, "events.csv"), "item_key,timestamp,to_status\nA,2025-01-01T10:00:00Z,Open\n");
        var config = Path.Combine(_dir, "pmoflow.yaml");
        File.WriteAllText(config, """
            streams:
              - name: s
                sources: [gone]
                stages:
                  - { name: Open, category: backlog, statuses: [Open] }
                  - { name: Done, category: done, statuses: [Done] }
            sources:
              - { name: gone, kind: csv, events: events.csv }
            """);
        long abandoned;
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            // A run whose process died: marked running, nobody holds its liveness lock.
            await conn.ExecuteAsync("insert into sources (name, kind) values ('gone', 'csv') on conflict do nothing");
            abandoned = await conn.ExecuteScalarAsync<long>("insert into ingest_runs (source) values ('gone') returning id");
        }

        var import = await RunChildAsync("import", "csv", "--config", config);
        var status = await RunChildAsync("db", "status", "--config", config);

        Assert.Equal(0, import.Code);
        Assert.Contains($"pmoflow: gone: run {abandoned} had been abandoned (the process running it ended before it completed) and is now marked failed", import.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, status.Code);
        Assert.Contains("gone: 1 abandoned, 0 running", status.Stdout, StringComparison.Ordinal);
    }

    private Task<(int Code, string Stdout, string Stderr)> RunChildAsync(params string[] args) => CliRunner.RunChildAsync(_dir, Env, args);
}
