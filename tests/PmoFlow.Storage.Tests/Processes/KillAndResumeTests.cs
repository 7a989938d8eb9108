using PmoFlow.Core.Events;
using System.Diagnostics;
using PmoFlow.Storage.Embedded;
using PmoFlow.Storage.Reading;
using PmoFlow.Testing;

namespace PmoFlow.Storage.Tests.Processes;

public sealed class KillAndResumeTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Import_ChildKilledMidwayThenRerun_EveryEventStoredExactlyOnce()
    {
        const string S = "killed";
        const int Total = 60_000;
        using (var child = ChildProcess.Start("import", db.ConnectionString, S, Total.ToString(), "2000"))
        {
            // Let a few batches commit, then SIGKILL: the process dies wherever it is, most likely inside a batch.
            for (var committed = 0; committed < 3;)
            {
                var line = await child.StandardOutput.ReadLineAsync()
                    ?? throw new InvalidOperationException("The importer ended early: " + await child.StandardError.ReadToEndAsync());
                committed += line.StartsWith("committed", StringComparison.Ordinal) ? 1 : 0;
            }

            child.Kill();
            await child.WaitForExitAsync();
        }

        var store = new EventStore(db.DataSource);
        var reader = new EventReader(db.DataSource);
        var cursorAfterKill = int.Parse(await store.GetCursorAsync(S, CancellationToken.None) ?? "0");
        // The cursor never runs ahead of the data, nor behind it: both moved in the same transactions.
        Assert.InRange(cursorAfterKill, 6000, Total - 1);
        Assert.Equal(cursorAfterKill, await reader.CountEventsAsync([S], CancellationToken.None));

        using (var rerun = ChildProcess.Start("import", db.ConnectionString, S, Total.ToString(), "2000"))
        {
            var output = await rerun.StandardOutput.ReadToEndAsync();
            await rerun.WaitForExitAsync();
            Assert.True(rerun.ExitCode == 0, output + await rerun.StandardError.ReadToEndAsync());
            Assert.EndsWith("finished", output.Trim(), StringComparison.Ordinal);
        }

        var events = await reader.ReadEventsAsync([S]).ToListAsync();
        Assert.Equal(Enumerable.Range(0, Total).Select(i => ChildProcess.Event(S, i)), events);
        Assert.Equal(Total.ToString(), await store.GetCursorAsync(S, CancellationToken.None));
        var runs = await new IngestStatusReader(db.DataSource).ReadRunsAsync(S, 10, CancellationToken.None);
        // The rerun found the killed run's liveness lock free and marked it failed (abandoned); the killed run's
        // counters hold exactly its committed batches.
        Assert.Equal([IngestOutcome.Succeeded, IngestOutcome.Failed], runs.Select(r => r.Outcome));
        Assert.Equal($"abandoned: the process running it ended before it completed (found by run {runs[0].Id})", runs[1].Error);
        Assert.NotNull(runs[1].EndedAt);
        Assert.Equal(Total, runs.Sum(r => r.EventsInserted));
        Assert.Equal(0, runs.Sum(r => r.Duplicates));
    }

    [Fact]
    public async Task Lease_HolderTerminatedOrKilled_ServerStopsThenStaleClientIsPruned()
    {
        var home = TestPostgres.NewThrowawayHome();
        var launcher = new PostgresLauncher(TestPostgres.ThrowawayOptions(home));
        try
        {
            // SIGTERM: .NET runs ProcessExit, which releases the lease and stops the server it started.
            using (var holder = await StartHolderAsync(home))
            {
                Assert.True(launcher.GetStatus().Running);
                using (var term = Process.Start("kill", ["-TERM", holder.Id.ToString()]))
                {
                    await term.WaitForExitAsync();
                }

                await holder.WaitForExitAsync();
            }

            Assert.False(launcher.GetStatus().Running);

            // SIGKILL: nothing runs in the child; the server stays up with a dead client until the next command leaves.
            using (var holder = await StartHolderAsync(home))
            {
                holder.Kill();
                await holder.WaitForExitAsync();
            }

            Assert.True(launcher.GetStatus().Running);
            Assert.Equal(0, launcher.GetStatus().LiveClients);
            await using (var lease = await launcher.AcquireAsync(CancellationToken.None))
            {
                Assert.False(lease.StartedServer);
            }

            Assert.False(launcher.GetStatus().Running);
        }
        finally
        {
            await TestPostgres.DestroyAsync(home);
        }
    }

    private static async Task<Process> StartHolderAsync(string home)
    {
        var holder = ChildProcess.Start("hold", home);
        // Drained in the background: reading it to the end here would wait for the holder to exit.
        holder.ErrorDataReceived += (_, _) => { };
        holder.BeginErrorReadLine();
        Assert.Equal("ready", await holder.StandardOutput.ReadLineAsync());
        return holder;
    }
}
