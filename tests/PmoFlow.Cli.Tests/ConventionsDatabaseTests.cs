using System.Text.Json;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests;

/// <summary><c>history</c> and <c>progress</c> in database mode: the same answers as on files, after an import into a real PostgreSQL.</summary>
public sealed class ConventionsDatabaseTests : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly DatabaseFixture _db;
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-cli-convdb-").FullName;

    public ConventionsDatabaseTests(DatabaseFixture db) => _db = db;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task HistoryAndProgress_FromTheDatabase_MatchTheFiles()
    {
        File.WriteAllText(Path.Combine(_dir, "pmoflow.yaml"), $"""
            database: "{_db.ConnectionString}"
            streams:
              - name: convdb
                timeZone: UTC
                sources: [convdb]
                stages:
                  - {"{"} name: Open, category: backlog, statuses: [Open] {"}"}
                  - {"{"} name: Doing, category: active, statuses: [In Progress] {"}"}
                  - {"{"} name: Done, category: done, statuses: [Done] {"}"}
            sources:
              - {"{"} name: convdb, kind: csv, events: events.csv {"}"}
            """);
        File.WriteAllText(Path.Combine(_dir, "events.csv"), """
            item_key,timestamp,from_status,to_status,item_type,title,parent
            K-1,2026-01-04T00:00:00Z,,Open,Story,one,EP
            K-1,2026-01-05T06:00:00Z,Open,In Progress,,,
            K-1,2026-01-06T18:00:00Z,In Progress,Done,,,
            K-2,2026-01-04T00:00:00Z,,Open,Story,two,EP

            """);
        var config = Path.Combine(_dir, "pmoflow.yaml");
        var import = await CliRunner.RunAsync("import", "csv", "--config", config);
        Assert.True(import.Code == 0, import.Stderr);

        var fromDb = await CliRunner.RunAsync("history", "--config", config, "--item", "K-1", "--as-of", "2026-01-10", "--format", "json");
        var fromFiles = await CliRunner.RunAsync("history", "--config", config, "--item", "K-1", "--as-of", "2026-01-10", "--format", "json",
            "--events", Path.Combine(_dir, "events.csv"));
        Assert.True(fromDb.Code == 0, fromDb.Stderr);
        Assert.Equal(fromFiles.Stdout, fromDb.Stdout);
        var stays = JsonDocument.Parse(fromDb.Stdout).RootElement.EnumerateArray().ToList();
        // Open 4 Jan 00:00 → 5 Jan 06:00 = 1.25 days; In Progress → 6 Jan 18:00 = 1.5 days.
        Assert.Equal([1.25, 1.5], stays.Take(2).Select(s => s.GetProperty("days").GetDouble()));

        var progress = await CliRunner.RunAsync("progress", "--config", config, "--as-of", "2026-01-10", "--format", "json");
        Assert.True(progress.Code == 0, progress.Stderr);
        var ep = JsonDocument.Parse(progress.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal(("EP", 2, 1, 1), (ep.GetProperty("parent").GetString(), ep.GetProperty("raised").GetInt32(),
            ep.GetProperty("backlog").GetInt32(), ep.GetProperty("done").GetInt32()));
        Assert.Equal("2026-01-06T18:00:00.000Z", ep.GetProperty("last_finished").GetString());
    }
}
