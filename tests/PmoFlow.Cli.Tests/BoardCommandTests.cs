using System.Text.Json;

namespace PmoFlow.Cli.Tests;

/// <summary>
/// <c>pmoflow board</c> on files (no database), as of 2026-01-10 (UTC, inclusive day count):
/// A-1 In Progress Jan 5 → Done Jan 7 (cycle time 3, so P50 = P85 = 3);
/// A-2 bug, In Progress Jan 8 → age 3 (≤ P50: within-p50), 3 days in Doing;
/// A-3 story, In Progress Jan 2 → age 9 (beyond-p85), blocked Jan 9 12:00 "Vendor &lt;x&gt;" (1.5 days to Jan 10 23:59:59.9).
/// Doing (limit 1) holds 2: over the limit.
/// </summary>
public sealed class BoardCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-cli-board-").FullName;

    public BoardCommandTests()
    {
        File.WriteAllText(Path.Combine(_dir, "pmoflow.yaml"), """
            streams:
              - name: team
                timeZone: UTC
                sources: [files]
                stages:
                  - { name: Open, category: backlog, statuses: [Open] }
                  - { name: Doing, category: active, statuses: [In Progress], wipLimit: 1 }
                  - { name: Done, category: done, statuses: [Done] }
            sources:
              - { name: files, kind: csv, events: events.csv }
            """);
        File.WriteAllText(Path.Combine(_dir, "events.csv"), """
            item_key,timestamp,from_status,to_status,event,item_type,title,value
            A-1,2026-01-05T10:00:00Z,Open,In Progress,status,story,First,
            A-1,2026-01-07T10:00:00Z,In Progress,Done,status,story,First,
            A-2,2026-01-08T10:00:00Z,Open,In Progress,status,bug,Second <b>item</b>,
            A-3,2026-01-02T10:00:00Z,Open,In Progress,status,story,Third,
            A-3,2026-01-09T12:00:00Z,,,blocked,story,Third,Vendor <x>

            """);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var cwd = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(_dir);
        try
        {
            return await CliRunner.RunAsync([.. args, "--config", Path.Combine(_dir, "pmoflow.yaml")]);
        }
        finally
        {
            Directory.SetCurrentDirectory(cwd);
        }
    }

    [Fact]
    public async Task Board_OnFiles_PrintsColumnsAndCardsWithHandWorkedFigures()
    {
        var (code, stdout, stderr) = await Run("board", "--events", "events.csv", "--as-of", "2026-01-10", "--format", "json");

        Assert.True(code == 0, stderr);
        var doc = JsonDocument.Parse(stdout).RootElement;
        var columns = doc.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(["Open", "Doing", "Done"], columns.Select(c => c.GetProperty("stage").GetString()));
        Assert.Equal(2, columns[1].GetProperty("wip").GetInt32());
        Assert.Equal(1, columns[1].GetProperty("wip_limit").GetInt32());
        Assert.True(columns[1].GetProperty("over_limit").GetBoolean());
        var cards = doc.GetProperty("cards").EnumerateArray().ToList();
        Assert.Equal(["A-3", "A-2"], cards.Select(c => c.GetProperty("key").GetString())); // oldest start first; Done collapsed
        Assert.Equal(["beyond-p85", "within-p50"], cards.Select(c => c.GetProperty("band").GetString()));
        Assert.Equal([9.0, 3.0], cards.Select(c => c.GetProperty("age").GetDouble()));
        Assert.Equal([9.0, 3.0], cards.Select(c => c.GetProperty("days_in_stage").GetDouble()));
        Assert.True(cards[0].GetProperty("blocked").GetBoolean());
        Assert.Equal("Vendor <x>", cards[0].GetProperty("blocked_reason").GetString());
        Assert.Equal(1.5, cards[0].GetProperty("blocked_days").GetDouble());
    }

    [Fact]
    public async Task Board_FilterAndAll_NarrowAndListCollapsedColumns()
    {
        var (code, stdout, _) = await Run("board", "--events", "events.csv", "--as-of", "2026-01-10", "--format", "csv", "--type", "story", "--all");

        Assert.Equal(0, code);
        Assert.Contains("stage,key,type,title,age,band,days_in_stage,blocked,blocked_reason,blocked_days,url", stdout, StringComparison.Ordinal);
        Assert.Contains("Doing,A-3,story,Third", stdout, StringComparison.Ordinal);
        Assert.Contains("Done,A-1,story,First", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("A-2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Board_InitiativesWithFiles_IsAUsageError()
    {
        var (code, _, stderr) = await Run("board", "--events", "events.csv", "--initiatives");
        Assert.Equal(2, code);
        Assert.Contains("--initiatives", stderr, StringComparison.Ordinal);
    }
}
