using System.Diagnostics;

namespace PmoFlow.Storage.Embedded;

/// <summary>Runs one of the PostgreSQL programs (through <c>runuser</c> when a service user is set).</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(
        string program, IReadOnlyList<string> arguments, string? serviceUser, string workingDirectory, CancellationToken ct)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // The service user may not be able to read this process's current folder.
            WorkingDirectory = workingDirectory,
        };
        if (serviceUser is null)
        {
            start.FileName = program;
        }
        else
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", serviceUser, "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["LC_ALL"] = "C";
        // pg_ctl and initdb would otherwise connect to whatever these point at.
        start.Environment.Remove("PGDATA");
        start.Environment.Remove("PGHOST");
        start.Environment.Remove("PGPORT");

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // Leave no half-run initdb or pg_ctl behind; the server itself is a separate process.
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = (await stdout + await stderr).Trim();
        return new Result(process.ExitCode, output);
    }

    public static async Task<Result> RunCheckedAsync(
        string program, IReadOnlyList<string> arguments, string? serviceUser, string workingDirectory, CancellationToken ct)
    {
        var result = await RunAsync(program, arguments, serviceUser, workingDirectory, ct);
        if (result.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed with exit code {result.ExitCode}: {result.Output}");
        }

        return result;
    }
}
