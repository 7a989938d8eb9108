using System.Diagnostics;

namespace PmoFlow.Cli.Tests.FirstHour;

/// <summary>Issue 13 item 12: stopping `serve` that started its own database is quiet and orderly.</summary>
public sealed class ServeShutdownTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-serve-stop-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A server socket that is still closing; the temp folder is cleaned up later.
        }
    }

    [Fact]
    public async Task Serve_OnItsOwnDatabase_StopsOnSigtermWithoutStackTraces_AndStopsTheDatabase()
    {
        var home = Path.Combine(_dir, "home");
        var config = Path.Combine(_dir, "pmoflow.yaml");
        File.WriteAllText(config, """
            streams:
              - name: team
                timeZone: UTC
                stages:
                  - { name: Open, category: backlog, statuses: [Open] }
                  - { name: Done, category: done, statuses: [Done] }
            sources:
              - { name: files, kind: csv, events: events.csv }
            """);
        File.WriteAllText(Path.Combine(_dir, "events.csv"), "item_key,timestamp,from_status,to_status\nA-1,2026-01-05T10:00:00Z,Open,Done\n");
        var env = new Dictionary<string, string> { ["PMOFLOW_HOME"] = home, ["PMOFLOW_DATABASE"] = string.Empty };

        using var serve = CliRunner.Start(_dir, env, "serve", "--config", config, "--port", "0");
        // Event-based reading: a pipe read cannot be cancelled, so a missing line must not hang the test.
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        serve.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
                if (line.Contains("PmoFlow is serving", StringComparison.Ordinal))
                {
                    serving.TrySetResult();
                }
            }
        };
        serve.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                errors.Enqueue(line);
            }
        };
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();
        var first = await Task.WhenAny(serving.Task, serve.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(3)));
        Assert.True(first == serving.Task, "serve did not start: " + string.Join('\n', output) + string.Join('\n', errors));

        using (var kill = Process.Start("kill", ["-TERM", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var exited = serve.WaitForExitAsync();
        Assert.True(await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(1))) == exited, "serve did not stop within a minute of SIGTERM");
        serve.WaitForExit(); // flushes the output events

        var all = string.Join('\n', output) + string.Join('\n', errors);
        Assert.Equal(0, serve.ExitCode);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Broken pipe", all, StringComparison.Ordinal);
        Assert.Contains("Running: no", await RunAsync(env, "db", "status"), StringComparison.Ordinal);
    }

    private async Task<string> RunAsync(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        using var child = CliRunner.Start(_dir, env, args);
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        return await stdout + await stderr;
    }
}
