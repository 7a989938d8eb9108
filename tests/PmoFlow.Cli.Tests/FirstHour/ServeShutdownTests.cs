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
        var env = new Dictionary<string, string> { ["PMOFLOW_HOME"] = home, ["PMOFLOW_DATABASE"] = string.Empty };

        using var serve = CliRunner.Start(_dir, env, "serve", "--config", config, "--port", "0");
        var stderr = serve.StandardError.ReadToEndAsync();
        var seen = new System.Text.StringBuilder();
        using (var started = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            string? line;
            do
            {
                line = await serve.StandardOutput.ReadLineAsync(started.Token);
                seen.AppendLine(line);
            }
            while (line is not null && !line.Contains("PmoFlow is serving", StringComparison.Ordinal));

            Assert.True(line is not null, "serve ended before it served: " + seen + await stderr);
        }

        // Keep draining stdout (scheduler log lines) so the child never blocks on a full pipe.
        var rest = serve.StandardOutput.ReadToEndAsync();

        using (var kill = Process.Start("kill", ["-TERM", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using (var stopped = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            await serve.WaitForExitAsync(stopped.Token);
        }

        var errors = await stderr + await rest;
        Assert.Equal(0, serve.ExitCode);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Broken pipe", errors, StringComparison.Ordinal);
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
