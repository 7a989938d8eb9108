using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests.Startup;

/// <summary>
/// A run loads only what its command uses: a file-mode <c>items</c> loads no ASP.NET, Quartz, Npgsql or database code
/// (checked in a real child process through a startup hook that lists the loaded assemblies).
/// </summary>
public sealed class StartupTests : IDisposable
{
    private static readonly string[] HeavyAssemblies =
        // PmoFlow.Storage itself is loaded since the application layer's StreamAnalyses takes a database opener
        // (a delegate type naming PmoFlowDatabase); nothing behind it is.
        ["Microsoft.AspNetCore", "Quartz", "Npgsql", "Dapper", "PmoFlow.Server", "PmoFlow.Jobs", "PmoFlow.Reporting", "OpenTelemetry"];

    private readonly string _dir = Directory.CreateTempSubdirectory("pmoflow-startup-").FullName;

    [Fact]
    public async Task File_mode_items_loads_no_web_scheduler_or_database_assembly()
    {
        var config = CliRunner.ApacheConfig("OFBIZ", _dir);
        var (code, stdout, stderr, loaded) = await RunWithHookAsync(
            "items", "--events", TestPaths.Data("apache-jira", "OFBIZ_status_events.csv"), "--items", TestPaths.Data("apache-jira", "OFBIZ_issues.csv"),
            "--config", config, "--as-of", "2022-01-01", "--format", "csv");

        Assert.True(code == 0, stderr);
        Assert.StartsWith("key,type,title,created,start,done,cycle_time,lead_time,time_to_value,flow_efficiency,blocked_days,rework_moves,state,age,p_done_7d,p_done_14d,p_done_30d\n", stdout, StringComparison.Ordinal);
        Assert.Contains("\nOFBIZ-1,Test,", stdout, StringComparison.Ordinal);
        Assert.Contains("PmoFlow.Core", loaded);
        Assert.Contains("PmoFlow.Ingestion", loaded);
        Assert.DoesNotContain(loaded, a => HeavyAssemblies.Any(h => a.StartsWith(h, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_hook_sees_what_a_command_does_load()
    {
        // The control: `worker --help` builds the worker command, whose switches come from the scheduler's assembly.
        var (code, stdout, _, loaded) = await RunWithHookAsync("worker", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--config", stdout, StringComparison.Ordinal);
        Assert.Contains("PmoFlow.Jobs", loaded);
    }

    [Fact]
    public async Task Root_help_still_lists_every_command()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var name in new[] { "demo", "init", "sample", "db", "import", "ingest", "portfolio", "kpi", "report", "serve", "worker", "jobs", "items", "metrics", "waste", "quality", "forecast" })
        {
            Assert.Matches($"(?m)^  {name}\\b", stdout);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Code, string Stdout, string Stderr, string[] Loaded)> RunWithHookAsync(params string[] args)
    {
        var list = Path.Combine(_dir, $"loaded-{Guid.NewGuid():N}.txt");
        var env = new Dictionary<string, string>
        {
            ["DOTNET_STARTUP_HOOKS"] = typeof(StartupTests).Assembly.Location,
            ["PMOFLOW_TEST_LOADED_ASSEMBLIES"] = list,
            ["PMOFLOW_HOME"] = Path.Combine(_dir, "home"),
        };
        using var process = CliRunner.Start(_dir, env, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr, File.ReadAllLines(list));
    }
}
