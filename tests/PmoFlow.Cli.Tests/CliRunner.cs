using System.Diagnostics;
using PmoFlow.Testing;

namespace PmoFlow.Cli.Tests;

/// <summary>Runs <c>pmoflow</c> in-process (fast) or as a real child process (for kill tests).</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built pmoflow.dll as a child process to its end (at most 3 minutes); its exit code and output.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunChildAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var child = Start(workingDirectory, environment, args);
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await child.WaitForExitAsync(timeout.Token);
        return (child.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the built CLI as a child process with its own environment.</summary>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "pmoflow.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment)
        {
            info.Environment[k] = v;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start pmoflow");
    }

    public static string ApacheConfig(string project, string dir)
    {
        var yaml = $"""
            streams:
              - name: {project.ToLowerInvariant()}
                timeZone: UTC
                sources: [{project.ToLowerInvariant()}]
                stages:
                  - {"{"} name: Open, category: backlog, statuses: [Open] {"}"}
                  - {"{"} name: In Progress, category: active, statuses: [In Progress, Reopened] {"}"}
                  - {"{"} name: Patch Available, category: wait, statuses: [Patch Available] {"}"}
                  - {"{"} name: Done, category: done, statuses: [Resolved, Closed] {"}"}
            sources:
              - name: {project.ToLowerInvariant()}
                kind: csv
                events: {TestPaths.Data("apache-jira", project + "_status_events.csv")}
                items: {TestPaths.Data("apache-jira", project + "_issues.csv")}
                timeZone: UTC
                columns:
                  events: {"{"} item_key: issue_key, timestamp: event_time {"}"}
                  items: {"{"} key: issue_key, type: issuetype_name, title: summary {"}"}
            """;
        var path = Path.Combine(dir, "pmoflow.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
